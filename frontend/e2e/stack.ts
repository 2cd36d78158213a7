import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** frontend/ (this file runs from frontend/e2e-dist/). */
export const frontendRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = path.resolve(frontendRoot, '..');

export interface Stack {
  webUrl: string;
  apiUrl: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Builds the web app for production unless the last build is newer than its sources (scripts/build-web.mjs). */
export function ensureWebBuild(): void {
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-web.mjs')], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('the web app did not build');
}

async function waitFor(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * The product as `npm start` runs it, on free ports: the API (embedded PostgreSQL in a throw-away folder,
 * or TEST_DATABASE_URL's server) and the production web app proxying /api to it.
 */
export async function startStack(): Promise<Stack> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'dental-e2e-'));
  await chmod(dataDir, 0o755); // the embedded server may run as its own user (when started as root)
  const [apiPort, webPort, pgPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const quiet = process.env.E2E_SERVER_OUTPUT ? 'inherit' : 'ignore';
  // As npm start does: the web app's proxy proves itself to the API with a shared secret.
  const proxySecret = randomBytes(32).toString('base64url');
  const api = spawn(process.execPath, ['--enable-source-maps', path.join(repoRoot, 'backend', 'dist', 'src', 'main.js')], {
    cwd: path.join(repoRoot, 'backend'),
    stdio: ['ignore', quiet, 'inherit'],
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      API_PORT: String(apiPort),
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(pgPort),
      ...(process.env.TEST_DATABASE_URL ? { DATABASE_URL: process.env.TEST_DATABASE_URL } : {}),
      API_PROXY_SECRET: proxySecret,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      RATE_LIMIT_SIGNUP_PER_IP: '1000',
      RATE_LIMIT_LOGIN_PER_IP: '1000',
      RATE_LIMIT_NAMESPACE: `e2e${apiPort}`,
    },
  });
  const web = spawn(process.execPath, [path.join(frontendRoot, 'server.mjs'), '--port', String(webPort), '--hostname', '127.0.0.1'], {
    cwd: frontendRoot,
    stdio: ['ignore', quiet, 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', API_ORIGIN: `http://127.0.0.1:${apiPort}`, API_PROXY_SECRET: proxySecret },
  });
  const stop = async () => {
    await Promise.all([stopProcess(web), stopProcess(api)]);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitFor(`http://127.0.0.1:${apiPort}/api/health`, api, 120_000);
    await waitFor(`http://127.0.0.1:${webPort}/api/health`, web, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { webUrl: `http://127.0.0.1:${webPort}`, apiUrl: `http://127.0.0.1:${apiPort}`, stop };
}
