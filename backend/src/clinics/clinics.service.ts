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

const DEFAULT_SLOT_MINUTES = 15;

function slotMinutesOf(settings: Record<string, unknown>): number {
  const value = settings.slotMinutes;
  return typeof value === 'number' && Number.isInteger(value) && value >= 5 && value <= 120 ? value : DEFAULT_SLOT_MINUTES;
}

function roomsOf(settings: Record<string, unknown>): string[] {
  const value = settings.rooms;
  return Array.isArray(value) ? value.filter((room): room is string => typeof room === 'string') : [];
}

function toClinicView(row: ClinicRow): ClinicView {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    timezone: row.timezone,
    locale: row.locale === 'ar' ? 'ar' : 'en',
    currency: row.currency,
    country: row.country,
    vatNumber: row.vatNumber,
    ownerId: row.ownerId,
    slotMinutes: slotMinutesOf(row.settings),
    rooms: roomsOf(row.settings),
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
      const [row] = await tx
        .insert(clinics)
        .values({ ...clinic, slug: slugFor(clinic.name) })
        .returning();
      return toClinicView(row!);
    });
  }

  setOwner(clinicId: string, ownerId: string): Promise<void> {
    return this.database.withClinic(clinicId, async (tx) => {
      await tx.update(clinics).set({ ownerId }).where(eq(clinics.id, clinicId));
    });
  }

  get(actor: AuthUser): Promise<ClinicView> {
    return this.profile(actor.clinicId);
  }

  /** The clinic's settings other modules work with (time zone, country, currency, slot size). */
  profile(clinicId: string): Promise<ClinicView> {
    return this.database.withClinic(clinicId, async (tx) => {
      const [row] = await tx.select().from(clinics).where(eq(clinics.id, clinicId));
      if (!row) throw new NotFoundError('Clinic');
      return toClinicView(row);
    });
  }

  update(actor: AuthUser, patch: UpdateClinic, meta: RequestMeta): Promise<ClinicView> {
    return this.database.withClinic(actor.clinicId, async (tx) => {
      const [before] = await tx.select().from(clinics).where(eq(clinics.id, actor.clinicId)).for('update');
      if (!before) throw new NotFoundError('Clinic');
      const { slotMinutes, rooms, ...columns } = patch;
      const settings = {
        ...before.settings,
        ...(slotMinutes === undefined ? {} : { slotMinutes }),
        ...(rooms === undefined ? {} : { rooms }),
      };
      const [after] = await tx
        .update(clinics)
        .set({ ...columns, settings, updatedAt: new Date() })
        .where(eq(clinics.id, actor.clinicId))
        .returning();
      const beforeView = toClinicView(before);
      const afterView = toClinicView(after!);
      const changedFields = (Object.keys(patch) as (keyof UpdateClinic)[]).filter(
        (f) => JSON.stringify(beforeView[f]) !== JSON.stringify(afterView[f]),
      );
      await this.audit.record(actor.clinicId, {
        userId: actor.userId,
        action: 'CLINIC_UPDATED',
        entityType: 'clinic',
        entityId: actor.clinicId,
        ip: meta.ip,
        metadata: { changedFields },
      });
      return afterView;
    });
  }
}
