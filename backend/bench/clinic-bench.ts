import autocannon from 'autocannon';
import { startTestDatabase } from '../test/test-database.js';
import { cpuSeconds, postgresCpuSeconds } from './cpu-usage.js';
import { Client } from '../test/http.js';
import { STRONG_PASSWORD, uniqueEmail } from '../test/harness.js';
import { seedBigClinic, seedOtherClinics, vacuumAnalyze } from './clinic-seed.js';
import { fmt, printTable, startServer, timeReads } from './report.js';

/**
 * Clinic-core figures at scale: availability, calendar, patient search and booking throughput in a
 * clinic with 100k patients and ~100k appointments, next to 20 other clinics. Loopback only, bounded runs.
 */
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 500);
/** BENCH_SCALE=0.05 runs the same benchmark on a twentieth of the data (a quick check of the script). */
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 10);

async function main() {
  const database = await startTestDatabase();
  let api = await startServer('api', database.appUrl);
  try {
    const owner = new Client(api.url);
    const signup = await owner.post('/api/auth/signup', {
      body: { clinicName: 'Big Clinic', email: uniqueEmail('big'), password: STRONG_PASSWORD, firstName: 'Big', lastName: 'Owner' },
    });
    const token: string = signup.body.accessToken;
    const seeding = performance.now();
    const big = await seedBigClinic(database.adminUrl, signup.body.clinic.id, Math.round(100_000 * SCALE), Math.round(142_858 * SCALE));
    await seedOtherClinics(database.adminUrl, Math.max(1, Math.round(20 * SCALE)));
    await vacuumAnalyze(database.adminUrl);
    // Timed: an API started on the loaded database, as after a deploy (not one that sat idle through a bulk load).
    await api.stop();
    api = await startServer('api', database.appUrl);
    const counts = (await new Client(api.url).get(`/api/patients?limit=1`, { token })).status;
    if (counts !== 200) throw new Error('API not ready');
    const k = (n: number) => `${Math.round((n * SCALE) / 1000)}k`;
    console.log(
      `\nSeeded in ${((performance.now() - seeding) / 1000).toFixed(0)} s: 1 clinic with ${k(100_000)} patients and ~${k(100_000)} appointments (10 chairs), ${Math.max(1, Math.round(20 * SCALE))} clinics with ${k(1000)} each\n`,
    );

    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const weekFrom = encodeURIComponent(`${day(7)}T00:00:00+03:00`);
    const weekTo = encodeURIComponent(`${day(14)}T00:00:00+03:00`);
    const terms = ['محم', 'احمد', 'نور', 'Khan', 'sar', 'ayla', 'العتي', 'Hass', 'فاطم', 'dan'];
    const results = await timeReads({
      baseUrl: api.url,
      token,
      samples: SAMPLES,
      requests: [
        {
          label: 'availability, 1 dentist, 4 weeks',
          count: 'slots',
          paths: [`/api/availability?serviceId=${big.serviceId}&dentistId=${big.dentistIds[3]}&from=${day(1)}&to=${day(28)}`],
        },
        { label: 'calendar, 1 week, 10 chairs', count: 'items', paths: [`/api/appointments?from=${weekFrom}&to=${weekTo}&limit=2000`] },
        {
          label: 'patient search, partial name (10 terms)',
          count: 'items',
          paths: terms.map((term) => `/api/patients?q=${encodeURIComponent(term)}&limit=50`),
        },
        { label: 'patient search, phone digits', count: 'items', paths: ['/api/patients?q=0550&limit=50'] },
      ],
    });
    const rows = [['request', 'p50 ms', 'p99 ms', 'result size'], ...results.map((r) => [r.label, r.p50, r.p99, String(r.size)])];
    printTable(rows);
    // CPU per booking, by process: a figure the neighbours on a shared machine do not move (the rate they do).
    const before = { api: cpuSeconds(api.pid), postgres: postgresCpuSeconds(database.dataDir!) };
    const created = await bookingLoad(api.url, token, big);
    const perBooking = (now: number, then: number) => fmt(((now - then) * 1000) / created);
    console.log(
      `CPU per booking (with its reminders): API ${perBooking(cpuSeconds(api.pid), before.api)} ms, ` +
        `PostgreSQL ${perBooking(postgresCpuSeconds(database.dataDir!), before.postgres)} ms`,
    );
  } finally {
    await api.stop();
    await database.stop();
  }
}

/** 20 clients booking distinct free slots (beyond the seeded range) as fast as they can. */
async function bookingLoad(baseUrl: string, token: string, big: { dentistIds: string[]; serviceId: string }) {
  const patients = (await new Client(baseUrl).get('/api/patients?limit=200', { token })).body.items.map(
    (p: { id: string }) => p.id,
  ) as string[];
  const firstDay = Date.UTC(new Date().getUTCFullYear() + 1, 6, 1);
  let k = 0;
  const result = await autocannon({
    url: `${baseUrl}/api/appointments`,
    connections: 20,
    duration: DURATION_SECONDS,
    requests: [
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        setupRequest: (request) => {
          const slot = k++;
          const dentist = slot % 10;
          const halfHour = Math.floor(slot / 10);
          // 05:00Z-17:00Z is 08:00-20:00 in Riyadh: 24 half hours a day.
          const startAt = new Date(firstDay + Math.floor(halfHour / 24) * 86_400_000 + 5 * 3600_000 + (halfHour % 24) * 1_800_000);
          return {
            ...request,
            body: JSON.stringify({
              patientId: patients[(slot * 7) % patients.length],
              dentistId: big.dentistIds[dentist],
              serviceId: big.serviceId,
              room: `Chair ${dentist + 1}`,
              startAt: startAt.toISOString(),
            }),
          };
        },
      },
    ],
  });
  const created = result['2xx'];
  console.log(
    `\nBooking: 20 concurrent clients, ${DURATION_SECONDS} s: ${fmt(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms (${created} created, ${result.non2xx} refused)`,
  );
  return created;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
