import { Injectable } from '@nestjs/common';
import { and, desc, eq, gte, inArray, lt, notInArray, sql, type SQL } from 'drizzle-orm';
import type pg from 'pg';
import type { Tx } from '../db/database.js';
import { jobSpecsSql } from '../jobs/job-queue.js';
import { notifications } from '../db/schema/index.js';
import type { NotificationStatus } from '../db/schema/enums.js';

export type NotificationRow = typeof notifications.$inferSelect;
export type NewNotificationRow = typeof notifications.$inferInsert;

export interface NotificationFilter {
  clinicId: string;
  appointmentId?: string;
  invoiceId?: string;
  patientId?: string;
  status?: NotificationStatus;
  /** Templates the caller may not see. */
  hiddenTemplates?: string[];
  /** When set, the only templates the caller may see. */
  onlyTemplates?: string[];
  /** Rows older than this id (UUIDv7: id order is creation order). */
  beforeId?: string;
}

/** A row a worker has just claimed for sending. */
export interface ClaimedNotification {
  id: string;
  type: 'email' | 'sms';
  template: string;
  locale: string;
  recipient: string;
  payload: Record<string, unknown>;
  attempts: number;
}

export interface SentNotification {
  id: string;
  sentAt: Date;
  channel: string;
  providerMessageId: string | null;
  subject: string | null;
  body: string | null;
}

export interface ClaimTimes {
  now: Date;
  /** Rows due at or before this instant may be claimed. */
  dueBy: Date;
  /** Another worker's 'sending' claim older than this may be taken over if that worker is dead... */
  deadBefore: Date;
  /** ...and one older than this in any case (the lease). */
  expiredBefore: Date;
}

/** A row as the insert returns it (PostgreSQL's names; timestamps parsed by pg). */
interface InsertedRow {
  clinic_id: string;
  id: string;
  type: 'email' | 'sms';
  channel: string;
  template: string;
  locale: string;
  recipient: string;
  payload: Record<string, unknown>;
  patient_id: string | null;
  appointment_id: string | null;
  invoice_id: string | null;
  idempotency_key: string;
  status: NotificationStatus;
  attempts: number;
  scheduled_for: Date | null;
  sent_at: Date | null;
  error: string | null;
  subject: string | null;
  body: string | null;
  claimed_by: string | null;
  claimed_at: Date | null;
  provider_message_id: string | null;
  created_at: Date;
  updated_at: Date;
}

const fromInsertedRow = (r: InsertedRow): NotificationRow => ({
  clinicId: r.clinic_id,
  id: r.id,
  type: r.type,
  channel: r.channel,
  template: r.template,
  locale: r.locale,
  recipient: r.recipient,
  payload: r.payload,
  patientId: r.patient_id,
  appointmentId: r.appointment_id,
  invoiceId: r.invoice_id,
  idempotencyKey: r.idempotency_key,
  status: r.status,
  attempts: r.attempts,
  scheduledFor: r.scheduled_for,
  sentAt: r.sent_at,
  error: r.error,
  subject: r.subject,
  body: r.body,
  claimedBy: r.claimed_by,
  claimedAt: r.claimed_at,
  providerMessageId: r.provider_message_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The notifications table's SQL. */
@Injectable()
export class NotificationsRepository {
  /**
   * New rows and the send jobs of the pending ones, in one round trip (a booking's reminders are most
   * of what it writes). A row whose idempotency key exists already is not inserted, not returned, and
   * gets no job. `jobsJson` comes from JobQueue.specsJson; each job's payload names its notification.
   */
  async insertWithJobs(tx: Tx, rows: NewNotificationRow[], jobsJson: string): Promise<NotificationRow[]> {
    if (rows.length === 0) return [];
    const json = JSON.stringify(
      rows.map((r) => ({
        clinic_id: r.clinicId,
        id: r.id,
        type: r.type,
        channel: r.channel,
        template: r.template,
        locale: r.locale,
        recipient: r.recipient,
        payload: r.payload,
        idempotency_key: r.idempotencyKey,
        status: r.status,
        error: r.error ?? null,
        scheduled_for: r.scheduledFor?.toISOString() ?? null,
        patient_id: r.patientId ?? null,
        appointment_id: r.appointmentId ?? null,
        invoice_id: r.invoiceId ?? null,
        created_at: r.createdAt?.toISOString(),
        updated_at: r.updatedAt?.toISOString(),
      })),
    );
    const { rows: inserted } = await tx.$client.query<InsertedRow>(
      `with inserted as (
         insert into notifications (clinic_id, id, type, channel, template, locale, recipient, payload, idempotency_key, status,
                                    error, scheduled_for, patient_id, appointment_id, invoice_id, created_at, updated_at)
         select clinic_id, id, type, channel, template, locale, recipient, payload, idempotency_key, status,
                error, scheduled_for, patient_id, appointment_id, invoice_id, created_at, updated_at
           from json_populate_recordset(null::notifications, $1::json)
         on conflict (clinic_id, idempotency_key) do nothing
         returning *),
       queued as (
         select count(*) as jobs from graphile_worker.add_jobs(
           ${jobSpecsSql('$2', "x.payload->>'notificationId' in (select id from inserted where status = 'pending')")}, false))
       select inserted.*, (select jobs from queued) as jobs from inserted`,
      [json, jobsJson],
    );
    return inserted.map(fromInsertedRow);
  }

  async find(tx: Tx, clinicId: string, id: string, options: { lock?: boolean } = {}): Promise<NotificationRow | undefined> {
    const query = tx
      .select()
      .from(notifications)
      .where(and(eq(notifications.clinicId, clinicId), eq(notifications.id, id)));
    const [row] = options.lock ? await query.for('update') : await query;
    return row;
  }

  createdSince(tx: Tx, clinicId: string, where: { appointmentId: string; template: string; since: Date }) {
    return tx
      .select({
        id: notifications.id,
        type: notifications.type,
        status: notifications.status,
        idempotencyKey: notifications.idempotencyKey,
      })
      .from(notifications)
      .where(
        and(
          eq(notifications.clinicId, clinicId),
          eq(notifications.appointmentId, where.appointmentId),
          eq(notifications.template, where.template),
          gte(notifications.createdAt, where.since),
        ),
      );
  }

  /** Newest first. */
  list(tx: Tx, filter: NotificationFilter, limit: number): Promise<NotificationRow[]> {
    const where: SQL[] = [eq(notifications.clinicId, filter.clinicId)];
    if (filter.appointmentId) where.push(eq(notifications.appointmentId, filter.appointmentId));
    if (filter.invoiceId) where.push(eq(notifications.invoiceId, filter.invoiceId));
    if (filter.patientId) where.push(eq(notifications.patientId, filter.patientId));
    if (filter.status) where.push(eq(notifications.status, filter.status));
    if (filter.hiddenTemplates?.length) where.push(notInArray(notifications.template, filter.hiddenTemplates));
    if (filter.onlyTemplates) where.push(inArray(notifications.template, filter.onlyTemplates));
    if (filter.beforeId) where.push(lt(notifications.id, filter.beforeId));
    return tx
      .select()
      .from(notifications)
      .where(and(...where))
      .orderBy(desc(notifications.id))
      .limit(limit);
  }

  /** Pending rows matching `where` become cancelled (or skipped) with a reason; returns their ids. */
  async closePending(
    tx: Tx,
    clinicId: string,
    where: { appointmentId?: string; patientId?: string; template?: string; type?: 'email' | 'sms'; recipient?: string },
    outcome: { status: 'cancelled' | 'skipped'; reason: string; at: Date },
  ): Promise<string[]> {
    const conditions: SQL[] = [eq(notifications.clinicId, clinicId), eq(notifications.status, 'pending')];
    if (where.appointmentId) conditions.push(eq(notifications.appointmentId, where.appointmentId));
    if (where.patientId) conditions.push(eq(notifications.patientId, where.patientId));
    if (where.template) conditions.push(eq(notifications.template, where.template));
    if (where.type) conditions.push(eq(notifications.type, where.type));
    if (where.recipient) conditions.push(eq(notifications.recipient, where.recipient));
    const rows = await tx
      .update(notifications)
      .set({ status: outcome.status, error: outcome.reason, updatedAt: outcome.at })
      .where(and(...conditions))
      .returning({ id: notifications.id });
    return rows.map((row) => row.id);
  }

  /** Pending rows of a patient on one channel get a new address or language. */
  async readdressPending(
    tx: Tx,
    clinicId: string,
    patientId: string,
    changes: { type: 'email' | 'sms'; recipient?: string; locale?: string; at: Date },
  ): Promise<void> {
    const set: Partial<NewNotificationRow> = { updatedAt: changes.at };
    if (changes.recipient !== undefined) set.recipient = changes.recipient;
    if (changes.locale !== undefined) set.locale = changes.locale;
    await tx
      .update(notifications)
      .set(set)
      .where(
        and(
          eq(notifications.clinicId, clinicId),
          eq(notifications.patientId, patientId),
          eq(notifications.type, changes.type),
          eq(notifications.status, 'pending'),
        ),
      );
  }

  async update(tx: Tx, clinicId: string, id: string, changes: Partial<NewNotificationRow>): Promise<NotificationRow> {
    const [row] = await tx
      .update(notifications)
      .set(changes)
      .where(and(eq(notifications.clinicId, clinicId), eq(notifications.id, id)))
      .returning();
    return row!;
  }

  /**
   * pending -> sending for the given rows that are due, in one round trip (notifications_claim,
   * migration 0014, sets the clinic itself): a row is ours if it is pending, or if another worker's
   * claim is old enough and that worker is provably dead (no liveness connection) or its lease has
   * expired. Runs in its own transaction, so the claim is committed before anything is sent.
   */
  async claim(pool: pg.Pool, clinicId: string, ids: string[], claimer: string, times: ClaimTimes): Promise<ClaimedNotification[]> {
    const result = await pool.query<{
      id: string;
      type: 'email' | 'sms';
      template: string;
      locale: string;
      recipient: string;
      payload: Record<string, unknown>;
      attempts: number;
    }>('select * from notifications_claim($1, $2, $3, $4, $5, $6, $7)', [
      clinicId,
      ids,
      claimer,
      times.now,
      times.dueBy,
      times.deadBefore,
      times.expiredBefore,
    ]);
    return result.rows;
  }

  /** Where the given rows stand (for the ones a claim did not take). */
  statusOf(tx: Tx, clinicId: string, ids: string[]) {
    return tx
      .select({ id: notifications.id, status: notifications.status, scheduledFor: notifications.scheduledFor })
      .from(notifications)
      .where(and(eq(notifications.clinicId, clinicId), inArray(notifications.id, ids)));
  }

  /** sending -> sent for rows this worker still holds: one round trip, its own transaction (notifications_mark_sent). */
  async markSent(pool: pg.Pool, clinicId: string, claimer: string, sent: SentNotification[]): Promise<void> {
    const rows = sent.map((s) => ({
      id: s.id,
      sent_at: s.sentAt.toISOString(),
      channel: s.channel,
      provider_message_id: s.providerMessageId,
      subject: s.subject,
      body: s.body,
    }));
    await pool.query('select notifications_mark_sent($1, $2, $3)', [clinicId, claimer, JSON.stringify(rows)]);
  }

  /** sending -> pending (to be retried), failed or skipped, if this worker still holds the row. */
  async release(
    tx: Tx,
    clinicId: string,
    id: string,
    claimer: string,
    outcome: { status: 'pending' | 'failed' | 'skipped'; error: string; at: Date; subject?: string | null; body?: string | null },
  ): Promise<void> {
    const set: Partial<NewNotificationRow> = { status: outcome.status, error: outcome.error, updatedAt: outcome.at };
    if (outcome.subject !== undefined) set.subject = outcome.subject;
    if (outcome.body !== undefined) set.body = outcome.body;
    await tx
      .update(notifications)
      .set(set)
      .where(
        and(
          eq(notifications.clinicId, clinicId),
          eq(notifications.id, id),
          eq(notifications.status, 'sending'),
          eq(notifications.claimedBy, claimer),
        ),
      );
  }

  /**
   * Rows that should have been sent by now but are not moving: pending and due before `dueBefore`, or
   * 'sending' under a lease older than `claimedBefore` whose worker is dead. Their jobs are added again.
   */
  async stuck(tx: Tx, clinicId: string, dueBefore: Date, claimedBefore: Date, limit: number): Promise<string[]> {
    const result = await tx.execute<{ id: string }>(sql`
      select id from notifications
       where clinic_id = ${clinicId}
         and ((status = 'pending' and scheduled_for < ${dueBefore})
              or (status = 'sending' and claimed_at < ${claimedBefore} and not worker_pool_alive(claimed_by)))
       order by scheduled_for
       limit ${limit}`);
    return result.rows.map((row) => row.id);
  }

  /** Forgets the text and payload of finished messages older than `before` (the record of the send stays). */
  async forgetContent(tx: Tx, clinicId: string, before: Date): Promise<number> {
    const result = await tx.execute(sql`
      update notifications set body = null, subject = null, payload = '{}'::jsonb
       where clinic_id = ${clinicId} and status in ('sent', 'failed', 'cancelled', 'skipped')
         and coalesce(sent_at, updated_at) < ${before} and (body is not null or payload <> '{}'::jsonb)`);
    return result.rowCount ?? 0;
  }
}
