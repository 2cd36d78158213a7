import { Inject, Injectable } from '@nestjs/common';
import { MANAGERS, MESSAGING } from '@dental/shared';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Database, type Tx } from '../db/database.js';
import { type Actor, actsAs } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { ConflictError, NotFoundError } from '../common/errors.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { newId } from '../common/ids.js';
import { AuditService } from '../audit/audit.service.js';
import { JobQueue } from '../jobs/job-queue.js';
import { DeliveryProviders } from './delivery/delivery-providers.js';
import { sendJob, sendJobKey } from './notification-jobs.js';
import { INVITE_TEMPLATE, INVOICE_TEMPLATE, REMINDER_TEMPLATE } from './notification-templates.js';
import { type NewNotificationRow, type NotificationRow, NotificationsRepository } from './notifications.repository.js';
import type { DeliveryChannels, ListNotificationsQuery, NotificationView } from './notifications.schemas.js';

/** A message to send, as another module describes it. */
export interface NotificationDraft {
  type: 'email' | 'sms';
  template: string;
  locale: 'en' | 'ar';
  recipient: string;
  /** What the template needs at send time. */
  payload: Record<string, unknown>;
  /** Names the logical message: scheduling the same key twice creates nothing new. */
  idempotencyKey: string;
  scheduledFor: Date;
  patientId?: string | null;
  appointmentId?: string | null;
  invoiceId?: string | null;
  /** Recorded as not sendable from the start (e.g. an SMS asked for in quiet hours), with the reason. */
  skipped?: string;
}

/** A patient's ways of being reached, after a change. */
export interface PatientContact {
  email: string | null;
  phone: string | null;
  remindersOptOut: boolean;
  /** The language their messages are written in (theirs, else the clinic's). */
  locale: 'en' | 'ar';
}

export function toNotificationView(row: NotificationRow): NotificationView {
  return {
    id: row.id,
    type: row.type,
    channel: row.channel,
    template: row.template,
    locale: row.locale,
    recipient: row.recipient,
    status: row.status,
    scheduledFor: row.scheduledFor?.toISOString() ?? null,
    sentAt: row.sentAt?.toISOString() ?? null,
    attempts: row.attempts,
    error: row.error,
    appointmentId: row.appointmentId,
    invoiceId: row.invoiceId,
    patientId: row.patientId,
    subject: row.subject,
    body: row.body,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * Every outgoing message is a notifications row first (pending, scheduled_for) and a job keyed by the
 * row, both in the transaction of the change that causes it; the worker sends it after commit
 * (NotificationDispatcher). This service creates, cancels and retries them and lists the log.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly database: Database,
    private readonly repository: NotificationsRepository,
    private readonly providers: DeliveryProviders,
    private readonly queue: JobQueue,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Creates the rows and their send jobs in the caller's transaction; returns the rows created. */
  schedule(clinicId: string, drafts: NotificationDraft[]): Promise<NotificationView[]> {
    return this.database.withClinic(clinicId, async (tx) => {
      const now = this.clock.now();
      const max = this.config.notifications.maxAttempts;
      const rows = drafts.map((draft): NewNotificationRow => ({
        clinicId,
        id: newId(),
        type: draft.type,
        channel: this.providers.nameOf(draft.type),
        template: draft.template,
        locale: draft.locale,
        recipient: draft.recipient,
        payload: draft.payload,
        idempotencyKey: draft.idempotencyKey,
        scheduledFor: draft.scheduledFor,
        patientId: draft.patientId ?? null,
        appointmentId: draft.appointmentId ?? null,
        invoiceId: draft.invoiceId ?? null,
        status: draft.skipped ? ('skipped' as const) : ('pending' as const),
        error: draft.skipped ?? null,
        createdAt: now,
        updatedAt: now,
      }));
      const pending = rows.filter((row) => row.status === 'pending');
      const jobs = this.queue.specsJson(pending.map((row) => sendJob(clinicId, row.id, row.scheduledFor ?? null, max)));
      const inserted = await this.repository.insertWithJobs(tx, rows, jobs);
      return inserted.map(toNotificationView);
    });
  }

  /** Pending messages about an appointment that no longer stands (moved, cancelled, no-show) are cancelled. */
  cancelForAppointment(clinicId: string, appointmentId: string, reason: string): Promise<void> {
    return this.close(clinicId, { appointmentId }, 'cancelled', reason);
  }

  /** A newer invite to this address replaces the older ones: their emails, if not sent yet, are cancelled. */
  cancelPendingInvites(clinicId: string, email: string): Promise<void> {
    return this.close(clinicId, { template: INVITE_TEMPLATE, recipient: email }, 'cancelled', 'A newer invitation replaced this one');
  }

  /** Reminders were turned off for the clinic: the pending ones are cancelled. */
  cancelPendingReminders(clinicId: string, reason: string): Promise<void> {
    return this.close(clinicId, { template: REMINDER_TEMPLATE }, 'cancelled', reason);
  }

  /**
   * A patient's contact details changed: pending messages follow the new address and language; with no
   * address left on a channel they are skipped, and an opt-out skips every pending reminder.
   */
  patientContactChanged(clinicId: string, patientId: string, contact: PatientContact): Promise<void> {
    return this.database.withClinic(clinicId, async (tx) => {
      if (contact.remindersOptOut) {
        await this.close(clinicId, { patientId, template: REMINDER_TEMPLATE }, 'skipped', 'The patient opted out of reminders');
      }
      const at = this.clock.now();
      for (const [type, address] of [
        ['email', contact.email],
        ['sms', contact.phone],
      ] as const) {
        if (address) {
          await this.repository.readdressPending(tx, clinicId, patientId, { type, recipient: address, locale: contact.locale, at });
        } else {
          const reason = type === 'email' ? 'The patient has no email address' : 'The patient has no mobile number';
          await this.close(clinicId, { patientId, type }, 'skipped', reason);
        }
      }
    });
  }

  /** Messages of one template about an appointment created since `since` (to refuse a double click). */
  recentForAppointment(clinicId: string, appointmentId: string, template: string, since: Date) {
    return this.database.withClinic(clinicId, (tx) => this.repository.createdSince(tx, clinicId, { appointmentId, template, since }));
  }

  list(actor: Actor, query: ListNotificationsQuery): Promise<{ items: NotificationView[]; nextCursor: string | null }> {
    return this.database.transaction(actor, async (tx) => {
      const rows = await this.repository.list(
        tx,
        {
          clinicId: actor.clinicId,
          appointmentId: query.appointmentId,
          invoiceId: query.invoiceId,
          patientId: query.patientId,
          status: query.status,
          hiddenTemplates: this.hiddenTemplates(actor),
          // Billing staff outside messaging (the Accountant) follow the invoices they email, nothing else.
          onlyTemplates: actsAs(actor, MESSAGING) ? undefined : [INVOICE_TEMPLATE],
          beforeId: query.cursor ? decodeCursor(query.cursor)[0] : undefined,
        },
        query.limit + 1,
      );
      const page = rows.slice(0, query.limit);
      return { items: page.map(toNotificationView), nextCursor: rows.length > query.limit ? encodeCursor(page.at(-1)!.id) : null };
    });
  }

  /** A failed message goes out again now (its attempts keep counting). */
  retry(actor: Actor, notificationId: string): Promise<NotificationView> {
    return this.database.transaction(actor, async (tx) => {
      const row = await this.findVisible(tx, actor, notificationId);
      if (row.status !== 'failed') {
        throw new ConflictError('not-retryable', `Only a failed message can be sent again; this one is ${row.status}.`, {
          currentStatus: row.status,
        });
      }
      const now = this.clock.now();
      const updated = await this.repository.update(tx, actor.clinicId, row.id, {
        status: 'pending',
        error: null,
        scheduledFor: now,
        claimedBy: null,
        claimedAt: null,
        updatedAt: now,
      });
      await this.queue.add(sendJob(actor.clinicId, row.id, null, this.config.notifications.maxAttempts));
      await this.audit.record(actor, {
        action: 'NOTIFICATION_RETRIED',
        entityType: 'notification',
        entityId: row.id,
        metadata: { template: row.template, type: row.type },
      });
      return toNotificationView(updated);
    });
  }

  /** Where each channel's messages go in this deployment. */
  channels(): DeliveryChannels {
    return { email: this.providers.nameOf('email'), sms: this.providers.nameOf('sms') };
  }

  private async close(
    clinicId: string,
    where: { appointmentId?: string; patientId?: string; template?: string; type?: 'email' | 'sms'; recipient?: string },
    status: 'cancelled' | 'skipped',
    reason: string,
  ): Promise<void> {
    await this.database.withClinic(clinicId, async (tx) => {
      const ids = await this.repository.closePending(tx, clinicId, where, { status, reason, at: this.clock.now() });
      await this.queue.remove(...ids.map(sendJobKey));
    });
  }

  private async findVisible(tx: Tx, actor: Actor, notificationId: string): Promise<NotificationRow> {
    const row = await this.repository.find(tx, actor.clinicId, notificationId, { lock: true });
    if (!row || this.hiddenTemplates(actor).includes(row.template)) throw new NotFoundError('Notification');
    return row;
  }

  /** Staff invitations concern staff management: only managers see them. */
  private hiddenTemplates(actor: Actor): string[] {
    return actsAs(actor, MANAGERS) ? [] : [INVITE_TEMPLATE];
  }
}
