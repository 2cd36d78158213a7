import { Injectable } from '@nestjs/common';
import { and, asc, eq, gt, or, sql, type SQL } from 'drizzle-orm';
import { Database, type Tx } from '../db/database.js';
import { services } from '../db/schema/index.js';
import type { AuthUser, RequestMeta } from '../common/auth/auth-user.js';
import { ConflictError, NotFoundError, PgErrorCode, pgErrorOf, ValidationError } from '../common/errors.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { newId } from '../common/ids.js';
import { amountPrecisionError, formatAmount } from '../common/money.js';
import { AuditService } from '../audit/audit.service.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import type { CreateService, ListServicesQuery, ServiceView, UpdateService } from './catalog.schemas.js';

type ServiceRow = typeof services.$inferSelect;

export interface BookableService {
  id: string;
  durationMinutes: number;
  active: boolean;
}

function toServiceView(row: ServiceRow): ServiceView {
  return {
    id: row.id,
    name: row.name,
    nameAr: row.nameAr,
    code: row.code,
    price: formatAmount(row.price, row.currency),
    currency: row.currency,
    durationMinutes: row.durationMinutes,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The clinic's procedure catalog (the seed's Service). */
@Injectable()
export class CatalogService {
  constructor(
    private readonly database: Database,
    private readonly clinics: ClinicsService,
    private readonly audit: AuditService,
  ) {}

  list(actor: AuthUser, query: ListServicesQuery): Promise<{ items: ServiceView[]; nextCursor: string | null }> {
    return this.database.withClinic(actor.clinicId, async (tx) => {
      const filters: SQL[] = [eq(services.clinicId, actor.clinicId)];
      if (query.active !== undefined) filters.push(eq(services.active, query.active));
      if (query.q) {
        const term = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        filters.push(
          sql`(dental_fold(${services.name}) like dental_fold(${term}) or dental_fold(coalesce(${services.nameAr}, '')) like dental_fold(${term}) or ${services.code} ilike ${term})`,
        );
      }
      if (query.cursor) {
        const [name, id] = decodeCursor(query.cursor, 2) as [string, string];
        filters.push(or(gt(services.name, name), and(eq(services.name, name), gt(services.id, id)))!);
      }
      const rows = await tx
        .select()
        .from(services)
        .where(and(...filters))
        .orderBy(asc(services.name), asc(services.id))
        .limit(query.limit + 1);
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return { items: page.map(toServiceView), nextCursor: rows.length > query.limit && last ? encodeCursor(last.name, last.id) : null };
    });
  }

  get(actor: AuthUser, serviceId: string): Promise<ServiceView> {
    return this.database.withClinic(actor.clinicId, async (tx) => toServiceView(await this.findRow(tx, actor.clinicId, serviceId)));
  }

  async create(actor: AuthUser, input: CreateService, meta: RequestMeta): Promise<ServiceView> {
    const currency = input.currency ?? (await this.clinics.profile(actor.clinicId)).currency;
    assertPrecision(input.price, currency);
    return this.uniqueCode(() =>
      this.database.withClinic(actor.clinicId, async (tx) => {
        const [row] = await tx
          .insert(services)
          .values({ ...input, currency, clinicId: actor.clinicId, id: newId() })
          .returning();
        await this.audit.record(actor.clinicId, {
          userId: actor.userId,
          action: 'SERVICE_CREATED',
          entityType: 'service',
          entityId: row!.id,
          ip: meta.ip,
        });
        return toServiceView(row!);
      }),
    );
  }

  update(actor: AuthUser, serviceId: string, patch: UpdateService, meta: RequestMeta): Promise<ServiceView> {
    return this.uniqueCode(() =>
      this.database.withClinic(actor.clinicId, async (tx) => {
        const before = await this.findRow(tx, actor.clinicId, serviceId);
        assertPrecision(patch.price ?? before.price, patch.currency ?? before.currency);
        const [after] = await tx
          .update(services)
          .set({ ...patch, updatedAt: new Date() })
          .where(and(eq(services.clinicId, actor.clinicId), eq(services.id, serviceId)))
          .returning();
        const beforeView = toServiceView(before);
        const afterView = toServiceView(after!);
        const changedFields = (Object.keys(patch) as (keyof UpdateService)[]).filter((f) => beforeView[f] !== afterView[f]);
        await this.audit.record(actor.clinicId, {
          userId: actor.userId,
          action: 'SERVICE_UPDATED',
          entityType: 'service',
          entityId: serviceId,
          ip: meta.ip,
          metadata: { changedFields },
        });
        return afterView;
      }),
    );
  }

  /** Only a never-used service can be deleted; a used one is deactivated instead (409 says so). */
  async remove(actor: AuthUser, serviceId: string, meta: RequestMeta): Promise<void> {
    try {
      await this.database.withClinic(actor.clinicId, async (tx) => {
        await this.findRow(tx, actor.clinicId, serviceId);
        await tx.delete(services).where(and(eq(services.clinicId, actor.clinicId), eq(services.id, serviceId)));
        await this.audit.record(actor.clinicId, {
          userId: actor.userId,
          action: 'SERVICE_DELETED',
          entityType: 'service',
          entityId: serviceId,
          ip: meta.ip,
        });
      });
    } catch (error) {
      if (pgErrorOf(error)?.code === PgErrorCode.foreignKeyViolation) {
        throw new ConflictError(
          'service-in-use',
          'This service is used by appointments or invoices; deactivate it instead (active: false).',
        );
      }
      throw error;
    }
  }

  /** For booking: the service's duration and whether it can still be booked. */
  findBookable(clinicId: string, serviceId: string): Promise<BookableService | undefined> {
    return this.database.withClinic(clinicId, async (tx) => {
      const [row] = await tx
        .select({ id: services.id, durationMinutes: services.durationMinutes, active: services.active })
        .from(services)
        .where(and(eq(services.clinicId, clinicId), eq(services.id, serviceId)));
      return row;
    });
  }

  private async findRow(tx: Tx, clinicId: string, serviceId: string): Promise<ServiceRow> {
    const [row] = await tx
      .select()
      .from(services)
      .where(and(eq(services.clinicId, clinicId), eq(services.id, serviceId)));
    if (!row) throw new NotFoundError('Service');
    return row;
  }

  private async uniqueCode<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const pg = pgErrorOf(error);
      if (pg?.code === PgErrorCode.uniqueViolation && pg.constraint === 'services_code_key') {
        throw new ConflictError('service-code-taken', 'Another service already uses this code.');
      }
      throw error;
    }
  }
}

function assertPrecision(price: string, currency: string): void {
  const error = amountPrecisionError('price', price, currency);
  if (error) throw new ValidationError([error]);
}
