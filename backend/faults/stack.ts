import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type EmbeddedServer, startEmbeddedPostgres } from '../src/db/embedded.js';
import { appRoleUrl, migrateDatabase } from '../src/db/migrate.js';
import { freePort } from '../test/test-database.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const APP_PASSWORD = randomBytes(18).toString('base64url');
export const JWT_SECRET = randomBytes(32).toString('base64url');

export interface FaultStack {
  postgres: EmbeddedServer;
  adminUrl: string;
  appUrl: string;
  admin: pg.Pool;
  stop(): Promise<void>;
}

/** A real PostgreSQL (durable: fsync on) in a throw-away folder, migrated, that the suite may stop and start. */
export async function startFaultStack(): Promise<FaultStack> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'dental-faults-'));
  await chmod(dataDir, 0o755);
  const postgres = await startEmbeddedPostgres({
    dataDir,
    port: await freePort(),
    database: 'dental_faults',
    settings: { max_connections: '200' },
  });
  await migrateDatabase(postgres.adminUrl, APP_PASSWORD);
  const admin = new pg.Pool({ connectionString: postgres.adminUrl, max: 3 });
  admin.on('error', () => undefined);
  return {
    postgres,
    adminUrl: postgres.adminUrl,
    appUrl: appRoleUrl(postgres.adminUrl, APP_PASSWORD),
    admin,
    stop: async () => {
      await admin.end();
      await postgres.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ApiProcess {
  url: string;
  child: ChildProcess;
  /** kill -9: no shutdown hooks, no goodbye. */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

export async function startApi(appUrl: string, env: Record<string, string> = {}): Promise<ApiProcess> {
  const child = spawn(process.execPath, [path.join(here, 'api-process.js')], {
    env: { ...process.env, FAULTS_APP_DATABASE_URL: appUrl, FAULTS_JWT_SECRET: JWT_SECRET, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`API exited with ${code}`)));
    child.stdout.once('data', (chunk: Buffer) => resolve((JSON.parse(chunk.toString().split('\n')[0]!) as { url: string }).url));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    child,
    crash: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
