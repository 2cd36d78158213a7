import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Database } from '../db/database.js';
import { dailyRunDue } from './daily-schedule.js';
import { JobQueue, type JobSpec } from './job-queue.js';
import { type JobContext, JobRegistry } from './job-registry.js';

/** The cron task: every DAILY_TICK_MINUTES (UTC), start the daily jobs whose local time has come. */
export const DAILY_TICK_TASK = 'daily_tick';
export const DAILY_TICK_MINUTES = 15;
/** Runs one daily job for one clinic and local date. */
export const DAILY_RUN_TASK = 'daily_run';

interface DailyRunPayload {
  job: string;
  clinicId: string;
  localDate: string;
}

/**
 * Daily jobs per clinic time zone. graphile-worker's cron speaks UTC only, so a tick every 15 minutes
 * looks at every clinic's zone (one SECURITY DEFINER look-up, jobs_clinic_time_zones) and adds a
 * `daily_run` job for each clinic whose local time has just passed a daily job's time. The job key
 * names the job, clinic and local date, so a backfilled or repeated tick adds nothing twice while the
 * run is waiting.
 */
@Injectable()
export class DailyJobsService implements OnModuleInit {
  constructor(
    private readonly database: Database,
    private readonly queue: JobQueue,
    private readonly registry: JobRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.task(DAILY_TICK_TASK, async (payload) => void (await this.tick(tickInstant(payload))));
    this.registry.task(DAILY_RUN_TASK, (payload, context) => this.run(payload as DailyRunPayload, context));
  }

  /** Adds the daily runs due at `tickAt`; returns how many. */
  async tick(tickAt: Date): Promise<number> {
    const jobs = this.registry.dailyJobs();
    if (jobs.length === 0) return 0;
    const client = await this.database.pool.connect();
    try {
      const { rows } = await client.query<{ clinic_id: string; timezone: string }>(
        'select clinic_id, timezone from jobs_clinic_time_zones()',
      );
      const byZone = new Map<string, string[]>();
      for (const row of rows) byZone.set(row.timezone, [...(byZone.get(row.timezone) ?? []), row.clinic_id]);
      const specs: JobSpec[] = [];
      for (const job of jobs) {
        for (const [zone, clinics] of byZone) {
          const localDate = safeRunDue(tickAt, zone, job.localTime);
          if (!localDate) continue;
          for (const clinicId of clinics) {
            specs.push({
              task: DAILY_RUN_TASK,
              payload: { job: job.name, clinicId, localDate },
              key: `daily:${job.name}:${clinicId}:${localDate}`,
              maxAttempts: 5,
            });
          }
        }
      }
      await this.queue.addOnClient(client, specs, { preserveRunAt: true });
      return specs.length;
    } finally {
      client.release();
    }
  }

  private async run(payload: DailyRunPayload, context: JobContext): Promise<void> {
    const job = this.registry.findDailyJob(payload.job);
    if (!job) throw new Error(`No daily job named ${payload.job}`);
    await job.run(payload.clinicId, payload.localDate, context);
  }
}

/** A zone the runtime does not know (a clinic row edited by hand) must not stop the other clinics' runs. */
function safeRunDue(tickAt: Date, zone: string, localTime: string): string | null {
  try {
    return dailyRunDue(tickAt, zone, localTime, DAILY_TICK_MINUTES);
  } catch {
    return null;
  }
}

/** The instant the cron tick stands for (a backfilled tick carries its own, not the time it runs). */
function tickInstant(payload: unknown): Date {
  const ts = (payload as { _cron?: { ts?: string } } | null)?._cron?.ts;
  const instant = ts ? new Date(ts) : undefined;
  if (!instant || Number.isNaN(instant.getTime())) throw new Error('daily_tick without a cron timestamp');
  return instant;
}
