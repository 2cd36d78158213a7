import { Injectable, Logger } from '@nestjs/common';
import { Database } from '../db/database.js';
import { type Actor, actingUserId } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { newId } from '../common/ids.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { AuditRepository, type AuditRow } from './audit.repository.js';
import type { AuditLogView, ListAuditLogsQuery } from './audit.schemas.js';

export type AuditAction =
  | 'CLINIC_CREATED'
  | 'CLINIC_UPDATED'
  | 'LOGIN_SUCCEEDED'
  | 'LOGIN_FAILED'
  | 'LOGOUT'
  | 'REFRESH_TOKEN_REUSED'
  | 'STAFF_INVITED'
  | 'STAFF_INVITE_RESENT'
  | 'STAFF_INVITE_REVOKED'
  | 'INVITE_ACCEPTED'
  | 'USER_ROLE_CHANGED'
  | 'USER_STATUS_CHANGED'
  | 'USER_UPDATED'
  | 'PATIENT_CREATED'
  | 'PATIENT_VIEWED'
  | 'PATIENT_UPDATED'
  | 'PATIENT_ARCHIVED'
  | 'PATIENT_MERGED'
  | 'SERVICE_CREATED'
  | 'SERVICE_UPDATED'
  | 'SERVICE_DELETED'
  | 'SCHEDULE_UPDATED'
  | 'SCHEDULE_OVERRIDDEN'
  | 'APPOINTMENT_CREATED'
  | 'APPOINTMENT_BACK_ENTERED'
  | 'APPOINTMENT_RESCHEDULED'
  | 'APPOINTMENT_CANCELLED'
  | 'APPOINTMENT_STATUS_CHANGED'
  | 'INVOICE_CREATED'
  | 'INVOICE_UPDATED'
  | 'INVOICE_DELETED'
  | 'INVOICE_ISSUED'
  | 'INVOICE_SENT'
  | 'INVOICE_OVERDUE'
  | 'PAYMENT_RECORDED'
  | 'PAYMENT_REFUNDED'
  | 'CREDIT_NOTE_ISSUED'
  | 'REMINDER_SENT_MANUALLY'
  | 'NOTIFICATION_RETRIED'
  | 'FILE_UPLOADED'
  | 'FILE_VIEWED'
  | 'FILE_DELETED'
  | 'FILE_PURGED';

export interface AuditEntry {
  action: AuditAction;
  entityType: string;
  entityId?: string | null;
  metadata?: Record<string, unknown>;
}

const toView = (row: AuditRow): AuditLogView => ({
  id: row.id,
  userId: row.userId,
  systemJob: row.systemJob,
  action: row.action,
  entityType: row.entityType,
  entityId: row.entityId,
  ipAddress: row.ipAddress,
  metadata: row.metadata,
  createdAt: row.createdAt.toISOString(),
});

/** Appends to the clinic's audit log, inside the caller's tenant transaction when there is one. */
@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(
    private readonly database: Database,
    private readonly repository: AuditRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Records after the response, for events with no change to commit alongside (a failed login):
   * awaiting the insert would make "known email" answers measurably slower than "unknown email" ones.
   */
  recordLater(actor: Actor, entry: AuditEntry): void {
    setImmediate(() => {
      this.record(actor, entry).catch((error: unknown) =>
        this.logger.error(`audit entry ${entry.action} lost: ${error instanceof Error ? error.message : String(error)}`),
      );
    });
  }

  /** Who acted (a staff member from where, or a system job) comes from the actor. */
  async record(actor: Actor, entry: AuditEntry): Promise<void> {
    await this.database.withClinic(actor.clinicId, (tx) =>
      this.repository.insert(tx, {
        clinicId: actor.clinicId,
        id: newId(),
        userId: actingUserId(actor),
        systemJob: actor.kind === 'system' ? actor.job : null,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId ?? null,
        ipAddress: actor.kind === 'user' ? (actor.request?.ip ?? null) : null,
        metadata: entry.metadata ?? null,
        createdAt: this.clock.now(),
      }),
    );
  }

  /** Newest first. Ids are UUIDv7, so id order is time order and the cursor is the last id. */
  list(actor: Actor, query: ListAuditLogsQuery): Promise<{ items: AuditLogView[]; nextCursor: string | null }> {
    return this.database.transaction(actor, async (tx) => {
      const rows = await this.repository.list(
        tx,
        {
          clinicId: actor.clinicId,
          action: query.action,
          entityType: query.entityType,
          entityId: query.entityId,
          userId: query.userId,
          from: query.from ? new Date(query.from) : undefined,
          to: query.to ? new Date(query.to) : undefined,
          beforeId: query.cursor ? decodeCursor(query.cursor)[0] : undefined,
        },
        query.limit + 1,
      );
      const page = rows.slice(0, query.limit);
      return { items: page.map(toView), nextCursor: rows.length > query.limit ? encodeCursor(page.at(-1)!.id) : null };
    });
  }
}
