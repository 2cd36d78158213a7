import { EventEmitter, setMaxListeners } from 'node:events';
import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import pg from 'pg';
import {
  Logger as GraphileLogger,
  LogLevel,
  parseCronItems,
  run,
  type JobHelpers,
  type Runner,
  type TaskList,
  type WorkerEvents,
} from 'graphile-worker';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { DATABASE_OPTIONS, type DatabaseOptions } from '../db/database.js';
import { DAILY_TICK_MINUTES, DAILY_TICK_TASK } from './daily-jobs.service.js';
import { JobQueue } from './job-queue.js';
import { type JobContext, JobRegistry } from './job-registry.js';

/** Called when this process can no longer prove it is alive (its liveness connection broke). */
export const ON_LIVENESS_LOST = Symbol('ON_LIVENESS_LOST');
export type LivenessLostHandler = (error: Error) => void;

/** How long a tick that was missed while no worker ran is still caught up (graphile-worker's backfill). */
const CRON_BACKFILL_MS = 6 * 3600_000;

/**
 * Runs the registered jobs (graphile-worker) in this process: `concurrency` at a time, found by
 * LISTEN/NOTIFY when due now and by polling (WORKER_POLL_INTERVAL_MS) when due later. Several worker
 * processes may run at once: a job is locked by one pool at a time.
 *
 * A killed process (kill -9) leaves its jobs locked, and graphile-worker frees such locks only after
 * four hours. So each process keeps one extra connection named after its pool ('gw-alive:<pool id>');
 * PostgreSQL drops it the moment the process dies, and every worker's reaper frees the jobs of pools
 * that no longer have one (worker_reap_dead_locks). If this process loses its own liveness connection
 * it stops at once: others would take over its jobs.
 */
@Injectable()
export class WorkerRunner {
  private readonly logger = new Logger('Worker');
  private runner?: Runner;
  private pool?: pg.Pool;
  private liveness?: pg.Client;
  private reaper?: NodeJS.Timeout;
  private stopping?: Promise<void>;
  private poolIdValue = '';
  private readonly sharedSignals = new WeakSet<AbortSignal>();

  constructor(
    private readonly registry: JobRegistry,
    private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE_OPTIONS) private readonly database: DatabaseOptions,
    @Inject(ON_LIVENESS_LOST) private readonly onLivenessLost: LivenessLostHandler,
  ) {}

  /** graphile-worker's id of this process's pool ('pool-…'): who holds its job locks and notification leases. */
  get poolId(): string {
    return this.poolIdValue;
  }

  async start(): Promise<void> {
    if (this.runner) return;
    const { concurrency, pollIntervalMs, reapAfterMs } = this.config.worker;
    // One connection per concurrent job at most (opened only when needed: jobs are fetched and
    // completed in batches, so a few serve most of the time), plus LISTEN and the reaper.
    this.pool = new pg.Pool({ connectionString: this.database.url, max: concurrency + 4, options: '-c timezone=UTC' });
    // graphile-worker needs both: errors of idle clients, and of clients checked out by a job.
    this.pool.on('error', () => undefined);
    this.pool.on('connect', (client) => client.on('error', () => undefined));

    this.liveness = new pg.Client({
      connectionString: this.database.url,
      application_name: `gw-starting:${randomBytes(6).toString('hex')}`,
    });
    await this.liveness.connect();
    this.liveness.on('error', (error) => {
      this.logger.error(`liveness connection lost (${error.message}); this worker must stop`);
      this.onLivenessLost(error);
    });

    const events = new EventEmitter() as WorkerEvents;
    let named: Promise<unknown> = Promise.resolve();
    events.on('pool:create', ({ workerPool }) => {
      this.poolIdValue = workerPool.id;
      named = this.liveness!.query("select set_config('application_name', $1, false)", [`gw-alive:${workerPool.id}`]);
    });
    this.runner = await run({
      pgPool: this.pool,
      taskList: this.taskList(),
      parsedCronItems: parseCronItems([
        {
          task: this.queue.identifier(DAILY_TICK_TASK),
          identifier: this.queue.identifier(DAILY_TICK_TASK),
          match: `*/${DAILY_TICK_MINUTES} * * * *`,
          options: { backfillPeriod: CRON_BACKFILL_MS, maxAttempts: 3 },
        },
      ]),
      concurrency,
      pollInterval: pollIntervalMs,
      noHandleSignals: true,
      events,
      logger: this.graphileLogger(),
      preset: {
        worker: {
          // Fetch and complete jobs in batches: one query serves many jobs (graphile-worker 0.17).
          localQueue: { size: 2 * concurrency },
          completeJobBatchDelay: 0,
          failJobBatchDelay: 0,
        },
      },
    });
    await named;
    const reapEveryMs = Math.max(500, Math.floor(reapAfterMs / 2));
    this.reaper = setInterval(() => void this.reap(reapAfterMs), reapEveryMs);
    this.reaper.unref();
    this.logger.log(`worker ${this.poolIdValue} running ${[...this.registry.tasks().keys()].join(', ')} (concurrency ${concurrency})`);
  }

  /** Stops taking jobs, waits for the running ones, then closes its connections. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      if (this.reaper) clearInterval(this.reaper);
      if (this.runner) {
        await this.runner.stop();
        await this.runner.promise.catch(() => undefined);
      }
      await this.pool?.end();
      this.liveness?.removeAllListeners('error');
      this.liveness?.on('error', () => undefined);
      await this.liveness?.end().catch(() => undefined);
    })();
    return this.stopping;
  }

  private async reap(after: number): Promise<void> {
    try {
      const { rows } = await this.pool!.query<{ dead: string[] }>("select worker_reap_dead_locks($1 * interval '1 millisecond') as dead", [
        after,
      ]);
      const dead = rows[0]?.dead ?? [];
      if (dead.length > 0) this.logger.warn(`released the jobs of dead worker pools ${dead.join(', ')}`);
    } catch (error) {
      if (!this.stopping) this.logger.error(`reaping dead workers' jobs failed: ${(error as Error).message}`);
    }
  }

  private taskList(): TaskList {
    const list: TaskList = {};
    for (const [name, handler] of this.registry.tasks()) {
      list[this.queue.identifier(name)] = (payload: unknown, helpers: JobHelpers) => handler(payload, this.contextOf(helpers));
    }
    return list;
  }

  private contextOf(helpers: JobHelpers): JobContext {
    // Every job of the pool shares one shutdown signal: many listeners on it are expected.
    if (helpers.abortSignal && !this.sharedSignals.has(helpers.abortSignal)) {
      setMaxListeners(0, helpers.abortSignal);
      this.sharedSignals.add(helpers.abortSignal);
    }
    return {
      jobId: helpers.job.id,
      attempt: helpers.job.attempts,
      maxAttempts: helpers.job.max_attempts,
      workerPoolId: helpers.job.locked_by ?? this.poolIdValue,
      signal: helpers.abortSignal ?? new AbortController().signal,
    };
  }

  private graphileLogger(): GraphileLogger {
    return new GraphileLogger((scope) => (level, message) => {
      const where = scope.taskIdentifier ? `${scope.taskIdentifier}${scope.jobId ? ` #${scope.jobId}` : ''}: ` : '';
      // A failed attempt that will be retried is a warning; the job's own code logs what is final.
      if (level === LogLevel.ERROR && !message.startsWith('Failed task')) this.logger.error(`${where}${message}`);
      else if (level === LogLevel.ERROR) this.logger.warn(`${where}${message.split('\n')[0]}`);
      else if (level === LogLevel.WARNING) this.logger.warn(`${where}${message}`);
      else if (level === LogLevel.INFO) this.logger.debug(`${where}${message}`);
    });
  }
}
