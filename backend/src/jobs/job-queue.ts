import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Database, type Tx } from '../db/database.js';
import { Clock } from '../common/clock.js';

/** One job to add. `runAt` is read on the injected clock: the job waits that long from the database's now. */
export interface JobSpec {
  /** A task registered with the JobRegistry (without the namespace). */
  task: string;
  payload: Record<string, unknown>;
  runAt?: Date;
  /** Adding a job with the key of a waiting one replaces it (payload, time, attempts). */
  key?: string;
  maxAttempts?: number;
  /** Lower runs first; 0 by default. */
  priority?: number;
}

interface JobRow {
  identifier: string;
  payload: Record<string, unknown>;
  delay_ms: number | null;
  max_attempts: number | null;
  job_key: string | null;
  priority: number | null;
}

/**
 * add_jobs from a JSON list (`x`: identifier, payload, delay_ms, max_attempts, job_key, priority; built by
 * JobQueue.specsJson), optionally only the specs passing `filter`. run_at is the database's now plus the delay the application's clock
 * gives, so a job is due when the clock says so even where the two clocks differ (tests run at a fixed
 * instant; the suite also runs with the machine's clock in 2030).
 */
export function jobSpecsSql(param: string, filter = 'true'): string {
  return `array(
  select (x.identifier, x.payload, null, now() + coalesce(x.delay_ms, 0) * interval '1 millisecond', x.max_attempts,
          x.job_key, x.priority, null)::graphile_worker.job_spec
  from json_to_recordset(${param}::json) as x(identifier text, payload json, delay_ms float8, max_attempts smallint, job_key text, priority smallint)
  where ${filter})`;
}
const ADD_JOBS_SQL = `select count(*)::int as added from graphile_worker.add_jobs(${jobSpecsSql('$1')}, $2::boolean)`;

/**
 * Enqueues background jobs (graphile-worker) in the open tenant transaction, so a job commits or rolls
 * back with the change that causes it: a booking and its reminders, an invite and its email. Outside a
 * transaction it throws. Workers run the jobs after commit (src/worker.ts).
 */
@Injectable()
export class JobQueue {
  private readonly namespace: string;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.namespace = config.worker.namespace;
  }

  /** The identifier graphile-worker knows a task by: namespaced, so workers of other namespaces leave it alone. */
  identifier(task: string): string {
    return this.namespace ? `${this.namespace}:${task}` : task;
  }

  /** Adds jobs in the current transaction (one statement however many). */
  async add(...specs: JobSpec[]): Promise<void> {
    if (specs.length === 0) return;
    const tx = this.database.currentTransaction();
    await addJobsOn(tx, this.rows(specs), false);
  }

  /** Removes waiting jobs by key; a job already running loses its key and is not retried. */
  async remove(...keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    const tx = this.database.currentTransaction();
    await tx.$client.query('select graphile_worker.remove_job(k) from unnest($1::text[]) as k', [keys]);
  }

  /** For the worker's own bookkeeping outside tenant transactions (the daily tick): add on a given client. */
  async addOnClient(client: pg.ClientBase, specs: JobSpec[], options: { preserveRunAt?: boolean } = {}): Promise<void> {
    if (specs.length === 0) return;
    await client.query(ADD_JOBS_SQL, [JSON.stringify(this.rows(specs)), options.preserveRunAt ?? false]);
  }

  /**
   * The JSON a statement that writes rows and adds their jobs in one round trip passes to
   * jobSpecsSql (NotificationsRepository.insertWithJobs).
   */
  specsJson(specs: JobSpec[]): string {
    return JSON.stringify(this.rows(specs));
  }

  private rows(specs: JobSpec[]): JobRow[] {
    const now = this.clock.nowMs();
    return specs.map((spec) => ({
      identifier: this.identifier(spec.task),
      payload: spec.payload,
      delay_ms: spec.runAt ? spec.runAt.getTime() - now : null,
      max_attempts: spec.maxAttempts ?? null,
      job_key: spec.key ?? null,
      priority: spec.priority ?? null,
    }));
  }
}

async function addJobsOn(tx: Tx, rows: JobRow[], preserveRunAt: boolean): Promise<void> {
  await tx.$client.query(ADD_JOBS_SQL, [JSON.stringify(rows), preserveRunAt]);
}
