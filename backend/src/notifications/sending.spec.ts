import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, startTestWorker, STRONG_PASSWORD, type TestApp, type TestWorker } from '../../test/harness.js';
import { bookableClinic, type BookableClinic, type Staff } from '../../test/factories.js';
import { Client } from '../../test/http.js';
import { SmtpSink } from '../../test/smtp-sink.js';
import { MessageRenderers } from './message-renderers.js';
import { NotificationsService } from './notifications.service.js';
import { notificationRow, settledNotification } from '../../test/notifications.js';

const at = (local: string) => `${local}:00+03:00`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Messages going out: a worker (in this process) sends through a real SMTP server; SMS stay in the outbox. */
describe('sending notifications', () => {
  let app: TestApp;
  let worker: TestWorker;
  let sink: SmtpSink;
  let c: BookableClinic;
  const refused = new Map<string, { code: 550 | 451; message: string; times: number }>();

  before(async () => {
    sink = await SmtpSink.start({
      refuse: (address) => {
        const refusal = refused.get(address);
        if (!refusal || refusal.times <= 0) return null;
        refusal.times--;
        return { code: refusal.code, message: refusal.message };
      },
    });
    app = await startTestApp({
      SMTP_URL: sink.url,
      MAIL_FROM: 'Smile Dental <reminders@smile.example>',
      WEB_ORIGIN: 'https://app.smile.example',
    });
    worker = await startTestWorker(app);
    c = await bookableClinic(app.baseUrl, { patients: 0 });
    await c.owner.client.patch('/api/clinics/me', {
      token: c.owner.token,
      body: { contact: { address: 'Olaya Street, Riyadh', phone: '+966 11 555 0000' } },
    });
    await c.owner.client.patch(`/api/services/${c.serviceId}`, { token: c.owner.token, body: { nameAr: 'فحص دوري' } });
  });
  after(async () => {
    await worker?.close();
    await app?.close();
    await sink?.close();
  });

  const patient = async (body: Record<string, unknown>) => {
    const response = await c.owner.client.post('/api/patients', { token: c.owner.token, body: { lastName: 'Test', ...body } });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return response.body.id as string;
  };
  const book = async (patientId: string, startLocal: string) => {
    const response = await c.receptionist.client.post('/api/appointments', {
      token: c.receptionist.token,
      body: { patientId, dentistId: c.dentist.user.id, serviceId: c.serviceId, startAt: at(startLocal) },
    });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return response.body.id as string;
  };
  const remind = async (appointmentId: string, by: Staff = c.receptionist, channels?: string[]) => {
    const response = await by.client.post(`/api/appointments/${appointmentId}/remind`, {
      token: by.token,
      body: channels ? { channels } : {},
    });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return response.body.items as { id: string; type: string }[];
  };
  const row = (id: string) => notificationRow(app.admin, id);
  const settled = (id: string) => settledNotification(app.admin, id);
  /** Makes the waiting jobs of these notifications due now (the database's clock is not the test's). */
  const releaseJobs = (ids: string[]) =>
    app.admin.query('update graphile_worker._private_jobs set run_at = now() where key = any($1::text[])', [
      ids.map((id) => `notification:${id}`),
    ]);

  it('sends a reminder now: the email through SMTP with a stable Message-ID, the SMS to the outbox', async () => {
    const appointment = await book(
      await patient({ firstName: 'Nora', email: 'nora@example.test', phone: '0501234567' }),
      '2026-11-04T10:30',
    );
    const items = await remind(appointment);
    const email = items.find((n) => n.type === 'email')!;
    const sms = items.find((n) => n.type === 'sms')!;
    const mail = await sink.waitFor((m) => m.notificationId === email.id);
    assert.equal(mail.messageId, `<notification.${email.id}@smile.example>`);
    assert.deepEqual(mail.to, ['nora@example.test']);
    const parsed = await sink.parse(mail);
    assert.equal(parsed.subject, 'Appointment reminder: Smile Dental, Wed, Nov 4 at 10:30 AM');
    for (const part of [
      'Dear Nora,',
      'Smile Dental',
      'Wednesday, November 4, 2026 at 10:30 AM',
      'Dr. Test DENTIST',
      'Check-up',
      'Olaya Street, Riyadh',
      '+966 11 555 0000',
    ]) {
      assert.ok(parsed.text?.includes(part), `email text has "${part}":\n${parsed.text}`);
    }
    assert.match(String(parsed.html), /dir="ltr"/);
    const sentEmail = await settled(email.id);
    assert.equal(sentEmail.status, 'sent');
    assert.equal(sentEmail.channel, 'smtp');
    assert.equal(sentEmail.attempts, 1);
    assert.match(sentEmail.provider_message_id, /^250/);
    assert.equal(sentEmail.subject, parsed.subject);
    assert.equal(sentEmail.sent_at.toISOString(), app.clock.now().toISOString());
    const keptSms = await settled(sms.id);
    assert.equal(keptSms.status, 'sent');
    assert.equal(keptSms.channel, 'outbox');
    assert.match(keptSms.body, /^Smile Dental: reminder of your Check-up with Dr\. Test DENTIST on Wed, Nov 4 at 10:30 AM/);
    const listed = await c.receptionist.client.get(`/api/notifications?appointmentId=${appointment}`, { token: c.receptionist.token });
    assert.ok(
      listed.body.items.some(
        (n: { id: string; status: string; body: string }) => n.id === sms.id && n.status === 'sent' && n.body === keptSms.body,
      ),
    );
  });

  it("writes to an Arabic-speaking patient in Arabic, right to left, with the service's Arabic name", async () => {
    const appointment = await book(
      await patient({ firstName: 'خالد', email: 'khalid@example.test', preferredLanguage: 'ar' }),
      '2026-11-04T11:00',
    );
    const [email] = await remind(appointment);
    const parsed = await sink.parse(await sink.waitFor((m) => m.notificationId === email!.id));
    assert.match(String(parsed.subject), /^تذكير بموعد: Smile Dental، /);
    for (const part of ['مرحبًا', 'خالد', 'نذكّرك بموعدك في', 'د. Test DENTIST', 'فحص دوري', 'الساعة', '+966 11 555 0000']) {
      assert.ok(parsed.text?.includes(part), `Arabic text has "${part}":\n${parsed.text}`);
    }
    assert.match(String(parsed.html), /<html lang="ar" dir="rtl">/);
    assert.equal((await settled(email!.id)).locale, 'ar');
  });

  it('sends a scheduled reminder when its time comes, and not before', async () => {
    const appointment = await book(await patient({ firstName: 'Sami', email: 'sami@example.test' }), '2026-11-06T10:30');
    const { rows } = await app.admin.query('select id, scheduled_for from notifications where appointment_id = $1 order by scheduled_for', [
      appointment,
    ]);
    const [dayBefore, twoHours] = rows as { id: string; scheduled_for: Date }[];
    // The job of the two-hour reminder runs early (as if the clocks disagreed): it sends nothing and waits again.
    await releaseJobs([twoHours!.id]);
    await sleep(600);
    assert.equal((await row(twoHours!.id)).status, 'pending');
    const waiting = await app.admin.query("select run_at > now() + interval '1 day' as later from graphile_worker.jobs where key = $1", [
      `notification:${twoHours!.id}`,
    ]);
    assert.deepEqual(waiting.rows, [{ later: true }]);
    // The day-before reminder is due: it goes.
    app.clock.set(dayBefore!.scheduled_for);
    try {
      await releaseJobs([dayBefore!.id]);
      const mail = await sink.waitFor((m) => m.notificationId === dayBefore!.id);
      assert.deepEqual(mail.to, ['sami@example.test']);
      assert.equal((await settled(dayBefore!.id)).status, 'sent');
      assert.equal((await row(twoHours!.id)).status, 'pending');
    } finally {
      app.clock.set('2026-11-02T06:00:00Z');
    }
  });

  it('skips a reminder whose appointment has already begun', async () => {
    const appointment = await book(await patient({ firstName: 'Late', email: 'late@example.test' }), '2026-11-06T14:00');
    const { rows } = await app.admin.query('select id from notifications where appointment_id = $1', [appointment]);
    app.clock.set('2026-11-06T11:05:00Z'); // 14:05 in Riyadh
    try {
      await releaseJobs(rows.map((r) => r.id));
      for (const r of rows) {
        const done = await settled(r.id);
        assert.equal(done.status, 'skipped');
        assert.equal(done.error, 'The appointment has already started');
      }
    } finally {
      app.clock.set('2026-11-02T06:00:00Z');
    }
  });

  it('fails a message the server refuses for good (550) without retrying; a retry later sends it', async () => {
    refused.set('gone@example.test', { code: 550, message: 'No such user here', times: 1 });
    const appointment = await book(await patient({ firstName: 'Gone', email: 'gone@example.test' }), '2026-11-05T10:30');
    const [email] = await remind(appointment);
    const failed = await settled(email!.id);
    assert.equal(failed.status, 'failed');
    assert.match(failed.error, /550/);
    assert.equal(failed.attempts, 1);
    const retried = await c.receptionist.client.post(`/api/notifications/${email!.id}/retry`, { token: c.receptionist.token });
    assert.equal(retried.status, 200, JSON.stringify(retried.body));
    await sink.waitFor((m) => m.notificationId === email!.id);
    const sent = await settled(email!.id);
    assert.equal(sent.status, 'sent');
    assert.equal(sent.attempts, 2);
    assert.equal(sent.error, null);
  });

  it('retries a temporary refusal (451) with backoff, counting attempts', async () => {
    refused.set('busy@example.test', { code: 451, message: 'Try again later', times: 1 });
    const appointment = await book(await patient({ firstName: 'Busy', email: 'busy@example.test' }), '2026-11-05T11:00');
    const [email] = await remind(appointment);
    const deadline = Date.now() + 10_000;
    let first = await row(email!.id);
    while (first.attempts < 1 || first.status === 'sending') {
      assert.ok(Date.now() < deadline, 'first attempt made');
      await sleep(20);
      first = await row(email!.id);
    }
    if (first.status === 'pending') assert.match(first.error, /451/);
    await sink.waitFor((m) => m.notificationId === email!.id, 20_000);
    const sent = await settled(email!.id);
    assert.equal(sent.status, 'sent');
    assert.equal(sent.attempts, 2);
  });

  it("emails an invite with a working link, and keeps the link's token out of the database", async () => {
    const invite = await c.owner.client.post('/api/auth/invite', {
      token: c.owner.token,
      body: { email: 'new.hygienist@example.test', role: 'HYGIENIST', firstName: 'Rana' },
    });
    assert.equal(invite.status, 201, JSON.stringify(invite.body));
    const mail = await sink
      .waitFor((m) => m.to.includes('new.hygienist@example.test'))
      .catch(async (error: unknown) => {
        const { rows } = await app.admin.query('select status, error, attempts from notifications where recipient = $1', [
          'new.hygienist@example.test',
        ]);
        throw new Error(`${(error as Error).message}; the invite's notification: ${JSON.stringify(rows)}`);
      });
    const parsed = await sink.parse(mail);
    assert.equal(parsed.subject, 'You are invited to join Smile Dental');
    assert.match(String(parsed.text), /Sara Haddad has invited you to join Smile Dental as Hygienist/);
    const link = /https:\/\/app\.smile\.example\/en\/accept-invite\?token=(\S+)/.exec(String(parsed.text));
    assert.ok(link, String(parsed.text));
    const token = decodeURIComponent(link[1]!);
    assert.equal(token, invite.body.inviteToken);
    const stored = await app.admin.query(
      "select body, payload::text as payload, status from notifications where template = 'staff_invite' and recipient = $1",
      ['new.hygienist@example.test'],
    );
    assert.equal(stored.rows.length, 1);
    assert.ok(!stored.rows[0].payload.includes(token) && !String(stored.rows[0].body).includes(token), 'token stored in the clear');
    const accepted = await new Client(app.baseUrl).post('/api/auth/accept-invite', {
      body: { token, password: STRONG_PASSWORD, firstName: 'Rana', lastName: 'Test' },
    });
    assert.equal(accepted.status, 201, JSON.stringify(accepted.body));
  });

  it('attaches what a registered renderer produces at send time (the way billing sends invoice PDFs)', async () => {
    const pdf = Buffer.from('%PDF-1.7 test invoice');
    worker.worker.context.get(MessageRenderers).register('test_invoice', (context) => ({
      message: {
        subject: `Invoice ${String(context.payload.number)}`,
        text: 'Your invoice is attached.',
        attachments: [{ filename: `invoice-${String(context.payload.number)}.pdf`, content: pdf, contentType: 'application/pdf' }],
      },
    }));
    const [created] = await app.nest.get(NotificationsService).schedule(c.owner.user.clinicId, [
      {
        type: 'email',
        template: 'test_invoice',
        locale: 'en',
        recipient: 'billing@example.test',
        payload: { number: 'INV-0042' },
        idempotencyKey: 'test-invoice-0042',
        scheduledFor: app.clock.now(),
      },
    ]);
    const parsed = await sink.parse(await sink.waitFor((m) => m.notificationId === created!.id));
    assert.equal(parsed.subject, 'Invoice INV-0042');
    assert.equal(parsed.attachments.length, 1);
    assert.equal(parsed.attachments[0]!.filename, 'invoice-INV-0042.pdf');
    assert.equal(parsed.attachments[0]!.contentType, 'application/pdf');
    assert.deepEqual(parsed.attachments[0]!.content, pdf);
    assert.equal((await settled(created!.id)).status, 'sent');
  });

  it('lets several workers run at once: every message goes out exactly once', async () => {
    const second = await startTestWorker(app, { SMTP_URL: sink.url, MAIL_FROM: 'Smile Dental <reminders@smile.example>' });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) {
        const day = i < 6 ? '2026-11-09' : '2026-11-10';
        const slot = i % 6;
        const time = `${String(9 + Math.floor(slot / 2)).padStart(2, '0')}:${slot % 2 ? '30' : '00'}`;
        const appointment = await book(await patient({ firstName: `Many${i}`, email: `many${i}@example.test` }), `${day}T${time}`);
        ids.push(...(await remind(appointment)).map((n) => n.id));
      }
      for (const id of ids) assert.equal((await settled(id)).status, 'sent');
      for (const id of ids) assert.equal(sink.mails.filter((m) => m.notificationId === id).length, 1);
    } finally {
      await second.close();
    }
  });

  it('finishes the message in flight when stopped gracefully', async () => {
    const slow = await SmtpSink.start({ acceptDelayMs: 1500 });
    const graceful = await startTestWorker(app, { SMTP_URL: slow.url, MAIL_FROM: 'Smile Dental <reminders@smile.example>' });
    await worker.close(); // only the slow worker runs now
    try {
      const appointment = await book(await patient({ firstName: 'Slow', email: 'slow@example.test' }), '2026-11-08T10:30');
      const [email] = await remind(appointment);
      const deadline = Date.now() + 10_000;
      while ((await row(email!.id)).status !== 'sending') {
        assert.ok(Date.now() < deadline, 'the message was claimed');
        await sleep(20);
      }
      await graceful.close();
      assert.equal((await row(email!.id)).status, 'sent');
      assert.equal(slow.mails.length, 1);
    } finally {
      await graceful.close();
      await slow.close();
      worker = await startTestWorker(app);
    }
  });
});
