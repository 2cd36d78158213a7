import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { eq } from 'drizzle-orm';
import { Database } from '../db/database.js';
import { clinics } from '../db/schema/index.js';
import type { AuthUser, RequestMeta } from '../common/auth/auth-user.js';
import { NotFoundError } from '../common/errors.js';
import { AuditService } from '../audit/audit.service.js';
import type { ClinicView, UpdateClinic } from './clinics.schemas.js';

type ClinicRow = typeof clinics.$inferSelect;

export interface NewClinic {
  id: string;
  name: string;
  timezone?: string;
  locale?: 'en' | 'ar';
}

function toClinicView(row: ClinicRow): ClinicView {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    timezone: row.timezone,
    locale: row.locale === 'ar' ? 'ar' : 'en',
    currency: row.currency,
    vatNumber: row.vatNumber,
    ownerId: row.ownerId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A readable, unique slug: the name's ASCII letters plus a random suffix. */
function slugFor(name: string): string {
  const base = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${base || 'clinic'}-${randomBytes(4).toString('hex')}`;
}

@Injectable()
export class ClinicsService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
  ) {}

  /** Creates the tenant row; runs inside the signup's transaction for the new clinic. */
  create(clinic: NewClinic): Promise<ClinicView> {
    return this.database.withClinic(clinic.id, async (tx) => {
      const [row] = await tx.insert(clinics).values({ ...clinic, slug: slugFor(clinic.name) }).returning();
      return toClinicView(row!);
    });
  }

  setOwner(clinicId: string, ownerId: string): Promise<void> {
    return this.database.withClinic(clinicId, async (tx) => {
      await tx.update(clinics).set({ ownerId }).where(eq(clinics.id, clinicId));
    });
  }

  get(actor: AuthUser): Promise<ClinicView> {
    return this.database.withClinic(actor.clinicId, async (tx) => {
      const [row] = await tx.select().from(clinics).where(eq(clinics.id, actor.clinicId));
      if (!row) throw new NotFoundError('Clinic');
      return toClinicView(row);
    });
  }

  update(actor: AuthUser, patch: UpdateClinic, meta: RequestMeta): Promise<ClinicView> {
    return this.database.withClinic(actor.clinicId, async (tx) => {
      const [before] = await tx.select().from(clinics).where(eq(clinics.id, actor.clinicId)).for('update');
      if (!before) throw new NotFoundError('Clinic');
      const [after] = await tx
        .update(clinics)
        .set({ ...patch, updatedAt: new Date() })
        .where(eq(clinics.id, actor.clinicId))
        .returning();
      const changedFields = (Object.keys(patch) as (keyof UpdateClinic)[]).filter((f) => before[f] !== after![f]);
      await this.audit.record(actor.clinicId, {
        userId: actor.userId,
        action: 'CLINIC_UPDATED',
        entityType: 'clinic',
        entityId: actor.clinicId,
        ip: meta.ip,
        metadata: { changedFields },
      });
      return toClinicView(after!);
    });
  }
}
