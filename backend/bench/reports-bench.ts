import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { DateTime } from 'luxon';
import pg from 'pg';
import { startTestDatabase } from '../test/test-database.js';
import { Client } from '../test/http.js';
import { STRONG_PASSWORD, uniqueEmail } from '../test/harness.js';
import * as schema from '../src/db/schema/index.js';
import type { Tx } from '../src/db/database.js';
import { periodsOf, reportRange, type PeriodUnit } from '../src/reports/report-periods.js';
import { type ReportKey, ReportsRepository } from '../src/reports/reports.repository.js';
import { seedBigClinic, seedOtherClinics, vacuumAnalyze } from './clinic-seed.js';
import type { LatencyJob, LatencyResult } from './latency-client.js';
import { fmt, percentile, printTable, startServer } from './report.js';

/**
 * Reports at scale: a clinic with 100k patients and ~100k appointments over ~20 months (10 dentists),
 * next to 20 other clinics. Each report over one month and over one year through the API (p50/p99,
 * sequential requests), next to the bare SQL aggregate it runs, timed alone on one connection.
 */
const SAMPLES = Number(process.env.BENCH_REPORT_SAMPLES ?? 100);
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const ZONE = 'Asia/Riyadh';

interface Case {
  label: string;
  path: string;
  /** The aggregate the report runs, alone. */
  sql: (repository: ReportsRepository, db: Tx) => Promise<unknown>;
}

async function main() {
  const database = await startTestDatabase();
  let api = await startServer('api', database.appUrl);
  try {
    const owner = new Client(api.url);
    const signup = await owner.post('/api/auth/signup', {
      body: { clinicName: 'Big Clinic', email: uniqueEmail('big'), password: STRONG_PASSWORD, firstName: 'Big', lastName: 'Owner' },
    });
    const email: string = signup.body.user.email;
    const clinicId: string = signup.body.clinic.id;
    await seedBigClinic(database.adminUrl, clinicId, Math.round(100_000 * SCALE), Math.round(142_858 * SCALE));
    await seedOtherClinics(database.adminUrl, Math.max(1, Math.round(20 * SCALE)));
    await vacuumAnalyze(database.adminUrl);
    await api.stop();
    api = await startServer('api', database.appUrl);
    // Seeding outlasts an access token (15 min): log in afresh.
    const login = await new Client(api.url).post('/api/auth/login', { body: { email, password: STRONG_PASSWORD } });
    const token: string = login.body.accessToken;

    const today = DateTime.now().setZone(ZONE).startOf('day');
    const month = {
      from: today.minus({ months: 1 }).startOf('month').toISODate()!,
      to: today.minus({ months: 1 }).endOf('month').toISODate()!,
    };
    const year = { from: today.minus({ years: 1 }).toISODate()!, to: today.minus({ days: 1 }).toISODate()! };
    const cases = [...reportCases(clinicId, 'one month', month, 'day'), ...reportCases(clinicId, 'one year', year, 'month')];
    const appointments = await new Client(api.url).get(`/api/reports/appointments?from=${year.from}&to=${year.to}&groupBy=month`, {
      token,
    });
    console.log(
      `\nReports over a clinic with ${appointments.body.totals.total} appointments in the year's range (${SAMPLES} samples each)\n`,
    );

    const api_ = await timeReads({
      baseUrl: api.url,
      token,
      samples: SAMPLES,
      requests: cases.map((c) => ({ label: c.label, paths: [c.path], count: 'rows' })),
    });
    const sql = await timeSql(database.adminUrl, cases);
    const rows = [['report', 'rows', 'API p50 ms', 'API p99 ms', 'SQL p50 ms', 'SQL p99 ms', 'API/SQL p50']];
    api_.forEach((result, i) => {
      const bare = sql[i]!;
      rows.push([
        result.label,
        String(result.size),
        result.p50,
        result.p99,
        fmt(bare.p50),
        fmt(bare.p99),
        `${(Number(result.p50) / bare.p50).toFixed(2)}x`,
      ]);
    });
    printTable(rows);
  } finally {
    await api.stop();
    await database.stop();
  }
}

function reportCases(clinicId: string, span: string, range: { from: string; to: string }, unit: PeriodUnit): Case[] {
  const query = `from=${range.from}&to=${range.to}`;
  const bounds = periodsOf(reportRange(range.from, range.to, ZONE), unit).map((p) => new Date(p.start));
  const r = reportRange(range.from, range.to, ZONE);
  const filter = { clinicId, from: new Date(r.start), to: new Date(r.end) };
  const byPeriod: ReportKey = { by: 'period', bounds };
  return [
    {
      label: `appointments by ${unit}, ${span}`,
      path: `/api/reports/appointments?${query}&groupBy=${unit}`,
      sql: (repository, db) => repository.appointmentCounts(db, filter, byPeriod),
    },
    {
      label: `appointments by dentist, ${span}`,
      path: `/api/reports/appointments?${query}&groupBy=dentist`,
      sql: (repository, db) => repository.appointmentCounts(db, filter, { by: 'dentist' }),
    },
    {
      label: `utilisation by dentist, ${span}`,
      path: `/api/reports/utilization?${query}&groupBy=dentist`,
      sql: (repository, db) => repository.bookedMinutes(db, filter, { by: 'dentist' }),
    },
    {
      label: `utilisation by ${unit}, ${span}`,
      path: `/api/reports/utilization?${query}&groupBy=${unit}`,
      sql: (repository, db) => repository.bookedMinutes(db, filter, byPeriod),
    },
  ];
}

/** The aggregates alone, sequentially on one connection (the superuser: no RLS, no API around them). */
async function timeSql(adminUrl: string, cases: Case[]): Promise<{ p50: number; p99: number }[]> {
  const pool = new pg.Pool({ connectionString: adminUrl, max: 1 });
  const db = drizzle(pool, { schema }) as unknown as Tx;
  const repository = new ReportsRepository();
  try {
    const results = [];
    for (const c of cases) {
      const times: number[] = [];
      for (let i = 0; i < SAMPLES + 10; i++) {
        const started = performance.now();
        await c.sql(repository, db);
        if (i >= 10) times.push(performance.now() - started);
      }
      results.push({ p50: percentile(times, 50), p99: percentile(times, 99) });
    }
    return results;
  } finally {
    await pool.end();
  }
}

/** Times the API in a lean process of its own (latency-client.ts), as the clinic benchmark does. */
async function timeReads(job: LatencyJob): Promise<LatencyResult[]> {
  const client = spawn(
    process.execPath,
    [path.join(path.dirname(fileURLToPath(import.meta.url)), 'latency-client.js'), JSON.stringify(job)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let output = '';
  client.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => client.once('exit', resolve));
  if (code !== 0) throw new Error(`latency client exited with ${code}`);
  return output
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as LatencyResult);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
