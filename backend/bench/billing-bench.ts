import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startTestDatabase } from '../test/test-database.js';
import { Client } from '../test/http.js';
import { STRONG_PASSWORD, uniqueEmail } from '../test/harness.js';
import { seedBillingClinic, seedDrafts } from './billing-seed.js';
import { vacuumAnalyze } from './clinic-seed.js';
import type { LatencyJob, LatencyResult } from './latency-client.js';
import { fmt, percentile, printTable, startServer } from './report.js';

/**
 * Billing figures: issue + pay throughput with 20 concurrent clients, the invoice list of a clinic
 * with 100k invoices (p50/p99), and PDF generation per invoice (p50/p99, alone and through the API).
 * Loopback only, bounded runs. BENCH_SCALE=0.05 runs it on a twentieth of the data.
 */
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 500);
const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 10);
const CLIENTS = 20;
const here = path.dirname(fileURLToPath(import.meta.url));

async function main() {
  const database = await startTestDatabase();
  let api = await startServer('api', database.appUrl);
  try {
    const owner = new Client(api.url);
    const signup = await owner.post('/api/auth/signup', {
      body: {
        clinicName: 'Billing Clinic',
        email: uniqueEmail('billing'),
        password: STRONG_PASSWORD,
        firstName: 'Bill',
        lastName: 'Owner',
      },
    });
    const token: string = signup.body.accessToken;
    const clinicId: string = signup.body.clinic.id;
    const profile = await owner.patch('/api/clinics/me', {
      token,
      body: { legalNameEn: 'Billing Clinic Co.', legalNameAr: 'شركة عيادة الفوترة', vatNumber: '310122393500003' },
    });
    if (profile.status !== 200) throw new Error(JSON.stringify(profile.body));
    const invoiceCount = Math.round(100_000 * SCALE);
    const seeding = performance.now();
    await seedBillingClinic(database.adminUrl, clinicId, invoiceCount, Math.round(20_000 * SCALE));
    const drafts = await seedDrafts(database.adminUrl, clinicId, Math.round(20_000 * Math.max(SCALE, 0.1)));
    await vacuumAnalyze(database.adminUrl);
    await api.stop();
    api = await startServer('api', database.appUrl);
    console.log(
      `\nSeeded in ${((performance.now() - seeding) / 1000).toFixed(0)} s: 1 clinic with ${Math.round(invoiceCount / 1000)}k issued invoices (lines, payments) and ${drafts.length} drafts\n`,
    );

    const listed = await new Client(api.url).get('/api/invoices?limit=50', { token });
    const someone = listed.body.items[7].patientId as string;
    const monthAgo = encodeURIComponent(new Date(Date.now() - 30 * 86_400_000).toISOString());
    const now = encodeURIComponent(new Date().toISOString());
    const second = `/api/invoices?limit=50&cursor=${listed.body.nextCursor}`;
    const results = await timeReads({
      baseUrl: api.url,
      token,
      samples: SAMPLES,
      requests: [
        { label: 'invoice list, newest 50', count: 'items', paths: ['/api/invoices?limit=50'] },
        { label: 'invoice list, 2nd page (cursor)', count: 'items', paths: [second] },
        { label: 'invoice list, status=PAID', count: 'items', paths: ['/api/invoices?limit=50&status=PAID'] },
        { label: 'invoice list, status=OVERDUE (derived)', count: 'items', paths: ['/api/invoices?limit=50&status=OVERDUE'] },
        { label: 'invoice list, one patient', count: 'items', paths: [`/api/invoices?limit=50&patientId=${someone}`] },
        { label: 'invoice list, last 30 days', count: 'items', paths: [`/api/invoices?limit=50&from=${monthAgo}&to=${now}`] },
        { label: 'billing summary, last 30 days', count: 'invoices', paths: [`/api/billing/summary?from=${monthAgo}&to=${now}`] },
      ],
    });
    printTable([['request', 'p50 ms', 'p99 ms', 'result size'], ...results.map((r) => [r.label, r.p50, r.p99, String(r.size)])]);

    await issueAndPay(api.url, token, drafts, database.adminUrl, clinicId);

    const issued = (await new Client(api.url).get('/api/invoices?limit=1&status=PAID', { token })).body.items[0].id as string;
    const pdf = await timeReads({
      baseUrl: api.url,
      token,
      samples: Math.min(SAMPLES, 300),
      requests: [
        { label: 'GET invoice PDF, English (API, end to end)', count: 'bytes', paths: [`/api/invoices/${issued}/pdf?locale=en`] },
        { label: 'GET invoice PDF, Arabic (API, end to end)', count: 'bytes', paths: [`/api/invoices/${issued}/pdf?locale=ar`] },
      ],
    });
    const rendered = await renderTimes(300);
    console.log('\nPDF generation per invoice\n');
    printTable([
      ['what', 'p50 ms', 'p99 ms', 'CPU p50 / p99 ms', 'bytes'],
      ...rendered.map((r) => [`render only, ${r.locale} (5 lines, QR)`, r.p50, r.p99, `${r.cpuP50} / ${r.cpuP99}`, String(r.bytes)]),
      ...pdf.map((r) => [r.label, r.p50, r.p99, '', String(r.size)]),
    ]);
    console.log(`(load average ${rendered[0]?.load} on ${(await import('node:os')).cpus().length} cores while rendering)`);
  } finally {
    await api.stop();
    await database.stop();
  }
}

/**
 * 20 clients, each issuing a draft and then paying it in full (two requests, a fresh Idempotency-Key),
 * for DURATION_SECONDS; then checks the numbers and the chain came out gapless and in order.
 */
async function issueAndPay(baseUrl: string, token: string, drafts: string[], adminUrl: string, clinicId: string) {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const issueTimes: number[] = [];
  const payTimes: number[] = [];
  let next = 0;
  let failures = 0;
  const deadline = performance.now() + DURATION_SECONDS * 1000;
  const client = async () => {
    while (performance.now() < deadline && next < drafts.length) {
      const id = drafts[next++]!;
      let started = performance.now();
      const issued = await fetch(`${baseUrl}/api/invoices/${id}/issue`, { method: 'POST', headers });
      await issued.arrayBuffer();
      issueTimes.push(performance.now() - started);
      if (issued.status !== 200) {
        failures++;
        continue;
      }
      started = performance.now();
      const paid = await fetch(`${baseUrl}/api/invoices/${id}/payments`, {
        method: 'POST',
        headers: { ...headers, 'idempotency-key': randomUUID() },
        body: JSON.stringify({ amount: '287.50', method: 'card' }),
      });
      await paid.arrayBuffer();
      payTimes.push(performance.now() - started);
      if (paid.status !== 201) failures++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, client));
  const seconds = (performance.now() - started) / 1000;
  const check = new pg.Client({ connectionString: adminUrl });
  await check.connect();
  const { rows } = await check.query(
    `select count(*)::int as n, max(sequence) - min(sequence) + 1 as span, count(distinct number)::int as numbers,
            (select max(icv) - min(icv) + 1 from zatca_documents where clinic_id = $1)::int as chain
     from invoices where clinic_id = $1 and id = any($2)`,
    [clinicId, drafts.slice(0, next)],
  );
  await check.end();
  const { n, span, numbers, chain } = rows[0];
  console.log(
    `\nIssue + pay: ${CLIENTS} concurrent clients, ${seconds.toFixed(1)} s: ${fmt(payTimes.length / seconds)} invoices issued and paid per second ` +
      `(${fmt((issueTimes.length + payTimes.length) / seconds)} requests/s); issue p50 ${fmt(percentile(issueTimes, 50))} / p99 ${fmt(percentile(issueTimes, 99))} ms, ` +
      `pay p50 ${fmt(percentile(payTimes, 50))} / p99 ${fmt(percentile(payTimes, 99))} ms; ${failures} failed`,
  );
  console.log(`  ${n} issued: numbers span ${span}, ${numbers} distinct, chain spans ${chain} (gapless and unique when all equal)`);
}

/** Times GETs in the lean latency client (latency-client.ts). */
async function timeReads(job: LatencyJob): Promise<LatencyResult[]> {
  return jsonLines<LatencyResult>(path.join(here, 'latency-client.js'), [JSON.stringify(job)]);
}

async function renderTimes(count: number) {
  return jsonLines<{ locale: string; p50: string; p99: string; cpuP50: string; cpuP99: string; bytes: number; load: string }>(
    path.join(here, 'pdf-render.js'),
    [String(count)],
  );
}

async function jsonLines<T>(script: string, args: string[]): Promise<T[]> {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${path.basename(script)} exited with ${code}`);
  return output
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as T);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
