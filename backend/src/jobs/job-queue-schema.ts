import pg from 'pg';
import { Logger, LogLevel, runMigrations } from 'graphile-worker';

/**
 * What the application role needs on graphile-worker's schema (installed by the owner), and the
 * worker liveness functions. Idempotent: it runs after every migration, since a graphile-worker
 * upgrade may add tables.
 *
 * graphile-worker ENABLEs (does not FORCE) row-level security on its private tables and defines no
 * policy: the owner bypasses it and every other role sees nothing, so a worker logged in as
 * dental_app would find no job at all and idle silently. The policies let dental_app through (the
 * queue is not tenant data; each job's payload names its clinic).
 */
const grantsAndLiveness = (APP_ROLE: string) => `
GRANT USAGE ON SCHEMA graphile_worker TO ${APP_ROLE};
GRANT SELECT ON graphile_worker.migrations TO ${APP_ROLE};
GRANT SELECT, INSERT, UPDATE, DELETE ON
  graphile_worker._private_jobs, graphile_worker._private_job_queues,
  graphile_worker._private_tasks, graphile_worker._private_known_crontabs TO ${APP_ROLE};
GRANT SELECT ON graphile_worker.jobs TO ${APP_ROLE};
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA graphile_worker TO ${APP_ROLE};
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['_private_jobs', '_private_job_queues', '_private_tasks', '_private_known_crontabs'] LOOP
    IF NOT EXISTS (SELECT FROM pg_policies WHERE schemaname = 'graphile_worker' AND tablename = t AND policyname = 'dental_app_all') THEN
      EXECUTE format('CREATE POLICY dental_app_all ON graphile_worker.%I TO ${APP_ROLE} USING (true) WITH CHECK (true)', t);
    END IF;
  END LOOP;
END
$$;

-- Liveness: every worker process keeps one connection open named 'gw-alive:<graphile pool id>'. A
-- process killed with -9 loses that socket and PostgreSQL ends its backend at once, so "no such
-- connection" proves the pool dead (all workers log in as ${APP_ROLE}, so they see each other's names).
CREATE OR REPLACE FUNCTION worker_pool_alive(pool_id text) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = 'gw-alive:' || pool_id)
$$;

-- graphile-worker frees the jobs of a vanished worker only after a fixed 4 hours. This frees them as
-- soon as their pool is provably dead; the grace covers a new pool's first moments, before its
-- liveness connection carries its name.
CREATE OR REPLACE FUNCTION worker_reap_dead_locks(grace interval) RETURNS text[]
LANGUAGE plpgsql AS $$
DECLARE dead text[];
BEGIN
  SELECT coalesce(array_agg(DISTINCT j.locked_by), '{}') INTO dead
  FROM graphile_worker._private_jobs j
  WHERE j.locked_at IS NOT NULL AND j.locked_at < now() - grace AND NOT worker_pool_alive(j.locked_by);
  IF cardinality(dead) > 0 THEN
    PERFORM graphile_worker.force_unlock_workers(dead);
  END IF;
  RETURN dead;
END
$$;
GRANT EXECUTE ON FUNCTION worker_pool_alive(text), worker_reap_dead_locks(interval) TO ${APP_ROLE};
`;

/** Installs or upgrades graphile-worker's schema as the owner, then lets the application role use it. */
export async function installJobQueue(adminUrl: string, appRole: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: adminUrl, max: 2 });
  // graphile-worker expects both handlers; a dropped connection must not crash the migrator.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  try {
    await runMigrations({ pgPool: pool, logger: quietLogger });
    await pool.query(grantsAndLiveness(appRole));
  } finally {
    await pool.end();
  }
}

/** graphile-worker's own log lines during installation: only problems. */
const quietLogger = new Logger(() => (level, message) => {
  if (level === LogLevel.ERROR || level === LogLevel.WARNING) process.stderr.write(`graphile-worker ${level}: ${message}\n`);
});
