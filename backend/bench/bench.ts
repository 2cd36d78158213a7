import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { freePort, startTestDatabase } from '../test/test-database.js';
import { Client } from '../test/http.js';
import { STRONG_PASSWORD, uniqueEmail } from '../test/harness.js';
import { cpuSeconds, fmt, percentile, printTable, startServer } from './report.js';

/**
 * `npm run bench`: throughput and latency of the authenticated read endpoints next to a bare
 * node:http + pg baseline, login timing for unknown vs known emails, and cold-start time.
 * Every load run is bounded in time and targets 127.0.0.1 only.
 */
const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 6);
/** API and raw runs alternate, round after round, so a load that comes and goes on the machine hits both. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const STAFF = 50;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

async function main() {
  const database = await startTestDatabase();
  const api = await startServer('api', database.appUrl);
  const raw = await startServer('raw', database.appUrl);
  const apiUrl = api.url;
  try {
    const { token, ownerEmail } = await seedClinic(apiUrl);
    console.log(
      `\nAuthenticated reads: ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${DURATION_SECONDS} s, clinic with ${STAFF} staff (medians)\n`,
    );
    const rows: string[][] = [['endpoint', 'server', 'req/s', 'p50 ms', 'p99 ms', 'CPU ms/req', 'API / raw (per round)']];
    for (const endpoint of ['/api/users/me', '/api/users?limit=50']) {
      const nest: Run[] = [];
      const bare: Run[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        nest.push(await load(api, endpoint, token));
        bare.push(await load(raw, endpoint, token));
      }
      const ratios = nest.map((run, i) => (run.rps / bare[i]!.rps) * 100);
      const median = (runs: Run[], key: keyof Run) =>
        fmt(
          percentile(
            runs.map((r) => r[key]),
            50,
          ),
        );
      rows.push([
        endpoint,
        'API (NestJS on Fastify)',
        median(nest, 'rps'),
        median(nest, 'p50'),
        median(nest, 'p99'),
        median(nest, 'cpuMs'),
        `${fmt(percentile(ratios, 50))} % of raw req/s (${ratios.map((r) => fmt(r)).join(' / ')})`,
      ]);
      rows.push([endpoint, 'raw node:http + pg', median(bare, 'rps'), median(bare, 'p50'), median(bare, 'p99'), median(bare, 'cpuMs'), '']);
    }
    printTable(rows);
    if (process.env.BENCH_READS_ONLY) return;
    await loginTiming(apiUrl, ownerEmail);
  } finally {
    await raw.stop();
    await api.stop();
    await database.stop();
  }
  if (!process.env.BENCH_READS_ONLY) await coldStart();
}

async function seedClinic(apiUrl: string) {
  const owner = new Client(apiUrl);
  const ownerEmail = uniqueEmail('owner');
  const signup = await owner.post('/api/auth/signup', {
    body: { clinicName: 'Bench Dental', email: ownerEmail, password: STRONG_PASSWORD, firstName: 'Bench', lastName: 'Owner' },
  });
  const token: string = signup.body.accessToken;
  for (let i = 1; i < STAFF; i++) {
    const invite = await owner.post('/api/auth/invite', {
      token,
      body: { email: uniqueEmail('staff'), role: i % 3 === 0 ? 'RECEPTIONIST' : 'DENTIST' },
    });
    const accepted = await new Client(apiUrl).post('/api/auth/accept-invite', {
      body: { token: invite.body.inviteToken, password: STRONG_PASSWORD, firstName: `Staff${i}`, lastName: 'Member' },
    });
    if (accepted.status !== 201) throw new Error(`seeding failed: ${JSON.stringify(accepted.body)}`);
  }
  const check = await owner.get('/api/users?limit=50', { token });
  if (check.body.items.length !== STAFF) throw new Error(`expected ${STAFF} staff, got ${check.body.items.length}`);
  return { token, ownerEmail };
}

interface Run {
  rps: number;
  p50: number;
  p99: number;
  /** The server's CPU time per request, in ms. */
  cpuMs: number;
}

async function load(server: { url: string; pid: number }, endpoint: string, token: string): Promise<Run> {
  const options = { url: `${server.url}${endpoint}`, connections: CONNECTIONS, headers: { authorization: `Bearer ${token}` } };
  await autocannon({ ...options, duration: 2 }); // warm-up
  const cpuBefore = cpuSeconds(server.pid);
  const result = await autocannon({ ...options, duration: DURATION_SECONDS });
  const cpuMs = ((cpuSeconds(server.pid) - cpuBefore) * 1000) / result.requests.total;
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${endpoint}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, cpuMs };
}

/** Unknown email vs wrong password: the decoy hash should make them indistinguishable. */
async function loginTiming(apiUrl: string, knownEmail: string) {
  const attempt = async (email: string) => {
    const started = performance.now();
    const response = await new Client(apiUrl).post('/api/auth/login', { body: { email, password: 'Wrong-password-9' } });
    if (response.status !== 401) throw new Error(`expected 401, got ${response.status}`);
    return performance.now() - started;
  };
  const known: number[] = [];
  const unknown: number[] = [];
  for (let i = 0; i < 40; i++) {
    known.push(await attempt(knownEmail));
    unknown.push(await attempt(uniqueEmail('nobody')));
  }
  console.log('\nFailed login timing, 40 sequential attempts each (median / p90 ms)');
  printTable([
    ['case', 'median', 'p90'],
    ['known email, wrong password', fmt(percentile(known, 50)), fmt(percentile(known, 90))],
    ['unknown email', fmt(percentile(unknown, 50)), fmt(percentile(unknown, 90))],
  ]);
}

/** `npm start` on a fresh data folder (creates the cluster) and again on the existing one. */
async function coldStart() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'dental-bench-start-'));
  await chmod(dataDir, 0o755);
  try {
    const first = await timeStart(dataDir);
    const second = await timeStart(dataDir);
    console.log(
      '\n`npm start` to first healthy /api/health (includes the incremental TypeScript build check; the web app build is current)',
    );
    printTable([
      ['run', 'seconds'],
      ['fresh DATA_DIR (initdb + migrations)', fmt(first)],
      ['existing DATA_DIR', fmt(second)],
    ]);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function timeStart(dataDir: string): Promise<number> {
  const apiPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    API_PORT: String(apiPort),
    WEB_PORT: String(await freePort()),
    EMBEDDED_PG_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  const started = performance.now();
  const child = spawn('npm', ['start'], { cwd: repoRoot, env, stdio: 'ignore', detached: true });
  try {
    for (;;) {
      if (performance.now() - started > 120_000) throw new Error('npm start did not become healthy within 120 s');
      const healthy = await fetch(`http://127.0.0.1:${apiPort}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (healthy) return (performance.now() - started) / 1000;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
