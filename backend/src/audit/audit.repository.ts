import { Injectable } from '@nestjs/common';
import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { Tx } from '../db/database.js';
import { auditLogs } from '../db/schema/index.js';

export type AuditRow = typeof auditLogs.$inferSelect;
export type NewAuditRow = typeof auditLogs.$inferInsert;

export interface AuditFilter {
  clinicId: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  userId?: string;
  from?: Date;
  to?: Date;
  /** Entries older than this id (ids are UUIDv7: id order is time order). */
  beforeId?: string;
}

/** The audit log's SQL. Append-only: the application role may insert and read, never change (migration 0001). */
@Injectable()
export class AuditRepository {
  async insert(tx: Tx, row: NewAuditRow): Promise<void> {
    await tx.insert(auditLogs).values(row);
  }

  /** Newest first. */
  list(tx: Tx, filter: AuditFilter, limit: number): Promise<AuditRow[]> {
    const where: SQL[] = [eq(auditLogs.clinicId, filter.clinicId)];
    if (filter.action) where.push(eq(auditLogs.action, filter.action));
    if (filter.entityType) where.push(eq(auditLogs.entityType, filter.entityType));
    if (filter.entityId) where.push(eq(auditLogs.entityId, filter.entityId));
    if (filter.userId) where.push(eq(auditLogs.userId, filter.userId));
    if (filter.from) where.push(gte(auditLogs.createdAt, filter.from));
    if (filter.to) where.push(lt(auditLogs.createdAt, filter.to));
    if (filter.beforeId) where.push(lt(auditLogs.id, filter.beforeId));
    return tx
      .select()
      .from(auditLogs)
      .where(and(...where))
      .orderBy(desc(auditLogs.id))
      .limit(limit);
  }
}
