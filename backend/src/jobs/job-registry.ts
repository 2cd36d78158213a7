import { Injectable } from '@nestjs/common';

/** What a running job knows about itself. */
export interface JobContext {
  jobId: string;
  /** This run's number, counting this one (1 on the first run). */
  attempt: number;
  maxAttempts: number;
  /** The worker pool running it: the identity that holds notification leases. */
  workerPoolId: string;
  /** Fires when the worker is shutting down and the job should give up soon. */
  signal: AbortSignal;
}

export type JobHandler = (payload: unknown, context: JobContext) => Promise<void>;

/** A job run once a day for every clinic, at a local time of the clinic's time zone. */
export interface DailyJob {
  name: string;
  /** 'HH:MM', on the clinic's wall clock. */
  localTime: string;
  run(clinicId: string, localDate: string, context: JobContext): Promise<void>;
}

/**
 * The tasks a worker can run. Feature modules register their handlers when they initialise (e.g.
 * NotificationDispatcher registers 'send_notification'); the worker (src/worker.ts) runs whatever is
 * registered. Billing's "mark overdue invoices" plugs in as a DailyJob.
 */
@Injectable()
export class JobRegistry {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly daily = new Map<string, DailyJob>();

  task(name: string, handler: JobHandler): void {
    if (this.handlers.has(name)) throw new Error(`Task ${name} is registered twice`);
    this.handlers.set(name, handler);
  }

  dailyJob(job: DailyJob): void {
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(job.localTime)) throw new Error(`Daily job ${job.name}: localTime must be HH:MM`);
    if (this.daily.has(job.name)) throw new Error(`Daily job ${job.name} is registered twice`);
    this.daily.set(job.name, job);
  }

  tasks(): ReadonlyMap<string, JobHandler> {
    return this.handlers;
  }

  dailyJobs(): DailyJob[] {
    return [...this.daily.values()];
  }

  findDailyJob(name: string): DailyJob | undefined {
    return this.daily.get(name);
  }
}
