import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { newId } from '../common/ids.js';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { signupClinic } from '../../test/factories.js';
import { SmtpSink } from '../../test/smtp-sink.js';

const WORKER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../worker.js');
const COUNT = 1000;
const MAIL_FROM = 'Crash Test Clinic <reminders@crash.example>';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * kill -9 a worker process in the middle of 1,000 due emails, start another, and count what the SMTP
 * server received. SMTP cannot give exactly-once (a crash between the server's 250 and our commit of
 * 'sent', or a lost 250, means the message is sent again), so the guarantees tested are: nothing is
 * lost, and every copy carries the message's own Message-ID, so a receiver that honours Message-ID
 * sees each message exactly once. Raw duplicates are counted and reported.
 */
describe('a worker killed with SIGKILL mid-send', () => {
  let app: TestApp;
  let sink: SmtpSink;
  let clinicId: string;
  const children: ChildProcess[] = [];
  const output: string[] = [];
  const ids: string[] = [];

  before(async () => {
    // A little slow to accept (about 300 messages a second over 5 connections), so the kill lands mid-run.
    sink = await SmtpSink.start({ acceptDelayMs: 15 });
    app = await startTestApp();
    clinicId = (await signupClinic(app.baseUrl, { clinicName: 'Crash Test Clinic' })).clinic.id;
    for (let i = 0; i < COUNT; i++) ids.push(newId());
    const payload = {
      clinic: { name: 'Crash Test Clinic', timezone: 'Asia/Riyadh', address: null, phone: null },
      patient: { firstName: 'Patient', lastName: 'Test' },
      clinician: { firstName: 'Sara', lastName: 'Haddad', isDentist: true },
      service: { name: 'Check-up', nameAr: 'فحص' },
      startAt: '2099-01-01T07:00:00.000Z',
      offsetMinutes: 1440,
    };
    // 1,000 due reminders and their jobs, committed together (as the API would, in bulk).
    await app.admin.query(
      `with rows as (
         insert into notifications (clinic_id, id, type, channel, template, locale, recipient, payload, idempotency_key, status, scheduled_for)
         select $1, id, 'email', 'smtp', 'appointment_reminder', case when n % 2 = 0 then 'ar' else 'en' end,
                'patient' || n || '@example.test', $3::jsonb, 'crash:' || id, 'pending', now()
           from unnest($2::text[]) with ordinality as t(id, n)
         returning id)
       select count(*) from graphile_worker.add_jobs(array(
         select ($4::text, json_build_object('clinicId', $1::text, 'notificationId', id), null, null, 10, 'notification:' || id, null, null)::graphile_worker.job_spec
           from rows))`,
      [clinicId, ids, JSON.stringify(payload), `${app.env.JOB_NAMESPACE}:send_notification`],
    );
  });

  after(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await app?.close();
    await sink?.close();
  });

  function startWorker(): ChildProcess {
    const env: NodeJS.ProcessEnv = {
      // The test's own environment (under faketime, its clock: the worker must share the database's time).
      ...process.env,
      DATABASE_URL: '',
      NODE_ENV: 'test',
      APP_DATABASE_URL: process.env.TEST_APP_DATABASE_URL,
      JOB_NAMESPACE: app.env.JOB_NAMESPACE,
      SMTP_URL: sink.url,
      MAIL_FROM,
      WORKER_REAP_AFTER_MS: '1000',
      WORKER_POLL_INTERVAL_MS: '200',
      LOG_LEVEL: 'warn',
    };
    const child = spawn(process.execPath, ['--enable-source-maps', WORKER], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    children.push(child);
    return child;
  }

  const countByStatus = async () => {
    const { rows } = await app.admin.query('select status, count(*)::int as n from notifications where clinic_id = $1 group by status', [
      clinicId,
    ]);
    return Object.fromEntries(rows.map((r) => [r.status, r.n])) as Record<string, number>;
  };

  it("loses no message, and every copy the SMTP server got carries its message's Message-ID", async (t) => {
    const first = startWorker();
    const deadline = Date.now() + 30_000;
    while (sink.mails.length < COUNT / 4) {
      assert.ok(Date.now() < deadline, `the first worker sent ${sink.mails.length} in 30 s:\n${output.join('')}`);
      await sleep(5);
    }
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const atKill = await countByStatus();
    const receivedAtKill = sink.mails.length;
    assert.ok((atKill.sent ?? 0) < COUNT, `killed mid-run (${JSON.stringify(atKill)})`);

    startWorker();
    const finish = Date.now() + 50_000;
    let counts = await countByStatus();
    while ((counts.sent ?? 0) < COUNT) {
      assert.ok(Date.now() < finish, `after the restart: ${JSON.stringify(counts)}\n${output.join('')}`);
      await sleep(100);
      counts = await countByStatus();
    }
    assert.deepEqual(counts, { sent: COUNT });

    const expected = new Set(ids.map((id) => `<notification.${id}@crash.example>`));
    const received = sink.messageIds();
    const missing = [...expected].filter((id) => !received.has(id));
    const unexpected = [...received].filter((id) => !expected.has(id));
    assert.deepEqual(missing, [], 'no message lost');
    assert.deepEqual(unexpected, []);
    assert.equal(received.size, COUNT, 'distinct Message-IDs');
    const duplicates = sink.mails.length - received.size;
    const resent = await app.admin.query('select count(*)::int as n from notifications where clinic_id = $1 and attempts > 1', [clinicId]);
    t.diagnostic(
      `killed after ${receivedAtKill} of ${COUNT} accepted (rows then: ${JSON.stringify(atKill)}); ` +
        `SMTP server received ${sink.mails.length} messages, ${received.size} distinct Message-IDs, ${duplicates} raw duplicate(s); ` +
        `${resent.rows[0].n} notification(s) needed a second attempt`,
    );
  });
});
