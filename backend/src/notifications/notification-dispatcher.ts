import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Database } from '../db/database.js';
import { Clock } from '../common/clock.js';
import { MicroBatcher } from '../common/micro-batcher.js';
import { JobQueue } from '../jobs/job-queue.js';
import { type JobContext, JobRegistry } from '../jobs/job-registry.js';
import { DeliveryProviders } from './delivery/delivery-providers.js';
import { DeliveryError, describeError } from './delivery/delivery.js';
import { MessageRenderers, type RenderOutcome } from './message-renderers.js';
import { type ClaimedNotification, NotificationsRepository, type SentNotification } from './notifications.repository.js';
import { SEND_NOTIFICATION_TASK, sendJob } from './notification-jobs.js';

/**
 * Another worker's 'sending' claim may be taken over once that worker is dead (no liveness connection)
 * and the claim is older than WORKER_REAP_AFTER_MS (a new worker's first moments, before its liveness
 * connection carries its name), or once it is older than this lease in any case: far longer than a
 * send may take (60 s deadline).
 */
const LEASE_MS = 10 * 60_000;
/** Batches of each kind (claim, mark) in flight per clinic: while one commits (a disk flush), the next gathers and goes. */
const BATCH_LANES = 4;
/** A job that fires this much before its row is due (clocks that differ slightly) still sends. */
const EARLY_TOLERANCE_MS = 2_000;

type ClaimResult =
  | { kind: 'claimed'; row: ClaimedNotification }
  /** sent, failed, cancelled, skipped or gone: nothing to do. */
  | { kind: 'finished' }
  /** Held by a live worker: try again later. */
  | { kind: 'busy' }
  /** Not due yet by the clock: the job comes back at the right time. */
  | { kind: 'early'; scheduledFor: Date };

interface BatchKey {
  clinicId: string;
  claimer: string;
}

/**
 * The worker side of notifications: the `send_notification` job. For each notification it
 *  1. claims the row (pending -> sending, the claim committed before anything leaves),
 *  2. renders and hands the message to the provider (SMTP, Twilio, Unifonic, log or the outbox),
 *  3. marks it sent (sending -> sent) — or returns it to pending with the error (retried with
 *     backoff by the job), or fails it (a permanent refusal, or the last attempt).
 * A worker killed between 1 and 3 leaves the row 'sending' under its claim; the claim may be taken
 * over only when that worker is provably dead (no liveness connection) or its lease has expired, and
 * the message is then sent again with the same Message-ID. Delivery is therefore at least once; a
 * duplicate needs a crash between the provider's acceptance and the commit of step 3.
 *
 * Claims and marks of many concurrent jobs of one clinic share a transaction (MicroBatcher), which is
 * what lets one worker send hundreds of messages a second.
 */
@Injectable()
export class NotificationDispatcher implements OnModuleInit {
  private readonly logger = new Logger('Notifications');
  private readonly claims: MicroBatcher<string, { key: BatchKey; id: string }, ClaimResult>;
  private readonly marks: MicroBatcher<string, { key: BatchKey; sent: SentNotification }, void>;
  /** Accepted by the provider but not yet marked sent (the database failed): the next run marks, never resends. */
  private readonly unmarked = new Map<string, SentNotification>();

  constructor(
    private readonly database: Database,
    private readonly repository: NotificationsRepository,
    private readonly providers: DeliveryProviders,
    private readonly renderers: MessageRenderers,
    private readonly queue: JobQueue,
    private readonly registry: JobRegistry,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.claims = new MicroBatcher(
      (_k, inputs) =>
        this.claimBatch(
          inputs[0]!.key,
          inputs.map((i) => i.id),
        ),
      100,
      BATCH_LANES,
      true,
    );
    this.marks = new MicroBatcher(
      (_k, inputs) =>
        this.markBatch(
          inputs[0]!.key,
          inputs.map((i) => i.sent),
        ),
      100,
      BATCH_LANES,
      true,
    );
  }

  onModuleInit(): void {
    this.registry.task(SEND_NOTIFICATION_TASK, (payload, context) => this.send(payload, context));
  }

  /** The job: send one notification, at least once. */
  async send(payload: unknown, context: JobContext): Promise<void> {
    const { clinicId, notificationId } = parsePayload(payload);
    const key: BatchKey = { clinicId, claimer: context.workerPoolId };
    const accepted = this.unmarked.get(notificationId);
    if (accepted) return this.mark(key, accepted);
    const claim = await this.claims.request(`${key.claimer}|${clinicId}`, { key, id: notificationId });
    if (claim.kind === 'finished') return;
    if (claim.kind === 'busy') throw new Error(`Notification ${notificationId} is being sent by another worker`);
    if (claim.kind === 'early') return this.requeue(clinicId, notificationId, claim.scheduledFor);
    const row = claim.row;
    const locale = row.locale === 'ar' ? 'ar' : 'en';
    let outcome: RenderOutcome;
    try {
      outcome = await this.renderers.render(row.template, {
        notificationId: row.id,
        clinicId,
        type: row.type,
        locale,
        recipient: row.recipient,
        payload: row.payload,
        now: this.clock.now(),
      });
    } catch (error) {
      // A message that cannot be written will not be writable on the next attempt either.
      return this.release(key, row.id, { status: 'failed', error: `Could not prepare the message: ${describeError(error)}` });
    }
    if ('skip' in outcome) return this.release(key, row.id, { status: 'skipped', error: outcome.skip });

    const provider = this.providers.for(row.type);
    const { message } = outcome;
    let sent: SentNotification;
    try {
      const receipt = await provider.send(
        {
          notificationId: row.id,
          channel: row.type,
          to: row.recipient,
          subject: message.subject,
          text: message.text,
          html: message.html,
          attachments: message.attachments,
          attempt: row.attempts,
        },
        context.signal,
      );
      const kept = outcome.kept ?? { subject: message.subject ?? null, body: message.text };
      sent = { id: row.id, sentAt: this.clock.now(), channel: receipt.provider, providerMessageId: receipt.providerMessageId, ...kept };
    } catch (error) {
      const permanent = error instanceof DeliveryError && error.permanent;
      const lastAttempt = context.attempt >= context.maxAttempts;
      const text = describeError(error);
      await this.release(key, row.id, { status: permanent || lastAttempt ? 'failed' : 'pending', error: text });
      if (!permanent && !lastAttempt) throw error; // graphile-worker runs the job again after a backoff
      this.logger.warn(`notification ${row.id} failed: ${text}`);
      return;
    }
    await this.mark(key, sent);
  }

  /** sending -> sent. If that cannot be written, the job fails and its next run here writes it (no second send). */
  private async mark(key: BatchKey, sent: SentNotification): Promise<void> {
    try {
      await this.marks.request(`${key.claimer}|${key.clinicId}`, { key, sent });
      this.unmarked.delete(sent.id);
    } catch (error) {
      this.unmarked.set(sent.id, sent);
      throw error;
    }
  }

  private async claimBatch(key: BatchKey, ids: string[]): Promise<ClaimResult[]> {
    const now = this.clock.now();
    const times = {
      now,
      dueBy: new Date(now.getTime() + EARLY_TOLERANCE_MS),
      deadBefore: new Date(now.getTime() - this.config.worker.reapAfterMs),
      expiredBefore: new Date(now.getTime() - LEASE_MS),
    };
    // One round trip, committed before anything is sent (notifications_claim sets the clinic itself).
    const claimed = new Map(
      (await this.repository.claim(this.database.pool, key.clinicId, ids, key.claimer, times)).map((row) => [row.id, row]),
    );
    const others = ids.filter((id) => !claimed.has(id));
    const state = new Map(
      others.length
        ? (await this.database.withClinic(key.clinicId, (tx) => this.repository.statusOf(tx, key.clinicId, others))).map((r) => [r.id, r])
        : [],
    );
    return ids.map((id): ClaimResult => {
      const row = claimed.get(id);
      if (row) return { kind: 'claimed', row };
      const current = state.get(id);
      if (current?.status === 'sending') return { kind: 'busy' };
      if (current?.status === 'pending' && current.scheduledFor && current.scheduledFor > times.dueBy) {
        return { kind: 'early', scheduledFor: current.scheduledFor };
      }
      return { kind: 'finished' };
    });
  }

  private async markBatch(key: BatchKey, sent: SentNotification[]): Promise<void[]> {
    await this.repository.markSent(this.database.pool, key.clinicId, key.claimer, sent);
    return sent.map(() => undefined);
  }

  private release(key: BatchKey, id: string, outcome: { status: 'pending' | 'failed' | 'skipped'; error: string }): Promise<void> {
    return this.database.withClinic(key.clinicId, (tx) =>
      this.repository.release(tx, key.clinicId, id, key.claimer, { ...outcome, at: this.clock.now() }),
    );
  }

  /** The job ran before its row is due: add it again for the row's time (the running one is then not retried). */
  private requeue(clinicId: string, notificationId: string, scheduledFor: Date): Promise<void> {
    return this.database.withClinic(clinicId, () =>
      this.queue.add(sendJob(clinicId, notificationId, scheduledFor, this.config.notifications.maxAttempts)),
    );
  }
}

function parsePayload(payload: unknown): { clinicId: string; notificationId: string } {
  const p = payload as { clinicId?: unknown; notificationId?: unknown } | null;
  if (typeof p?.clinicId !== 'string' || typeof p.notificationId !== 'string')
    throw new Error('send_notification needs clinicId and notificationId');
  return { clinicId: p.clinicId, notificationId: p.notificationId };
}
