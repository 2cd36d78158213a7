import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Database } from '../db/database.js';
import { systemActor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { JobQueue } from '../jobs/job-queue.js';
import { JobRegistry } from '../jobs/job-registry.js';
import { sendJob } from './notification-jobs.js';
import { NotificationsRepository } from './notifications.repository.js';

export const HOUSEKEEPING_JOB = 'notifications_housekeeping';
/** Pending and due this long ago, and not moving: its job is added again. */
const STUCK_AFTER_MS = 15 * 60_000;
/** A 'sending' claim this old whose worker is dead (the reaper normally recovers these within seconds). */
const ABANDONED_AFTER_MS = 10 * 60_000;
const STUCK_BATCH = 1000;

/**
 * Once a day per clinic (03:00 clinic time): messages that should have gone but are not moving get
 * their job again (a job lost with a database restore, or given up while the row was pending), and the
 * text of messages finished more than NOTIFICATION_BODY_RETENTION_DAYS ago is forgotten (the record of
 * what was sent when to whom stays).
 */
@Injectable()
export class NotificationsHousekeeping implements OnModuleInit {
  private readonly logger = new Logger('Notifications');

  constructor(
    private readonly database: Database,
    private readonly repository: NotificationsRepository,
    private readonly queue: JobQueue,
    private readonly registry: JobRegistry,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.dailyJob({ name: HOUSEKEEPING_JOB, localTime: '03:00', run: (clinicId) => this.run(clinicId).then(() => undefined) });
  }

  async run(clinicId: string): Promise<{ requeued: number; forgotten: number }> {
    const now = this.clock.nowMs();
    const result = await this.database.transaction(systemActor(clinicId, HOUSEKEEPING_JOB), async (tx) => {
      const stuck = await this.repository.stuck(
        tx,
        clinicId,
        new Date(now - STUCK_AFTER_MS),
        new Date(now - ABANDONED_AFTER_MS),
        STUCK_BATCH,
      );
      await this.queue.add(...stuck.map((id) => sendJob(clinicId, id, null, this.config.notifications.maxAttempts)));
      const forgotten = await this.repository.forgetContent(
        tx,
        clinicId,
        new Date(now - this.config.notifications.bodyRetentionDays * 86_400_000),
      );
      return { requeued: stuck.length, forgotten };
    });
    if (result.requeued > 0) this.logger.warn(`clinic ${clinicId}: ${result.requeued} stuck notifications sent to the queue again`);
    return result;
  }
}
