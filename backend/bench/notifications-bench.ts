import { type ChildProcess, fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { newId } from '../src/common/ids.js';
import { startTestDatabase } from '../test/test-database.js';
import { cpuSeconds, postgresCpuSeconds } from './cpu-usage.js';
import { fmt, percentile, printTable } from './report.js';

/**
 * `npm run bench` (notifications): one worker process sending email into a local SMTP server (its own
 * process), PostgreSQL durable as in production (fsync on: every commit waits for the disk).
 *  1. throughput: BENCH_MAIL_BURST messages all due at once; emails accepted per second;
 *  2. latency: BENCH_MAIL_RATE messages a second coming due for BENCH_MAIL_SECONDS; from each one's due
 *     time to its acceptance by the SMTP server (p50, p99, max).
 */
const BURST = Number(process.env.BENCH_MAIL_BURST ?? 10_000);
const RATE = Number(process.env.BENCH_MAIL_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_MAIL_SECONDS ?? 20);
const CONCURRENCY = process.env.BENCH_WORKER_CONCURRENCY ?? '64';
const here = path.dirname(fileURLToPath(import.meta.url));
const NAMESPACE = 'bench';
const DOMAIN = 'bench.example';

const payload = JSON.stringify({
  clinic: { name: 'Bench Dental', timezone: 'Asia/Riyadh', address: 'King Fahd Road, Riyadh', phone: '+966 11 123 4567' },
  patient: { firstName: 'Nora', lastName: 'Alqahtani' },
  clinician: { firstName: 'Sara', lastName: 'Haddad', isDentist: true },
  service: { name: 'Check-up', nameAr: 'فحص دوري' },
  startAt: '2099-01-01T07:30:00.000Z',
  offsetMinutes: 1440,
});

async function main() {
  // BENCH_PG_STATEMENTS=1: also print the statements PostgreSQL spent its time on (pg_stat_statements).
  const statements = process.env.BENCH_PG_STATEMENTS === '1';
  const database = await startTestDatabase({
    durable: true,
    settings: statements ? { shared_preload_libraries: 'pg_stat_statements' } : {},
  });
  const admin = new pg.Pool({ connectionString: database.adminUrl, max: 2 });
  admin.on('error', () => undefined);
  if (statements) {
    await admin.query('create extension if not exists pg_stat_statements');
    // Count the statements inside the worker's functions too.
    await admin.query("alter system set pg_stat_statements.track = 'all'");
    await admin.query('select pg_reload_conf()');
  }
  const sink = await startSink();
  let worker: ChildProcess | undefined;
  try {
    const clinicId = newId();
    await admin.query(`insert into clinics (id, name, slug) values ($1, 'Bench Dental', $2)`, [clinicId, `bench-${clinicId}`]);

    console.log(
      `\nNotifications: one worker (concurrency ${CONCURRENCY}) sending email to a local SMTP server; PostgreSQL with fsync on\n`,
    );
    // Warm-up: start the worker and let it send a few hundred.
    worker = startWorker(database.appUrl, sink.port);
    await enqueue(admin, clinicId, 500, 0);
    await waitAllSent(admin, sink, clinicId, 500, 60_000);
    await sink.report();

    // 1. A burst, all due now. CPU used by each process is counted too: the machine is shared, so
    // the rate depends on the neighbours, the CPU per message does not.
    const cpu = () => ({ worker: cpuSeconds(worker!.pid!), smtp: cpuSeconds(sink.pid), postgres: postgresCpuSeconds(database.dataDir!) });
    const burstIds = await enqueue(admin, clinicId, BURST, 0);
    const burstStart = Date.now();
    const cpuBefore = cpu();
    if (statements) await admin.query('select pg_stat_statements_reset()');
    await waitAllSent(admin, sink, clinicId, BURST, 300_000);
    const cpuAfter = cpu();
    if (statements) await printStatements(admin, BURST);
    const burst = await sink.report();
    checkAll(burstIds, burst);
    const times = burst.map(([, at]) => at).sort((a, b) => a - b);
    const burstRate = (times.length - 1) / ((times.at(-1)! - times[0]!) / 1000);
    const burstWall = (times.at(-1)! - burstStart) / 1000;

    // 2. A steady stream coming due at RATE a second.
    const total = RATE * SECONDS;
    const start = Date.now() + 3000;
    const ids = await enqueueSpread(admin, clinicId, total, start, RATE);
    await waitAllSent(admin, sink, clinicId, total, (SECONDS + 120) * 1000);
    const stream = await sink.report();
    checkAll(ids, stream);
    const dueAt = new Map(ids.map((id, i) => [`<notification.${id}@${DOMAIN}>`, start + Math.floor((i * 1000) / RATE)]));
    const latencies = stream.filter(([id]) => dueAt.has(id)).map(([id, at]) => at - dueAt.get(id)!);
    const streamTimes = stream.map(([, at]) => at).sort((a, b) => a - b);
    const streamRate = (streamTimes.length - 1) / ((streamTimes.at(-1)! - streamTimes[0]!) / 1000);

    printTable([
      ['run', 'messages', 'emails/s', 'due -> accepted p50 ms', 'p99 ms', 'max ms'],
      [`burst (all due at once)`, String(BURST), fmt(burstRate), '', '', `all sent ${fmt(burstWall)} s after enqueue`],
      [
        `stream (${RATE}/s due for ${SECONDS} s)`,
        String(total),
        fmt(streamRate),
        fmt(percentile(latencies, 50)),
        fmt(percentile(latencies, 99)),
        fmt(Math.max(...latencies)),
      ],
    ]);
    const perMessage = (key: keyof typeof cpuBefore) => ((cpuAfter[key] - cpuBefore[key]) * 1000) / BURST;
    const cpuTotal = perMessage('worker') + perMessage('smtp') + perMessage('postgres');
    console.log(
      `\nCPU per message in the burst: worker ${fmt(perMessage('worker'))} ms, SMTP server ${fmt(perMessage('smtp'))} ms, ` +
        `PostgreSQL ${fmt(perMessage('postgres'))} ms; ${fmt(cpuTotal)} ms in all, so 2 otherwise idle cores could do about ${fmt(2000 / cpuTotal)}/s ` +
        `(the worker alone: ${fmt(1000 / perMessage('worker'))}/s per core). Load average during the run: ${loadAverage()}.`,
    );
    const { rows } = await admin.query(
      `select count(*) filter (where attempts > 1)::int as retried from notifications where clinic_id = $1`,
      [clinicId],
    );
    console.log(`\nEvery message accepted once (${BURST + total + 500} Message-IDs); ${rows[0].retried} needed more than one attempt.`);
  } finally {
    if (worker) await stopWorker(worker);
    await sink.stop();
    await admin.end();
    await database.stop();
  }
}

/** N email reminders due `delayMs` from now, with their jobs, in one transaction. */
async function enqueue(admin: pg.Pool, clinicId: string, count: number, delayMs: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => newId());
  const offsets = ids.map(() => delayMs);
  await insert(admin, clinicId, ids, offsets);
  return ids;
}

/** N email reminders coming due `rate` a second from `start` (epoch ms). */
async function enqueueSpread(admin: pg.Pool, clinicId: string, count: number, start: number, rate: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => newId());
  const { rows } = await admin.query<{ now: Date }>('select now() as now');
  const dbNow = rows[0]!.now.getTime();
  // Due instants as absolute times; the database's clock is the machine's.
  const offsets = ids.map((_, i) => start + Math.floor((i * 1000) / rate) - dbNow);
  await insert(admin, clinicId, ids, offsets);
  return ids;
}

async function insert(admin: pg.Pool, clinicId: string, ids: string[], offsetsMs: number[]) {
  await admin.query(
    `with input as (
       select id, n, now() + (off * interval '1 millisecond') as due
         from unnest($2::text[], $3::float8[]) with ordinality as t(id, off, n)),
     rows as (
       insert into notifications (clinic_id, id, type, channel, template, locale, recipient, payload, idempotency_key, status, scheduled_for)
       select $1, id, 'email', 'smtp', 'appointment_reminder', case when n % 2 = 0 then 'ar' else 'en' end,
              'patient' || n || '@example.test', $4::jsonb, 'bench:' || id, 'pending', due
         from input
       returning id, scheduled_for)
     select count(*) from graphile_worker.add_jobs(array(
       select ($5::text, json_build_object('clinicId', $1::text, 'notificationId', id), null, scheduled_for, 10, 'notification:' || id, null, null)::graphile_worker.job_spec
         from rows))`,
    [clinicId, ids, offsetsMs, payload, `${NAMESPACE}:send_notification`],
  );
}

/**
 * Until every message is marked sent. The SMTP server's count is watched first: polling the table (a
 * scan, no index has `status`) every 250 ms cost PostgreSQL more CPU than any statement of the worker's
 * and was counted in its CPU per message (docs/benchmarks.md).
 */
async function waitAllSent(admin: pg.Pool, sink: Sink, clinicId: string, expected: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while ((await sink.count()) < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  for (;;) {
    const { rows } = await admin.query(`select count(*)::int as n from notifications where clinic_id = $1 and status <> 'sent'`, [
      clinicId,
    ]);
    if (rows[0].n === 0) return;
    if (Date.now() > deadline) throw new Error(`${rows[0].n} notifications not sent within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function checkAll(ids: string[], accepted: [string, number][]) {
  const received = new Set(accepted.map(([id]) => id));
  const missing = ids.filter((id) => !received.has(`<notification.${id}@${DOMAIN}>`));
  if (missing.length > 0) throw new Error(`${missing.length} messages never reached the SMTP server`);
}

function startWorker(appUrl: string, smtpPort: number): ChildProcess {
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  return spawn(process.execPath, [...profile, path.join(here, '../src/worker.js')], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0001',
      APP_DATABASE_URL: appUrl,
      JOB_NAMESPACE: NAMESPACE,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: `Bench Dental <reminders@${DOMAIN}>`,
      WORKER_CONCURRENCY: CONCURRENCY,
      LOG_LEVEL: 'warn',
      SMTP_MAX_CONNECTIONS: process.env.SMTP_MAX_CONNECTIONS ?? '5',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

async function stopWorker(child: ChildProcess) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

type Sink = Awaited<ReturnType<typeof startSink>>;

async function startSink() {
  const child = fork(path.join(here, 'smtp-sink-process.js'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  return {
    port,
    pid: child.pid!,
    count: () =>
      new Promise<number>((resolve) => {
        const listener = (m: { type: string; count: number }) => {
          if (m.type !== 'count') return;
          child.off('message', listener);
          resolve(m.count);
        };
        child.on('message', listener);
        child.send({ type: 'count' });
      }),
    report: () =>
      new Promise<[string, number][]>((resolve) => {
        const listener = (m: { type: string; accepted: [string, number][] }) => {
          if (m.type !== 'report') return;
          child.off('message', listener);
          resolve(m.accepted);
        };
        child.on('message', listener);
        child.send({ type: 'report' });
      }),
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop' });
      await exited;
    },
  };
}

async function printStatements(admin: pg.Pool, messages: number) {
  const { rows } = await admin.query(
    `
    select calls, round(total_exec_time::numeric, 1) as ms, round((total_exec_time / $1)::numeric, 3) as ms_per_message,
           round(shared_blks_hit::numeric / calls, 1) as hits, round(rows::numeric / calls, 1) as rows_per_call,
           regexp_replace(left(query, 110), '\\s+', ' ', 'g') as query
      from pg_stat_statements order by total_exec_time desc limit 12`,
    [messages],
  );
  console.log('\nPostgreSQL time by statement during the burst:');
  printTable([
    ['calls', 'total ms', 'ms/message', 'buffers/call', 'rows/call', 'statement'],
    ...rows.map((r) => [String(r.calls), String(r.ms), String(r.ms_per_message), String(r.hits), String(r.rows_per_call), r.query]),
  ]);
}

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

await main();
