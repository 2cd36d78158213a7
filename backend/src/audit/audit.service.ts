import { Injectable, Logger } from '@nestjs/common';
import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import { Database } from '../db/database.js';
import { auditLogs } from '../db/schema/index.js';
import { newId } from '../common/ids.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import type { ListAuditLogsQuery } from './audit.schemas.js';

export type AuditAction =
  | 'CLINIC_CREATED'
  | 'CLINIC_UPDATED'
  | 'LOGIN_SUCCEEDED'
  | 'LOGIN_FAILED'
  | 'LOGOUT'
  | 'REFRESH_TOKEN_REUSED'
  | 'STAFF_INVITED'
  | 'INVITE_ACCEPTED'
  | 'USER_ROLE_CHANGED'
  | 'USER_STATUS_CHANGED'
  | 'USER_UPDATED'
  | 'PATIENT_CREATED'
  | 'PATIENT_VIEWED'
  | 'PATIENT_UPDATED'
  | 'PATIENT_ARCHIVED'
  | 'SERVICE_CREATED'
  | 'SERVICE_UPDATED'
  | 'SERVICE_DELETED'
  | 'SCHEDULE_UPDATED'
  | 'SCHEDULE_OVERRIDDEN'
  | 'APPOINTMENT_CREATED'
  | 'APPOINTMENT_RESCHEDULED'
  | 'APPOINTMENT_CANCELLED'
  | 'APPOINTMENT_STATUS_CHANGED';

export interface AuditEntry {
  userId?: string | null;
  action: AuditAction;
  entityType: string;
  entityId?: string | null;
  ip?: string | null;
  metadata?: Record<string, unknown>;
}

/** Appends to the clinic's audit log, inside the caller's tenant transaction when there is one. */
@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(private readonly database: Database) {}

  /**
   * Records after the response, for events with no change to commit alongside (a failed login):
   * awaiting the insert would make "known email" answers measurably slower than "unknown email" ones.
   */
  recordLater(clinicId: string, entry: AuditEntry): void {
    setImmediate(() => {
      this.record(clinicId, entry).catch((error: unknown) =>
        this.logger.error(`audit entry ${entry.action} lost: ${error instanceof Error ? error.message : String(error)}`),
      );
    });
  }

  async record(clinicId: string, entry: AuditEntry): Promise<void> {
    await this.database.withClinic(clinicId, (tx) =>
      tx.insert(auditLogs).values({
        clinicId,
        id: newId(),
        userId: entry.userId ?? null,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId ?? null,
        ipAddress: entry.ip ?? null,
        metadata: entry.metadata ?? null,
      }),
    );
  }

  /** Newest first. Ids are UUIDv7, so id order is time order and the cursor is the last id. */
  list(actor: AuthUser, query: ListAuditLogsQuery) {
    const filters: SQL[] = [eq(auditLogs.clinicId, actor.clinicId)];
    if (query.action) filters.push(eq(auditLogs.action, query.action));
    if (query.entityType) filters.push(eq(auditLogs.entityType, query.entityType));
    if (query.entityId) filters.push(eq(auditLogs.entityId, query.entityId));
    if (query.userId) filters.push(eq(auditLogs.userId, query.userId));
    if (query.from) filters.push(gte(auditLogs.createdAt, new Date(query.from)));
    if (query.to) filters.push(lt(auditLogs.createdAt, new Date(query.to)));
    if (query.cursor) filters.push(lt(auditLogs.id, decodeCursor(query.cursor)[0]!));
    return this.database.withClinic(actor.clinicId, async (tx) => {
      const rows = await tx
        .select()
        .from(auditLogs)
        .where(and(...filters))
        .orderBy(desc(auditLogs.id))
        .limit(query.limit + 1);
      const page = rows.slice(0, query.limit);
      return {
        items: page.map((row) => ({
          id: row.id,
          userId: row.userId,
          action: row.action,
          entityType: row.entityType,
          entityId: row.entityId,
          ipAddress: row.ipAddress,
          metadata: row.metadata,
          createdAt: row.createdAt.toISOString(),
        })),
        nextCursor: rows.length > query.limit ? encodeCursor(page.at(-1)!.id) : null,
      };
    });
  }
}
