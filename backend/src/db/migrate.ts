import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { installJobQueue } from '../jobs/job-queue-schema.js';

/** The role the API and worker log in as (created by migration 0001; it owns no table). */
export const APP_ROLE = 'dental_app';

// Compiled to dist/src/db/; the SQL migrations live in backend/drizzle/.
const MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../drizzle');
const MIGRATION_LOCK_KEY = 4_242_001;

/**
 * Applies pending migrations as the owning (admin) role, one process at a time, installs or upgrades
 * the job queue's schema (graphile-worker) with the application role's grants, then lets the
 * application role log in with the configured password.
 */
export async function migrateDatabase(adminUrl: string, appPassword: string | undefined): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query("set client_min_messages = 'warning'");
    await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
    await installJobQueue(adminUrl, APP_ROLE);
    if (appPassword !== undefined) {
      await client.query(`alter role ${APP_ROLE} with login password ${client.escapeLiteral(appPassword)}`);
    }
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

/** The admin URL with the application role's credentials. */
export function appRoleUrl(adminUrl: string, appPassword: string): string {
  const url = new URL(adminUrl);
  url.username = APP_ROLE;
  url.password = encodeURIComponent(appPassword);
  return url.toString();
}
