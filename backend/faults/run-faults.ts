import assert from 'node:assert/strict';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { percentile, printTable, fmt } from '../bench/report.js';
import { STRONG_PASSWORD, uniqueEmail } from '../test/harness.js';
import { type FaultStack, startApi, startFaultStack } from './stack.js';

/**
 * `npm run test:faults`: what happens to data and service when things break. Each scenario asserts what
 * must hold (no acknowledged write lost, no half-written rows, no 5xx but 503 while the database is away,
 * recovery without a restart, no database connection held by a slow client) and prints its figures.
 */
interface Clinic {
  url: string;
  token: string;
  clinicId: string;
}

const headers = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

async function call(url: string, method: string, token: string, body?: unknown) {
  const started = performance.now();
  const response = await fetch(url, { method, headers: headers(token), body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, ms: performance.now() - started };
}

async function signup(url: string, name: string): Promise<Clinic> {
  const response = await fetch(`${url}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      clinicName: name,
      email: uniqueEmail('faults'),
      password: STRONG_PASSWORD,
      firstName: 'Fault',
      lastName: 'Owner',
    }),
  });
  assert.equal(response.status, 201);
  const body = (await response.json()) as { accessToken: string; clinic: { id: string } };
  return { url, token: body.accessToken, clinicId: body.clinic.id };
}

/** kill -9 the API while eight clients write patients; restart it; every acknowledged write is there, whole. */
async function crashDuringWrites(stack: FaultStack) {
  const api = await startApi(stack.appUrl);
  const clinic = await signup(api.url, 'Crash Clinic');
  const acknowledged: string[] = [];
  let attempts = 0;
  let running = true;
  const writers = Array.from({ length: 8 }, async (_, writer) => {
    for (let i = 0; running; i++) {
      attempts++;
      try {
        const created = await call(`${api.url}/api/patients`, 'POST', clinic.token, {
          firstName: `Writer${writer}`,
          lastName: `Patient${i}`,
        });
        if (created.status === 201) acknowledged.push(created.body.id as string);
        else assert.fail(`a write answered ${created.status}`);
      } catch (error) {
        if (running) throw error;
      }
    }
  });
  await sleep(1500);
  running = false;
  await api.crash();
  await Promise.allSettled(writers);
  const restarted = await startApi(stack.appUrl);
  try {
    const { rows } = await stack.admin.query('select count(*)::int as n from patients where clinic_id = $1 and id = any($2)', [
      clinic.clinicId,
      acknowledged,
    ]);
    assert.equal(rows[0].n, acknowledged.length, 'every acknowledged patient survived the crash');
    const orphans = await stack.admin.query(
      `select (select count(*) from patients p where p.clinic_id = $1 and not exists
                 (select 1 from audit_logs a where a.clinic_id = $1 and a.entity_id = p.id and a.action = 'PATIENT_CREATED'))::int as rows_without_audit,
              (select count(*) from audit_logs a where a.clinic_id = $1 and a.action = 'PATIENT_CREATED' and not exists
                 (select 1 from patients p where p.clinic_id = $1 and p.id = a.entity_id))::int as audit_without_rows,
              (select count(*) from patients p where p.clinic_id = $1 and not exists
                 (select 1 from patient_search_terms t where t.clinic_id = $1 and t.patient_id = p.id))::int as rows_without_search_terms,
              (select count(*) from patients where clinic_id = $1)::int as stored`,
      [clinic.clinicId],
    );
    const found = orphans.rows[0];
    assert.deepEqual(
      {
        rowsWithoutAudit: found.rows_without_audit,
        auditWithoutRows: found.audit_without_rows,
        rowsWithoutSearch: found.rows_without_search_terms,
      },
      { rowsWithoutAudit: 0, auditWithoutRows: 0, rowsWithoutSearch: 0 },
      'no half-written patient: row, search terms and audit entry commit together or not at all',
    );
    for (const id of acknowledged.slice(-5))
      assert.equal((await call(`${restarted.url}/api/patients/${id}`, 'GET', clinic.token)).status, 200);
    return [
      ['writes attempted', String(attempts)],
      ['acknowledged (201) before the kill', String(acknowledged.length)],
      ['stored after restart', String(found.stored)],
      ['acknowledged but lost', '0'],
      ['half-written rows', '0'],
    ];
  } finally {
    await restarted.stop();
  }
}

/** Stop PostgreSQL under load and start it again: 503 while it is away (never 500), recovery without restarting the API. */
async function restartDatabaseUnderLoad(stack: FaultStack) {
  const api = await startApi(stack.appUrl);
  try {
    const clinic = await signup(api.url, 'Restart Clinic');
    const statuses = new Map<number, number>();
    const health: { at: number; status: number }[] = [];
    let running = true;
    const loaders = Array.from({ length: 10 }, async () => {
      while (running) {
        const { status } = await call(`${api.url}/api/users/me`, 'GET', clinic.token).catch(() => ({ status: 0 }));
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status !== 200) await sleep(20);
      }
    });
    const poller = (async () => {
      while (running) {
        const response = await fetch(`${api.url}/api/health`).catch(() => undefined);
        health.push({ at: performance.now(), status: response?.status ?? 0 });
        await sleep(100);
      }
    })();
    await sleep(1000);
    const stoppedAt = performance.now();
    await stack.postgres.stop();
    await sleep(2000);
    await stack.postgres.start();
    const startedAt = performance.now();
    let recoveredAt = Number.NaN;
    for (let i = 0; i < 100 && Number.isNaN(recoveredAt); i++) {
      await sleep(100);
      if ((await call(`${api.url}/api/users/me`, 'GET', clinic.token)).status === 200) recoveredAt = performance.now();
    }
    await sleep(1000);
    running = false;
    await Promise.all([...loaders, poller]);
    const down = health.filter((h) => h.at > stoppedAt + 300 && h.at < startedAt);
    assert.ok(
      down.length > 0 && down.every((h) => h.status === 503),
      `health while the database was down: ${down.map((h) => h.status).join(',')}`,
    );
    assert.equal(health.at(-1)?.status, 200, 'health is back once the database is');
    assert.ok(!Number.isNaN(recoveredAt), 'the API serves again without a restart');
    const unexpected = [...statuses.keys()].filter((status) => status !== 200 && status !== 503);
    assert.deepEqual(unexpected, [], `statuses during the restart: ${JSON.stringify([...statuses])}`);
    return [
      ['requests during the test', String([...statuses.values()].reduce((a, b) => a + b, 0))],
      ['answered 200 / 503', `${statuses.get(200) ?? 0} / ${statuses.get(503) ?? 0}`],
      ['any other status (500, reset...)', '0'],
      ['health while down', `503 (${down.length} polls)`],
      ['database up -> first 200 from the API', `${fmt(recoveredAt - startedAt)} ms`],
    ];
  } finally {
    await api.stop();
  }
}

/** 2,000 requests at 50 concurrent from one clinic's staff while another clinic runs a 50-way cross-resource booking race. */
async function loadWithBookingRace(stack: FaultStack) {
  const api = await startApi(stack.appUrl);
  try {
    const racer = await signup(api.url, 'Race Clinic');
    const reader = await signup(api.url, 'Reading Clinic');
    const setup = await raceClinic(racer);
    for (let i = 0; i < 30; i++)
      await call(`${api.url}/api/patients`, 'POST', reader.token, { firstName: `Reader${i}`, lastName: 'Patient' });

    const paths = ['/api/users/me', '/api/patients?limit=20', '/api/services', '/api/clinics/me', '/api/patients?q=reader'];
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const readers = Array.from({ length: 50 }, async () => {
      while (next < 2000) {
        const path = paths[next++ % paths.length]!;
        const result = await call(`${api.url}${path}`, 'GET', reader.token);
        latencies.push(result.ms);
        statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
      }
    });
    await sleep(200);
    const raceStarted = performance.now();
    const race = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call(`${api.url}/api/appointments`, 'POST', racer.token, {
          patientId: setup.patientId,
          dentistId: setup.dentists[i % 2],
          serviceId: setup.serviceId,
          room: 'Theatre',
          startAt: '2027-06-07T10:00:00+03:00',
        }),
      ),
    );
    const raceMs = performance.now() - raceStarted;
    await Promise.all(readers);
    const raceStatuses = race.map((r) => r.status);
    assert.equal(raceStatuses.filter((s) => s === 201).length, 1, raceStatuses.join(','));
    assert.equal(raceStatuses.filter((s) => s === 409).length, 49, raceStatuses.join(','));
    assert.deepEqual([...statuses.keys()], [200], `readers' statuses: ${JSON.stringify([...statuses])}`);
    return [
      ['reads by the other clinic (50 concurrent)', `${latencies.length}, all 200`],
      [
        'their p50 / p99 / max ms',
        `${fmt(percentile(latencies, 50))} / ${fmt(percentile(latencies, 99))} / ${fmt(Math.max(...latencies))}`,
      ],
      ['booking race: 50 at once', `1 x 201, 49 x 409, none 5xx, done in ${fmt(raceMs)} ms`],
    ];
  } finally {
    await api.stop();
  }
}

async function raceClinic(clinic: Clinic) {
  const service = await call(`${clinic.url}/api/services`, 'POST', clinic.token, { name: 'Check-up', price: '150', durationMinutes: 30 });
  const patient = await call(`${clinic.url}/api/patients`, 'POST', clinic.token, { firstName: 'Race', lastName: 'Patient' });
  const dentists: string[] = [];
  for (let i = 0; i < 2; i++) {
    const invite = await call(`${clinic.url}/api/auth/invite`, 'POST', clinic.token, { email: uniqueEmail('dentist'), role: 'DENTIST' });
    const accepted = await fetch(`${clinic.url}/api/auth/accept-invite`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: invite.body.inviteToken, password: STRONG_PASSWORD, firstName: 'Dr', lastName: `Race${i}` }),
    });
    const dentistId = ((await accepted.json()) as { user: { id: string } }).user.id;
    const days = [0, 1, 2, 3, 4, 5, 6];
    await call(`${clinic.url}/api/staff/${dentistId}/schedule`, 'PUT', clinic.token, {
      weekly: days.map((weekday) => ({ weekday, start: '08:00', end: '18:00' })),
      breaks: [],
      exceptions: [],
    });
    dentists.push(dentistId);
  }
  return { serviceId: service.body.id as string, patientId: patient.body.id as string, dentists };
}

/** Clients that send their request slowly are cut off by the request timeout, and hold no database connection meanwhile. */
async function slowClients(stack: FaultStack) {
  const api = await startApi(stack.appUrl, { REQUEST_TIMEOUT_MS: '2000', HTTP_IDLE_TIMEOUT_MS: '2000' });
  try {
    const clinic = await signup(api.url, 'Slow Clinic');
    const { port } = new URL(api.url);
    const sockets = Array.from({ length: 40 }, (_, i) => {
      const socket = net.connect(Number(port), '127.0.0.1');
      const opened = performance.now();
      const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(performance.now() - opened)));
      socket.on('error', () => undefined);
      // Half of them never finish their headers, the other half never finish their body.
      socket.write(
        i % 2 === 0
          ? `POST /api/patients HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${clinic.token}\r\n`
          : `POST /api/patients HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${clinic.token}\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"firstName":`,
      );
      return closed;
    });
    await sleep(500);
    const busy = await appConnections(stack.admin);
    const meanwhile = await call(`${api.url}/api/users/me`, 'GET', clinic.token);
    assert.equal(meanwhile.status, 200, 'the API serves others while slow clients hang');
    const closedAfter = await Promise.all(sockets);
    assert.equal(busy, 0, 'no database connection is busy for a client that has not sent its request');
    assert.ok(Math.max(...closedAfter) < 10_000, `slow clients were cut off (after ${closedAfter.map((ms) => fmt(ms)).join(', ')} ms)`);
    return [
      ['slow clients (headers or body never finished)', String(sockets.length)],
      ['database connections busy meanwhile', String(busy)],
      ['cut off after (HTTP_IDLE_TIMEOUT_MS=2000)', `${fmt(Math.min(...closedAfter))}-${fmt(Math.max(...closedAfter))} ms`],
    ];
  } finally {
    await api.stop();
  }
}

/** dental_app connections doing something (running a query or holding a transaction open). */
async function appConnections(admin: pg.Pool): Promise<number> {
  const { rows } = await admin.query("select count(*)::int as n from pg_stat_activity where usename = 'dental_app' and state <> 'idle'");
  return rows[0].n;
}

async function main() {
  const stack = await startFaultStack();
  const scenarios: [string, (stack: FaultStack) => Promise<string[][]>][] = [
    ['kill -9 the API in the middle of a stream of writes', crashDuringWrites],
    ['restart PostgreSQL under load', restartDatabaseUnderLoad],
    ['2,000 reads at 50 concurrent during a cross-resource booking race', loadWithBookingRace],
    ['slow clients', slowClients],
  ];
  let failed = 0;
  try {
    for (const [name, scenario] of scenarios) {
      const only = process.argv.slice(2);
      if (only.length > 0 && !only.some((word) => name.includes(word))) continue;
      process.stdout.write(`\n${name}\n`);
      try {
        printTable([['', ''], ...(await scenario(stack))]);
        process.stdout.write('  ok\n');
      } catch (error) {
        failed++;
        process.stdout.write(`  FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
  } finally {
    await stack.stop();
  }
  process.exit(failed > 0 ? 1 : 0);
}

await main();
