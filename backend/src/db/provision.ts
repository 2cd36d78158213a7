import path from 'node:path';
import type { AppConfig } from '../config/config.js';
import { startEmbeddedPostgres } from './embedded.js';
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
