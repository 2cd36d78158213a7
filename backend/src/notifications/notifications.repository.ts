import { Injectable } from '@nestjs/common';
import { and, desc, eq, gte, inArray, lt, notInArray, sql, type SQL } from 'drizzle-orm';
import type pg from 'pg';
import type { Tx } from '../db/database.js';
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

/** The notifications table's SQL. */
@Injectable()
export class NotificationsRepository {
  /** New rows; a row whose idempotency key exists already is not inserted (and not returned). */
  insertMany(tx: Tx, rows: NewNotificationRow[]): Promise<NotificationRow[]> {
    if (rows.length === 0) return Promise.resolve([]);
    return tx
      .insert(notifications)
      .values(rows)
      .onConflictDoNothing({ target: [notifications.clinicId, notifications.idempotencyKey] })
      .returning();
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
