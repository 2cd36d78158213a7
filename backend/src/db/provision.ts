import path from 'node:path';
import type { AppConfig } from '../config/config.js';
import { startEmbeddedPostgres } from './embedded.js';
import pg from 'pg';
import { appRoleUrl, migrateDatabase } from './migrate.js';

export interface ProvisionedDatabase {
  /** Owner/superuser connection: migrations only. */
  adminUrl: string;
  /** Non-owner application role: everything the API and worker do. */
  appUrl: string;
  /** Stops the embedded server, if one was started. */
  stop(): Promise<void>;
  embedded: boolean;
}

/**
 * DATABASE_URL set: use that server. Unset: start the embedded PostgreSQL in DATA_DIR.
 * Either way, apply migrations before anything connects as the application role.
 */
export async function provisionDatabase(config: AppConfig, log: (message: string) => void): Promise<ProvisionedDatabase> {
  let adminUrl = config.database.url;
  let stop = (): Promise<void> => Promise.resolve();
  if (!adminUrl) {
    log(`starting embedded PostgreSQL in ${path.join(config.dataDir, 'postgres')}`);
    const server = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      port: config.database.embeddedPort,
      database: 'dental',
    });
    adminUrl = server.adminUrl;
    stop = () => server.stop();
  }
  try {
    const setPassword = config.database.appUrl ? undefined : config.database.appPassword;
    await migrateDatabase(adminUrl, setPassword);
  } catch (error) {
    await stop();
    throw error;
  }
  const appUrl = config.database.appUrl ?? appRoleUrl(adminUrl, config.database.appPassword!);
  return { adminUrl, appUrl, stop, embedded: !config.database.url };
}

/** How long a worker waits for its database (the API starts the embedded one) before giving up. */
const WORKER_DATABASE_WAIT_MS = 120_000;

/**
 * The worker's database, as the application role. With DATABASE_URL the worker applies pending
 * migrations itself (one process at a time; nothing when the API already did), so API and worker may
 * start in any order. Without it, the API runs the embedded PostgreSQL: the worker connects to it
 * and waits until the API has migrated it.
 */
export async function connectWorkerDatabase(config: AppConfig, log: (message: string) => void): Promise<string> {
  const adminUrl = config.database.url;
  if (adminUrl) await migrateDatabase(adminUrl, config.database.appUrl ? undefined : config.database.appPassword);
  const appUrl =
    config.database.appUrl ??
    appRoleUrl(adminUrl ?? `postgres://postgres@127.0.0.1:${config.database.embeddedPort}/dental`, config.database.appPassword!);
  const deadline = Date.now() + WORKER_DATABASE_WAIT_MS;
  for (let waited = false; ; waited = true) {
    const client = new pg.Client({ connectionString: appUrl });
    try {
      await client.connect();
      // The job queue's schema is the last thing migrations install.
      await client.query('select 1 from graphile_worker.migrations limit 1');
      return appUrl;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`The worker could not reach its database: ${(error as Error).message}`, { cause: error });
      if (!waited) log('waiting for the database (the API starts and migrates it)');
      await new Promise((resolve) => setTimeout(resolve, 1000));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
