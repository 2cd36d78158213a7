import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { appRoleUrl, migrateDatabase } from '../src/db/migrate.js';

export const TEST_APP_PASSWORD = 'dental_app_test_password';

export interface TestDatabase {
  adminUrl: string;
  appUrl: string;
  /** The throw-away cluster's folder (absent for a database on TEST_DATABASE_URL's server). */
  dataDir?: string;
  stop(): Promise<void>;
}

/**
 * A throw-away, migrated database: a fresh database on TEST_DATABASE_URL/DATABASE_URL's server if
 * one is given, else a new embedded cluster in a temporary folder that is deleted afterwards.
 */
export async function startTestDatabase(options: { durable?: boolean; settings?: Record<string, string> } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  const database = serverUrl ? await createDatabaseOn(serverUrl) : await startThrowAwayCluster(options.durable ?? false, options.settings);
  try {
    await migrateDatabase(database.adminUrl, TEST_APP_PASSWORD);
  } catch (error) {
    await database.stop();
    throw error;
  }
  return { ...database, appUrl: appRoleUrl(database.adminUrl, TEST_APP_PASSWORD) };
}

/**
 * A migrated database of its own on the test run's server (TEST_ADMIN_DATABASE_URL's), dropped by
 * `stop`: for a test that must see every row of its database, which no other test file writes to.
 */
export async function startPrivateTestDatabase(): Promise<TestDatabase> {
  const shared = process.env.TEST_ADMIN_DATABASE_URL;
  if (!shared) throw new Error('TEST_ADMIN_DATABASE_URL is not set: run the tests with "npm test"');
  const server = new URL(shared);
  server.pathname = '/postgres';
  const database = await createDatabaseOn(server.toString());
  try {
    await migrateDatabase(database.adminUrl, TEST_APP_PASSWORD);
  } catch (error) {
    await database.stop();
    throw error;
  }
  return { ...database, appUrl: appRoleUrl(database.adminUrl, TEST_APP_PASSWORD) };
}

/** `durable`: commits wait for the disk as in production (benchmarks of commit-bound work). */
async function startThrowAwayCluster(durable: boolean, extra: Record<string, string> = {}): Promise<Omit<TestDatabase, 'appUrl'>> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'dental-test-pg-'));
  // When run as root the cluster runs as the 'postgres' OS user, which must be able to enter the folder.
  await chmod(dataDir, 0o755);
  const server = await outsideFakedClock(async () =>
    startEmbeddedPostgres({
      dataDir,
      port: await freePort(),
      database: 'dental_test',
      // Durability is pointless for a cluster deleted after the run.
      settings: {
        ...(durable
          ? { max_connections: '300' }
          : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300' }),
        ...extra,
      },
    }),
  );
  return {
    adminUrl: server.adminUrl,
    dataDir,
    stop: async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * `npm run test:2030` runs the tests under libfaketime. PostgreSQL 18's timeouts (lock_timeout,
 * statement_timeout) are POSIX timers that never fire under libfaketime's timer_settime, so a statement
 * waiting on a lock waited forever. The cluster runs on the real clock; the API and the tests, whose
 * clock the run is about, stay in 2030 (they take the environment, LD_PRELOAD included, afterwards).
 * Jobs and messages do not mind the two clocks: a job's run_at is the database's now plus the delay the
 * application's clock gives, and a worker compares a message's due time with its own clock.
 */
async function outsideFakedClock<T>(start: () => Promise<T>): Promise<T> {
  const preload = process.env.LD_PRELOAD;
  if (!preload?.includes('faketime')) return start();
  delete process.env.LD_PRELOAD;
  try {
    return await start();
  } finally {
    process.env.LD_PRELOAD = preload;
  }
}

async function createDatabaseOn(serverUrl: string): Promise<Omit<TestDatabase, 'appUrl'>> {
  const name = `dental_test_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    adminUrl: url.toString(),
    stop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
