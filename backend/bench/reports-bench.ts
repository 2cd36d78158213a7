import { drizzle } from 'drizzle-orm/node-postgres';
import { DateTime } from 'luxon';
import pg from 'pg';
import { startTestDatabase } from '../test/test-database.js';
import { Client } from '../test/http.js';
import { STRONG_PASSWORD, uniqueEmail } from '../test/harness.js';
import * as schema from '../src/db/schema/index.js';
import type { Tx } from '../src/db/database.js';
import { periodsOf, reportRange, type PeriodUnit, type ReportRange } from '../src/reports/report-periods.js';
import { type ReportFilter, type ReportKey, ReportsRepository } from '../src/reports/reports.repository.js';
import { SchedulesRepository } from '../src/schedules/schedules.repository.js';
import { PROVIDERS } from '@dental/shared';
import { seedInvoiceLedger } from './billing-seed.js';
import { seedBigClinic, seedOtherClinics, vacuumAnalyze } from './clinic-seed.js';
import { fmt, percentile, printTable, startServer, timeReads } from './report.js';

/**
 * Reports at scale: a clinic with 100k patients and ~100k appointments over ~20 months (10 dentists),
 * 100k issued invoices over the last 400 days with their lines, payments, credit notes and refunds,
 * next to 20 other clinics (each with 1k invoices). Each report over one month and over one year through
 * the API (p50/p99, sequential requests), the receivables as of today and the dashboard's summary, next
 * to the bare SQL aggregate each runs, timed alone on one connection as the application role.
 */
const SAMPLES = Number(process.env.BENCH_REPORT_SAMPLES ?? 100);
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const ZONE = 'Asia/Riyadh';
const schedules = new SchedulesRepository();

interface Case {
  label: string;
  path: string;
  /** What the table's "rows" column counts: the response's `rows` (default), or its bytes (the summary has no rows). */
  count?: 'rows' | 'bytes';
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
    let started = performance.now();
    await seedInvoiceLedger(database.adminUrl, clinicId, Math.round(100_000 * SCALE));
    console.log(`Invoice ledger seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    await seedOtherClinics(database.adminUrl, Math.max(1, Math.round(20 * SCALE)));
    started = performance.now();
    for (const other of await otherClinics(database.adminUrl, clinicId)) await seedInvoiceLedger(database.adminUrl, other, 1000);
    console.log(`Other clinics' ledgers seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
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
    const cases = [
      ...reportCases(clinicId, 'one month', month, 'day'),
      ...reportCases(clinicId, 'one year', year, 'month'),
      ...moneyCases(clinicId, 'one month', month),
      ...moneyCases(clinicId, 'one year', year),
      ...todayCases(clinicId, today),
    ];
    const appointments = await new Client(api.url).get(`/api/reports/appointments?from=${year.from}&to=${year.to}&groupBy=month`, {
      token,
    });
    const revenue = await new Client(api.url).get(`/api/reports/revenue?from=${year.from}&to=${year.to}&groupBy=month`, { token });
    const counts = await ledgerCounts(database.adminUrl, clinicId, year);
    console.log(
      `\nReports over a clinic with ${appointments.body.totals.total} appointments, ${counts.invoices} invoices ` +
        `(${counts.lines} lines), ${counts.payments} payments, ${counts.creditNotes} credit notes and ${counts.refunds} refunds ` +
        `in the year's range (invoiced ${revenue.body.totals.invoiced}, collected ${revenue.body.totals.collected}; ${SAMPLES} samples each)\n`,
    );

    const api_ = await timeReads({
      baseUrl: api.url,
      token,
      samples: SAMPLES,
      requests: cases.map((c) => ({ label: c.label, paths: [c.path], count: c.count ?? 'rows' })),
    });
    const sql = await timeSql(database.appUrl, clinicId, cases);
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
      sql: (repository, db) => utilisationSql(repository, db, filter, { by: 'dentist' }, r),
    },
    {
      label: `utilisation by ${unit}, ${span}`,
      path: `/api/reports/utilization?${query}&groupBy=${unit}`,
      sql: (repository, db) => utilisationSql(repository, db, filter, byPeriod, r),
    },
  ];
}

/**
 * Utilisation's SQL: the booked-minutes aggregate and what the available minutes are computed from (the
 * providers, their weekly hours and their exceptions in the range); the rest is arithmetic in the API.
 */
async function utilisationSql(repository: ReportsRepository, db: Tx, filter: ReportFilter, key: ReportKey, range: ReportRange) {
  await repository.bookedMinutes(db, filter, key);
  const providers = (await repository.dentists(db, filter.clinicId, [], PROVIDERS)).map((p) => p.id);
  await schedules.intervals(db, filter.clinicId, providers);
  return schedules.exceptions(db, filter.clinicId, providers, range.fromDate, range.toDate);
}

/** Revenue by day, month, dentist and service over a range, as the Reports page asks for it. */
function moneyCases(clinicId: string, span: string, range: { from: string; to: string }): Case[] {
  const query = `from=${range.from}&to=${range.to}`;
  const r = reportRange(range.from, range.to, ZONE);
  const filter = { clinicId, from: new Date(r.start), to: new Date(r.end) };
  const byPeriod = (unit: PeriodUnit): ReportKey => ({ by: 'period', bounds: periodsOf(r, unit).map((p) => new Date(p.start)) });
  return [
    ...(['day', 'month'] as const).map((unit) => ({
      label: `revenue by ${unit}, ${span}`,
      path: `/api/reports/revenue?${query}&groupBy=${unit}`,
      sql: (repository: ReportsRepository, db: Tx) => repository.revenue(db, filter, byPeriod(unit)),
    })),
    ...(['dentist', 'service'] as const).map((by) => ({
      label: `revenue by ${by}, ${span}`,
      path: `/api/reports/revenue?${query}&groupBy=${by}`,
      sql: (repository: ReportsRepository, db: Tx) => repository.revenue(db, filter, { by }),
    })),
  ];
}

/** The receivables as of today, and the dashboard's summary (its three aggregates, as ReportsService.summary runs them). */
function todayCases(clinicId: string, today: DateTime): Case[] {
  const day = reportRange(today.toISODate()!, today.toISODate()!, ZONE);
  const weekFrom = today.minus({ days: today.weekday % 7 });
  const week = reportRange(weekFrom.toISODate()!, weekFrom.plus({ days: 6 }).toISODate()!, ZONE);
  const filterOf = (range: typeof day) => ({ clinicId, from: new Date(range.start), to: new Date(range.end) });
  return [
    {
      label: 'receivables as of today',
      path: `/api/reports/receivables?asOf=${today.toISODate()!}`,
      sql: (repository, db) => repository.aging(db, clinicId, new Date(day.end), 2),
    },
    {
      label: 'summary (dashboard)',
      path: '/api/reports/summary',
      count: 'bytes',
      sql: async (repository, db) => {
        await repository.revenue(db, filterOf(day), { by: 'period', bounds: [new Date(day.start)] });
        await repository.appointmentCounts(db, filterOf(week), { by: 'period', bounds: [new Date(week.start)] });
        return repository.outstanding(db, clinicId);
      },
    },
  ];
}

async function otherClinics(adminUrl: string, clinicId: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return (await client.query('select id from clinics where id <> $1 order by id', [clinicId])).rows.map((r) => r.id as string);
  } finally {
    await client.end();
  }
}

/** How much of the big clinic's ledger falls in a range (for the table's heading). */
async function ledgerCounts(adminUrl: string, clinicId: string, range: { from: string; to: string }) {
  const r = reportRange(range.from, range.to, ZONE);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `select (select count(*) from invoices where clinic_id = $1 and issued_at >= $2 and issued_at < $3) as invoices,
              (select count(*) from invoice_items l join invoices i on i.clinic_id = l.clinic_id and i.id = l.invoice_id
                where i.clinic_id = $1 and i.issued_at >= $2 and i.issued_at < $3) as lines,
              (select count(*) from payments where clinic_id = $1 and processed_at >= $2 and processed_at < $3) as payments,
              (select count(*) from credit_notes where clinic_id = $1 and issued_at >= $2 and issued_at < $3) as credit_notes,
              (select count(*) from payment_refunds where clinic_id = $1 and refunded_at >= $2 and refunded_at < $3) as refunds`,
      [clinicId, new Date(r.start), new Date(r.end)],
    );
    const row = rows[0] as Record<string, string>;
    return {
      invoices: Number(row.invoices),
      lines: Number(row.lines),
      payments: Number(row.payments),
      creditNotes: Number(row.credit_notes),
      refunds: Number(row.refunds),
    };
  } finally {
    await client.end();
  }
}

/**
 * The aggregates alone, sequentially on one connection, as the API runs them: the application role with
 * the clinic set (row-level security applies), each in a transaction, without the API around them.
 */
async function timeSql(appUrl: string, clinicId: string, cases: Case[]): Promise<{ p50: number; p99: number }[]> {
  const pool = new pg.Pool({ connectionString: appUrl, max: 1 });
  const client = await pool.connect();
  const db = drizzle(client, { schema });
  const repository = new ReportsRepository();
  try {
    const results = [];
    for (const c of cases) {
      const times: number[] = [];
      for (let i = 0; i < SAMPLES + 10; i++) {
        await client.query('begin');
        await client.query("select set_config('app.clinic_id', $1, true)", [clinicId]);
        const started = performance.now();
        await c.sql(repository, db);
        if (i >= 10) times.push(performance.now() - started);
        await client.query('commit');
      }
      results.push({ p50: percentile(times, 50), p99: percentile(times, 99) });
    }
    return results;
  } finally {
    client.release();
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
