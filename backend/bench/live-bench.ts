import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { WebSocket } from 'ws';
import { startTestDatabase } from '../test/test-database.js';
import { bookableClinic } from '../test/factories.js';
import { LIVE_CHANNEL } from '../src/live/live-events.js';
import { packEnvelope } from '../src/live/live-messages.js';
import { fmt, percentile, printTable, startServer } from './report.js';

/**
 * Live updates: SOCKETS open sockets of one clinic on one API process (Bearer on the upgrade, as an API
 * client would), then EVENTS events, one at a time. Each is a NOTIFY committed by its own transaction, as
 * a booking's is; the clock starts when COMMIT is sent and stops when a socket has the message, for every
 * socket (so one event gives SOCKETS samples). Then real bookings through the API: from sending the POST
 * to every socket having `appointment.created` (an upper bound: it includes the booking itself).
 * The sockets live in this process, so its own event loop's turn over 500 messages is in the figures.
 */
const SOCKETS = Number(process.env.BENCH_LIVE_SOCKETS ?? 500);
const EVENTS = Number(process.env.BENCH_LIVE_EVENTS ?? 100);
const BOOKINGS = Number(process.env.BENCH_LIVE_BOOKINGS ?? 20);

interface Listener {
  waitFor(id: string): Promise<number>;
}

function openSocket(url: string, token: string): Promise<Listener> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/api/live`, { headers: { authorization: `Bearer ${token}` } });
    const waiting = new Map<string, (at: number) => void>();
    const early = new Map<string, number>();
    socket.on('message', (data) => {
      const at = performance.now();
      const id = (JSON.parse((data as Buffer).toString('utf8')) as { data: { id: string } }).data.id;
      const done = waiting.get(id);
      if (done) {
        waiting.delete(id);
        done(at);
      } else early.set(id, at);
    });
    socket.once('error', reject);
    socket.once('open', () =>
      resolve({
        waitFor: (id) => {
          const at = early.get(id);
          if (at !== undefined) {
            early.delete(id);
            return Promise.resolve(at);
          }
          return new Promise((done) => waiting.set(id, done));
        },
      }),
    );
  });
}

async function main() {
  const database = await startTestDatabase();
  const api = await startServer('api', database.appUrl);
  const notifier = new pg.Client({ connectionString: database.adminUrl });
  await notifier.connect();
  try {
    const clinic = await bookableClinic(api.url, { patients: 20 });
    const clinicId = clinic.owner.user.clinicId;
    const opening = performance.now();
    const sockets: Listener[] = [];
    // In batches, as clients arrive: 500 simultaneous handshakes would measure the accept queue instead.
    for (let i = 0; i < SOCKETS; i += 50) {
      sockets.push(
        ...(await Promise.all(Array.from({ length: Math.min(50, SOCKETS - i) }, () => openSocket(api.url, clinic.receptionist.token)))),
      );
    }
    console.log(`\nLive updates: ${SOCKETS} sockets open in ${fmt((performance.now() - opening) / 1000)} s`);

    const delivery: number[] = [];
    const lastSocket: number[] = [];
    for (let n = 0; n < EVENTS; n++) {
      const id = randomUUID();
      const arrivals = sockets.map((s) => s.waitFor(id));
      const payload = packEnvelope({ clinicId, type: 'appointment.updated', data: { id, startAt: new Date().toISOString() } });
      await notifier.query('begin');
      await notifier.query('select pg_notify($1, $2)', [LIVE_CHANNEL, payload]);
      const committing = performance.now();
      await notifier.query('commit');
      const times = (await Promise.all(arrivals)).map((at) => at - committing);
      delivery.push(...times);
      lastSocket.push(Math.max(...times));
    }

    const booking: number[] = [];
    // The dentist works 09:00-17:00 with a break at 12:00: 14 half-hour slots a day, from tomorrow on.
    const slots = ['09', '10', '11', '13', '14', '15', '16'].flatMap((hour) => [`${hour}:00`, `${hour}:30`]);
    for (let n = 0; n < BOOKINGS; n++) {
      const day = new Date(Date.now() + (1 + Math.floor(n / slots.length)) * 86_400_000).toISOString().slice(0, 10);
      const startAt = `${day}T${slots[n % slots.length]}:00+03:00`;
      const sending = performance.now();
      const response = await clinic.owner.client.post('/api/appointments', {
        token: clinic.owner.token,
        body: {
          patientId: clinic.patientIds[n % clinic.patientIds.length],
          dentistId: clinic.dentist.user.id,
          serviceId: clinic.serviceId,
          startAt,
        },
      });
      if (response.status !== 201) throw new Error(`booking ${n} answered ${response.status}: ${JSON.stringify(response.body)}`);
      const id = (response.body as { id: string }).id;
      const arrivals = await Promise.all(sockets.map((s) => s.waitFor(id)));
      booking.push(Math.max(...arrivals) - sending);
    }

    printTable([
      ['measure', 'samples', 'p50 ms', 'p99 ms', 'max ms'],
      ['commit -> delivered (each socket)', String(delivery.length), ...[50, 99, 100].map((p) => fmt(percentile(delivery, p)))],
      ['commit -> last of the sockets', String(lastSocket.length), ...[50, 99, 100].map((p) => fmt(percentile(lastSocket, p)))],
      ['booking POST sent -> on every socket', String(booking.length), ...[50, 99, 100].map((p) => fmt(percentile(booking, p)))],
    ]);
  } finally {
    await notifier.end();
    await api.stop();
    await database.stop();
  }
  // The sockets are still open; the API is gone.
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
