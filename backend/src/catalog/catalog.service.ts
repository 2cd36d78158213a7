import { Injectable } from '@nestjs/common';
import { Database, type Tx } from '../db/database.js';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { ConflictError, NotFoundError, PgErrorCode, pgErrorOf, ValidationError } from '../common/errors.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { newId } from '../common/ids.js';
import { amountPrecisionError, formatAmount } from '../common/money.js';
import { AuditService } from '../audit/audit.service.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import { CatalogRepository, type ServiceRow } from './catalog.repository.js';
import type { CreateService, ListServicesQuery, ServiceView, UpdateService } from './catalog.schemas.js';

export interface BookableService {
  id: string;
  name: string;
  nameAr: string | null;
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
    private readonly repository: CatalogRepository,
    private readonly clinics: ClinicsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  list(actor: Actor, query: ListServicesQuery): Promise<{ items: ServiceView[]; nextCursor: string | null }> {
    const after = query.cursor ? toNameCursor(decodeCursor(query.cursor, 2)) : undefined;
    return this.database.transaction(actor, async (tx) => {
      const rows = await this.repository.list(tx, { clinicId: actor.clinicId, active: query.active, q: query.q, after }, query.limit + 1);
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return { items: page.map(toServiceView), nextCursor: rows.length > query.limit && last ? encodeCursor(last.name, last.id) : null };
    });
  }

  get(actor: Actor, serviceId: string): Promise<ServiceView> {
    return this.database.transaction(actor, async (tx) => toServiceView(await this.findRow(tx, actor.clinicId, serviceId)));
  }

  /** For other modules (billing): a service of the clinic, as the catalog shows it. */
  findById(clinicId: string, serviceId: string): Promise<ServiceView | undefined> {
    return this.database.withClinic(clinicId, async (tx) => {
      const row = await this.repository.find(tx, clinicId, serviceId);
      return row && toServiceView(row);
    });
  }

  async create(actor: Actor, input: CreateService): Promise<ServiceView> {
    return this.uniqueCode(() =>
      this.database.transaction(actor, async (tx) => {
        const currency = input.currency ?? (await this.clinics.profile(actor.clinicId)).currency;
        assertPrecision(input.price, currency);
        const now = this.clock.now();
        const row = await this.repository.insert(tx, {
          ...input,
          currency,
          clinicId: actor.clinicId,
          id: newId(),
          createdAt: now,
          updatedAt: now,
        });
        await this.audit.record(actor, { action: 'SERVICE_CREATED', entityType: 'service', entityId: row.id });
        return toServiceView(row);
      }),
    );
  }

  update(actor: Actor, serviceId: string, patch: UpdateService): Promise<ServiceView> {
    return this.uniqueCode(() =>
      this.database.transaction(actor, async (tx) => {
        const before = await this.findRow(tx, actor.clinicId, serviceId);
        assertPrecision(patch.price ?? before.price, patch.currency ?? before.currency);
        const after = await this.repository.update(tx, actor.clinicId, serviceId, { ...patch, updatedAt: this.clock.now() });
        const beforeView = toServiceView(before);
        const afterView = toServiceView(after);
        const changedFields = (Object.keys(patch) as (keyof UpdateService)[]).filter((f) => beforeView[f] !== afterView[f]);
        await this.audit.record(actor, {
          action: 'SERVICE_UPDATED',
          entityType: 'service',
          entityId: serviceId,
          metadata: { changedFields },
        });
        return afterView;
      }),
    );
  }

  /** Only a never-used service can be deleted; a used one is deactivated instead (409 says so). */
  async remove(actor: Actor, serviceId: string): Promise<void> {
    try {
      await this.database.transaction(actor, async (tx) => {
        await this.findRow(tx, actor.clinicId, serviceId);
        await this.repository.delete(tx, actor.clinicId, serviceId);
        await this.audit.record(actor, { action: 'SERVICE_DELETED', entityType: 'service', entityId: serviceId });
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
      const row = await this.repository.find(tx, clinicId, serviceId);
      return row && { id: row.id, name: row.name, nameAr: row.nameAr, durationMinutes: row.durationMinutes, active: row.active };
    });
  }

  private async findRow(tx: Tx, clinicId: string, serviceId: string): Promise<ServiceRow> {
    const row = await this.repository.find(tx, clinicId, serviceId);
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

const toNameCursor = ([name, id]: string[]) => ({ name: name!, id: id! });
