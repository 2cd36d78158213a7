import { Injectable, Logger } from '@nestjs/common';
import { Database } from '../db/database.js';
import { auditLogs } from '../db/schema/index.js';
import { newId } from '../common/ids.js';

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
}
