import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newId } from '../common/ids.js';
import { startTestApp, STRONG_PASSWORD, type TestApp } from '../../test/harness.js';
import { addStaff, assertProblem, bookableClinic, type BookableClinic, signupClinic, type Staff } from '../../test/factories.js';

// Riyadh is UTC+3 all year. The test clock stands at 2026-11-02T06:00Z (09:00 local).
const at = (local: string) => `${local}:00+03:00`;

describe('appointment reminders', () => {
  let app: TestApp;
  let c: BookableClinic;
  let stranger: Staff;
  let accountant: Staff;
  let reachable: string; // email and phone, English
  let arabic: string; // email and phone, prefers Arabic
  let emailOnly: string;
  let unreachable: string;
  before(async () => {
    app = await startTestApp();
    c = await bookableClinic(app.baseUrl, { patients: 0 });
    stranger = (await signupClinic(app.baseUrl)).owner;
    accountant = await addStaff(app.baseUrl, c.owner, 'ACCOUNTANT');
    const patient = async (body: Record<string, unknown>) => {
      const response = await c.owner.client.post('/api/patients', { token: c.owner.token, body: { lastName: 'Test', ...body } });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      return response.body.id as string;
    };
    reachable = await patient({ firstName: 'Nora', email: 'nora@example.test', phone: '0501234567' });
    arabic = await patient({ firstName: 'خالد', email: 'khalid@example.test', phone: '+966551112222', preferredLanguage: 'ar' });
    emailOnly = await patient({ firstName: 'Omar', email: 'omar@example.test' });
    unreachable = await patient({ firstName: 'Lina' });
  });
  after(() => app.close());

  const book = async (patientId: string, startLocal: string) => {
    const response = await c.receptionist.client.post('/api/appointments', {
      token: c.receptionist.token,
      body: { patientId, dentistId: c.dentist.user.id, serviceId: c.serviceId, startAt: at(startLocal) },
    });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return response.body as { id: string; version: number };
  };
  const notificationsOf = async (appointmentId: string) =>
    (
      await app.admin.query(
        `select id, type, status, locale, recipient, template, error, scheduled_for as "scheduledFor", payload
           from notifications where appointment_id = $1 order by type, scheduled_for`,
        [appointmentId],
      )
    ).rows;
  /** The waiting jobs of these notifications: their keys and when they run. */
  const jobsOf = async (ids: string[]) =>
    (
      await app.admin.query(
        `select key, run_at as "runAt", task_identifier as task from graphile_worker.jobs where key = any($1::text[]) order by run_at`,
        [ids.map((id) => `notification:${id}`)],
      )
    ).rows;

  describe('on booking', () => {
    it('schedules one reminder per offset and channel, in the same transaction, each with its job', async () => {
      const appointment = await book(reachable, '2026-11-04T10:30');
      const rows = await notificationsOf(appointment.id);
      assert.deepEqual(
        rows.map((r) => [r.type, r.status, r.scheduledFor.toISOString(), r.recipient, r.locale]),
        [
          ['email', 'pending', '2026-11-03T07:30:00.000Z', 'nora@example.test', 'en'],
          ['email', 'pending', '2026-11-04T05:30:00.000Z', 'nora@example.test', 'en'],
          ['sms', 'pending', '2026-11-03T07:30:00.000Z', '+966501234567', 'en'],
          ['sms', 'pending', '2026-11-04T05:30:00.000Z', '+966501234567', 'en'],
        ],
      );
      assert.equal(rows[0].template, 'appointment_reminder');
      assert.equal(rows[0].payload.clinic.name, 'Smile Dental');
      const jobs = await jobsOf(rows.map((r) => r.id));
      assert.equal(jobs.length, 4);
      assert.ok(jobs.every((j) => j.task === `${app.env.JOB_NAMESPACE}:send_notification`));
      // Each job waits until its reminder is due (by the app's clock; the database's may differ).
      const { rows: dbNow } = await app.admin.query('select now() as now');
      const minutes = (ms: number) => Math.floor(ms / 60_000 + 0.5);
      const waits = jobs.map((j) => minutes(j.runAt.getTime() - dbNow[0].now.getTime()));
      const expected = rows.map((r) => minutes(r.scheduledFor.getTime() - app.clock.nowMs())).sort((a, b) => a - b);
      assert.deepEqual(
        waits.sort((a, b) => a - b),
        expected,
      );
    });

    it("writes in the patient's language and skips channels without an address", async () => {
      const inArabic = await notificationsOf((await book(arabic, '2026-11-05T10:30')).id);
      assert.ok(inArabic.length === 4 && inArabic.every((r) => r.locale === 'ar'));
      const onlyEmail = await notificationsOf((await book(emailOnly, '2026-11-05T11:00')).id);
      assert.deepEqual(
        onlyEmail.map((r) => r.type),
        ['email', 'email'],
      );
      assert.deepEqual(await notificationsOf((await book(unreachable, '2026-11-05T11:30')).id), []);
    });

    it('skips offsets already past, never sending late, and keeps text messages out of quiet hours', async () => {
      // Booked at 09:00 for 10:30 today: both offsets (24 h, 2 h) have passed.
      assert.deepEqual(await notificationsOf((await book(reachable, '2026-11-02T10:30')).id), []);
      // 09:00 the day after tomorrow: the 2 h text (07:00) moves to 21:45 the evening before.
      const rows = await notificationsOf((await book(reachable, '2026-11-04T09:00')).id);
      const sms = rows.filter((r) => r.type === 'sms').map((r) => r.scheduledFor.toISOString());
      assert.deepEqual(sms, ['2026-11-03T06:00:00.000Z', '2026-11-03T18:45:00.000Z']);
    });

    it('leaves nothing behind when the booking fails', async () => {
      const before = (await app.admin.query('select count(*)::int as n from notifications where clinic_id = $1', [c.owner.user.clinicId]))
        .rows[0].n;
      const clash = await c.receptionist.client.post('/api/appointments', {
        token: c.receptionist.token,
        body: { patientId: reachable, dentistId: c.dentist.user.id, serviceId: c.serviceId, startAt: at('2026-11-04T10:30') },
      });
      assertProblem(clash, 409);
      const afterCount = (
        await app.admin.query('select count(*)::int as n from notifications where clinic_id = $1', [c.owner.user.clinicId])
      ).rows[0].n;
      assert.equal(afterCount, before);
    });
  });

  describe('when the appointment changes', () => {
    it('replaces the reminders when it moves, and removes the old jobs', async () => {
      const appointment = await book(reachable, '2026-11-09T10:30');
      const old = await notificationsOf(appointment.id);
      const moved = await c.receptionist.client.patch(`/api/appointments/${appointment.id}`, {
        token: c.receptionist.token,
        body: { startAt: at('2026-11-09T14:00'), version: appointment.version },
      });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      const rows = await notificationsOf(appointment.id);
      const byStatus = (status: string) => rows.filter((r) => r.status === status);
      assert.equal(byStatus('cancelled').length, 4);
      assert.ok(byStatus('cancelled').every((r) => r.error === 'The appointment was changed'));
      assert.deepEqual(
        byStatus('pending')
          .map((r) => r.scheduledFor.toISOString())
          .sort(),
        ['2026-11-08T11:00:00.000Z', '2026-11-08T11:00:00.000Z', '2026-11-09T09:00:00.000Z', '2026-11-09T09:00:00.000Z'],
      );
      assert.deepEqual(await jobsOf(old.map((r) => r.id)), []);
      assert.equal((await jobsOf(byStatus('pending').map((r) => r.id))).length, 4);
    });

    it('keeps the reminders when only the notes change', async () => {
      const appointment = await book(reachable, '2026-11-10T10:30');
      // Notes are clinical: the owner writes them (the front desk may not).
      const edited = await c.owner.client.patch(`/api/appointments/${appointment.id}`, {
        token: c.owner.token,
        body: { notes: 'Bring X-rays', version: appointment.version },
      });
      assert.equal(edited.status, 200);
      assert.ok((await notificationsOf(appointment.id)).every((r) => r.status === 'pending'));
    });

    for (const [label, path, body] of [
      ['cancelled', 'cancel', { reason: 'Patient called' }],
      ['a no-show', 'status', { status: 'no_show' }],
    ] as const) {
      it(`cancels the pending reminders when the appointment is ${label}`, async () => {
        const appointment = await book(reachable, '2026-11-11T10:30');
        const response = await c.receptionist.client.post(`/api/appointments/${appointment.id}/${path}`, {
          token: c.receptionist.token,
          body,
        });
        assert.equal(response.status, 200, JSON.stringify(response.body));
        const rows = await notificationsOf(appointment.id);
        assert.ok(rows.length === 4 && rows.every((r) => r.status === 'cancelled'));
        assert.deepEqual(await jobsOf(rows.map((r) => r.id)), []);
      });
    }

    it('keeps them when the appointment is confirmed', async () => {
      const appointment = await book(reachable, '2026-11-12T10:30');
      const response = await c.receptionist.client.post(`/api/appointments/${appointment.id}/status`, {
        token: c.receptionist.token,
        body: { status: 'confirmed' },
      });
      assert.equal(response.status, 200);
      assert.ok((await notificationsOf(appointment.id)).every((r) => r.status === 'pending'));
    });
  });

  describe('when the patient changes', () => {
    it('skips pending reminders when the patient opts out, and books none afterwards', async () => {
      const { body: patient } = await c.owner.client.post('/api/patients', {
        token: c.owner.token,
        body: { firstName: 'Sami', lastName: 'Test', email: 'sami@example.test', phone: '0509998888' },
      });
      assert.equal(patient.remindersOptOut, false);
      const appointment = await book(patient.id, '2026-11-13T10:30');
      const optOut = await c.receptionist.client.patch(`/api/patients/${patient.id}`, {
        token: c.receptionist.token,
        body: { remindersOptOut: true },
      });
      assert.equal(optOut.status, 200, JSON.stringify(optOut.body));
      assert.equal(optOut.body.remindersOptOut, true);
      const rows = await notificationsOf(appointment.id);
      assert.ok(rows.every((r) => r.status === 'skipped' && r.error === 'The patient opted out of reminders'));
      assert.deepEqual(await jobsOf(rows.map((r) => r.id)), []);
      assert.deepEqual(await notificationsOf((await book(patient.id, '2026-11-14T10:30')).id), []);
    });

    it('sends pending reminders to the new address and language, and skips a channel whose address is removed', async () => {
      const { body: patient } = await c.owner.client.post('/api/patients', {
        token: c.owner.token,
        body: { firstName: 'Huda', lastName: 'Test', email: 'huda@example.test', phone: '0507776666' },
      });
      const appointment = await book(patient.id, '2026-11-15T10:30');
      const changed = await c.receptionist.client.patch(`/api/patients/${patient.id}`, {
        token: c.receptionist.token,
        body: { email: 'huda.new@example.test', phone: null, preferredLanguage: 'ar' },
      });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      const rows = await notificationsOf(appointment.id);
      assert.ok(
        rows
          .filter((r) => r.type === 'email')
          .every((r) => r.status === 'pending' && r.recipient === 'huda.new@example.test' && r.locale === 'ar'),
      );
      assert.ok(
        rows.filter((r) => r.type === 'sms').every((r) => r.status === 'skipped' && r.error === 'The patient has no mobile number'),
      );
    });

    it('accepts remindersOptOut on registration and refuses a non-boolean', async () => {
      const created = await c.receptionist.client.post('/api/patients', {
        token: c.receptionist.token,
        body: { firstName: 'Opt', lastName: 'Out', phone: '0501110000', remindersOptOut: true },
      });
      assert.equal(created.status, 201);
      assert.equal(created.body.remindersOptOut, true);
      const bad = await c.receptionist.client.post('/api/patients', {
        token: c.receptionist.token,
        body: { firstName: 'Opt', lastName: 'Out', remindersOptOut: 'yes' },
      });
      assertProblem(bad, 400, ['remindersOptOut']);
    });
  });

  describe('clinic reminder settings', () => {
    it('has the defaults, changes them in part, and refuses bad values writing nothing', async () => {
      const { owner } = await signupClinic(app.baseUrl);
      const initial = await owner.client.get('/api/clinics/me', { token: owner.token });
      assert.deepEqual(initial.body.reminders, { enabled: true, offsetsMinutes: [1440, 120], channels: ['sms', 'email'] });
      assert.deepEqual(initial.body.contact, { address: null, phone: null });
      const changed = await owner.client.patch('/api/clinics/me', {
        token: owner.token,
        body: { reminders: { offsetsMinutes: [2880, 60] }, contact: { address: 'King Fahd Road, Riyadh', phone: '+966 11 123 4567' } },
      });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      assert.deepEqual(changed.body.reminders, { enabled: true, offsetsMinutes: [2880, 60], channels: ['sms', 'email'] });
      assert.deepEqual(changed.body.contact, { address: 'King Fahd Road, Riyadh', phone: '+966 11 123 4567' });
      for (const [body, paths] of [
        [{ reminders: { offsetsMinutes: [0] } }, ['reminders.offsetsMinutes.0']],
        [{ reminders: { offsetsMinutes: [60, 60] } }, ['reminders.offsetsMinutes']],
        [{ reminders: { offsetsMinutes: [60, 120, 180, 240, 300, 360] } }, ['reminders.offsetsMinutes']],
        [{ reminders: { channels: ['fax'] } }, ['reminders.channels.0']],
        [{ reminders: { enabled: 'no' } }, ['reminders.enabled']],
        [{ reminders: { sound: true } }, ['reminders.sound']],
        [{ contact: { phone: 'call me' } }, ['contact.phone']],
      ] as const) {
        assertProblem(await owner.client.patch('/api/clinics/me', { token: owner.token, body }), 400, [...paths]);
      }
      const final = await owner.client.get('/api/clinics/me', { token: owner.token });
      assert.deepEqual(final.body.reminders, changed.body.reminders);
    });

    it('books no reminders while they are off, and turning them off cancels the pending ones', async () => {
      const appointment = await book(reachable, '2026-11-16T10:30');
      const off = await c.owner.client.patch('/api/clinics/me', { token: c.owner.token, body: { reminders: { enabled: false } } });
      assert.equal(off.status, 200);
      const rows = await notificationsOf(appointment.id);
      assert.ok(rows.length === 4 && rows.every((r) => r.status === 'cancelled' && r.error === 'Reminders were turned off'));
      assert.deepEqual(await notificationsOf((await book(reachable, '2026-11-16T14:00')).id), []);
      const on = await c.owner.client.patch('/api/clinics/me', { token: c.owner.token, body: { reminders: { enabled: true } } });
      assert.equal(on.status, 200);
    });

    it('previews the reminder in English and Arabic with the clinic details, for managers only', async () => {
      await c.owner.client.patch('/api/clinics/me', {
        token: c.owner.token,
        body: { contact: { address: 'Olaya Street, Riyadh', phone: '+966 11 555 0000' } },
      });
      const preview = await c.owner.client.get('/api/reminders/preview', { token: c.owner.token });
      assert.equal(preview.status, 200, JSON.stringify(preview.body));
      assert.deepEqual(
        preview.body.items.map((i: { locale: string; channel: string }) => `${i.locale}/${i.channel}`),
        ['en/sms', 'en/email', 'ar/sms', 'ar/email'],
      );
      for (const item of preview.body.items) {
        assert.match(item.text, /Smile Dental/);
        assert.match(item.text, /Olaya Street, Riyadh/);
        assert.match(item.text, /\+966 11 555 0000/);
      }
      const arabicEmail = preview.body.items.find((i: { locale: string; channel: string }) => i.locale === 'ar' && i.channel === 'email');
      assert.match(arabicEmail.text, /فحص دوري/);
      assert.match(arabicEmail.subject, /تذكير بموعد/);
      assertProblem(await c.receptionist.client.get('/api/reminders/preview', { token: c.receptionist.token }), 403);
    });
  });

  describe('POST /api/appointments/:id/remind', () => {
    const remind = (by: Staff, id: string, body: Record<string, unknown> = {}) =>
      by.client.post(`/api/appointments/${id}/remind`, { token: by.token, body });

    it('creates one reminder per reachable channel, due now, and refuses a second click', async () => {
      const appointment = await book(reachable, '2026-11-17T10:30');
      const sent = await remind(c.receptionist, appointment.id);
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      assert.deepEqual(sent.body.items.map((n: { type: string }) => n.type).sort(), ['email', 'sms']);
      for (const n of sent.body.items) {
        assert.equal(n.status, 'pending');
        assert.equal(n.scheduledFor, app.clock.now().toISOString());
        assert.equal(n.appointmentId, appointment.id);
      }
      assert.equal((await jobsOf(sent.body.items.map((n: { id: string }) => n.id))).length, 2);
      const again = await remind(c.receptionist, appointment.id);
      assertProblem(again, 409);
      assert.equal(again.body.type, 'reminder-just-sent');
      const audit = await app.admin.query(
        "select count(*)::int as n from audit_logs where entity_id = $1 and action = 'REMINDER_SENT_MANUALLY'",
        [appointment.id],
      );
      assert.equal(audit.rows[0].n, 1);
    });

    it('lets only one of two simultaneous clicks through', async () => {
      const appointment = await book(emailOnly, '2026-11-17T14:00');
      const results = await Promise.all([remind(c.receptionist, appointment.id), remind(c.owner, appointment.id)]);
      assert.deepEqual(results.map((r) => r.status).sort(), [201, 409]);
    });

    it('sends only the channel asked for, and does not send text messages in quiet hours', async () => {
      const appointment = await book(reachable, '2026-11-18T10:30');
      const emailOnlyNow = await remind(c.receptionist, appointment.id, { channels: ['email'] });
      assert.deepEqual(
        emailOnlyNow.body.items.map((n: { type: string }) => n.type),
        ['email'],
      );
      const late = await book(arabic, '2026-11-18T14:00');
      app.clock.set('2026-11-02T20:00:00Z'); // 23:00 in Riyadh
      try {
        // The receptionist's token has expired by then: log in again.
        const login = await c.receptionist.client.post('/api/auth/login', {
          body: { email: c.receptionist.user.email, password: STRONG_PASSWORD },
        });
        const night = await remind({ ...c.receptionist, token: login.body.accessToken }, late.id);
        assert.equal(night.status, 201);
        const sms = night.body.items.find((n: { type: string }) => n.type === 'sms');
        assert.equal(sms.status, 'skipped');
        assert.match(sms.error, /Quiet hours/);
        assert.equal(night.body.items.find((n: { type: string }) => n.type === 'email').status, 'pending');
      } finally {
        app.clock.set('2026-11-02T06:00:00Z');
      }
    });

    it('refuses appointments that are not upcoming and patients who cannot or will not be reached', async () => {
      const cancelled = await book(reachable, '2026-11-19T10:30');
      const cancel = await c.receptionist.client.post(`/api/appointments/${cancelled.id}/cancel`, {
        token: c.receptionist.token,
        body: { reason: 'Travel' },
      });
      assert.equal(cancel.status, 200, JSON.stringify(cancel.body));
      const notUpcoming = await remind(c.receptionist, cancelled.id);
      assertProblem(notUpcoming, 409);
      assert.equal(notUpcoming.body.type, 'appointment-not-upcoming');
      const nobody = await remind(c.receptionist, (await book(unreachable, '2026-11-19T14:00')).id);
      assertProblem(nobody, 422);
      assert.equal(nobody.body.type, 'no-contact');
      const smsToEmailOnly = await remind(c.receptionist, (await book(emailOnly, '2026-11-19T15:00')).id, { channels: ['sms'] });
      assertProblem(smsToEmailOnly, 422);
      const { body: optedOut } = await c.owner.client.post('/api/patients', {
        token: c.owner.token,
        body: { firstName: 'No', lastName: 'Thanks', email: 'no@example.test', remindersOptOut: true },
      });
      const refused = await remind(c.receptionist, (await book(optedOut.id, '2026-11-19T16:00')).id);
      assertProblem(refused, 422);
      assert.equal(refused.body.type, 'reminders-opted-out');
    });

    it('answers bad input with 400, strangers with 404 and roles without messaging with 403, writing nothing', async () => {
      const appointment = await book(reachable, '2026-11-20T10:30');
      assertProblem(await remind(c.receptionist, appointment.id, { channels: ['fax'] }), 400, ['channels.0']);
      assertProblem(await remind(c.receptionist, appointment.id, { channels: [] }), 400, ['channels']);
      assertProblem(await remind(c.receptionist, appointment.id, { when: 'now' }), 400, ['when']);
      assertProblem(await remind(stranger, appointment.id), 404);
      assertProblem(await remind(c.receptionist, newId()), 404);
      assertProblem(await remind(c.dentist, appointment.id), 403);
      assertProblem(await remind(accountant, appointment.id), 403);
      const manual = await app.admin.query(
        "select count(*)::int as n from notifications where appointment_id = $1 and idempotency_key like 'manual:%'",
        [appointment.id],
      );
      assert.equal(manual.rows[0].n, 0);
    });
  });

  describe('GET /api/notifications', () => {
    it("lists a clinic's messages newest first, filtered, and pages through them", async () => {
      const appointment = await book(arabic, '2026-11-21T10:30');
      const list = await c.receptionist.client.get(`/api/notifications?appointmentId=${appointment.id}`, { token: c.receptionist.token });
      assert.equal(list.status, 200, JSON.stringify(list.body));
      assert.equal(list.body.items.length, 4);
      const item = list.body.items[0];
      for (const field of [
        'id',
        'type',
        'channel',
        'template',
        'locale',
        'recipient',
        'status',
        'scheduledFor',
        'sentAt',
        'attempts',
        'error',
        'appointmentId',
        'invoiceId',
        'patientId',
      ]) {
        assert.ok(field in item, `${field} is listed`);
      }
      assert.equal(item.channel, 'outbox'); // no SMTP_URL / SMS_PROVIDER in tests: kept in the outbox
      assert.equal(item.patientId, arabic);
      const ids = list.body.items.map((n: { id: string }) => n.id);
      assert.deepEqual(ids, [...ids].sort().reverse());
      const pending = await c.receptionist.client.get(`/api/notifications?patientId=${arabic}&status=pending&limit=2`, {
        token: c.receptionist.token,
      });
      assert.equal(pending.body.items.length, 2);
      assert.ok(pending.body.nextCursor);
      const next = await c.receptionist.client.get(
        `/api/notifications?patientId=${arabic}&status=pending&limit=2&cursor=${pending.body.nextCursor}`,
        {
          token: c.receptionist.token,
        },
      );
      assert.equal(next.body.items.length, 2);
      assert.ok(next.body.items.every((n: { id: string }) => !pending.body.items.some((p: { id: string }) => p.id === n.id)));
    });

    it('hides staff invitations from the receptionist, shows them to managers', async () => {
      const managers = await c.owner.client.get('/api/notifications?limit=200', { token: c.owner.token });
      assert.ok(managers.body.items.some((n: { template: string }) => n.template === 'staff_invite'));
      const front = await c.receptionist.client.get('/api/notifications?limit=200', { token: c.receptionist.token });
      assert.ok(front.body.items.length > 0 && front.body.items.every((n: { template: string }) => n.template !== 'staff_invite'));
    });

    it("refuses bad filters, other roles, and never shows another clinic's messages", async () => {
      assertProblem(await c.owner.client.get('/api/notifications?status=lost', { token: c.owner.token }), 400, ['status']);
      assertProblem(await c.owner.client.get('/api/notifications?appointmentId=42', { token: c.owner.token }), 400, ['appointmentId']);
      assertProblem(await c.owner.client.get('/api/notifications?cursor=zzz', { token: c.owner.token }), 400);
      assertProblem(await c.dentist.client.get('/api/notifications', { token: c.dentist.token }), 403);
      const billingOnly = await accountant.client.get('/api/notifications?limit=200', { token: accountant.token });
      assert.equal(billingOnly.status, 200, 'the Accountant follows invoice emails');
      assert.deepEqual(
        billingOnly.body.items.filter((n: { template: string }) => n.template !== 'invoice'),
        [],
        'and sees no other message',
      );
      const theirs = await stranger.client.get('/api/notifications?limit=200', { token: stranger.token });
      assert.equal(theirs.status, 200);
      assert.ok(theirs.body.items.every((n: { patientId: string | null }) => n.patientId === null));
      const channels = await c.receptionist.client.get('/api/notifications/channels', { token: c.receptionist.token });
      assert.deepEqual(channels.body, { email: 'outbox', sms: 'outbox' });
    });

    it('retries only failed messages; another clinic gets 404', async () => {
      const appointment = await book(emailOnly, '2026-11-22T10:30');
      const [row] = await notificationsOf(appointment.id);
      const notFailed = await c.receptionist.client.post(`/api/notifications/${row.id}/retry`, { token: c.receptionist.token });
      assertProblem(notFailed, 409);
      assert.equal(notFailed.body.type, 'not-retryable');
      await app.admin.query("update notifications set status = 'failed', error = 'SMTP: 550 no such user', attempts = 3 where id = $1", [
        row.id,
      ]);
      assertProblem(await stranger.client.post(`/api/notifications/${row.id}/retry`, { token: stranger.token }), 404);
      assertProblem(await c.dentist.client.post(`/api/notifications/${row.id}/retry`, { token: c.dentist.token }), 403);
      const retried = await c.receptionist.client.post(`/api/notifications/${row.id}/retry`, { token: c.receptionist.token });
      assert.equal(retried.status, 200, JSON.stringify(retried.body));
      assert.equal(retried.body.status, 'pending');
      assert.equal(retried.body.error, null);
      assert.equal(retried.body.attempts, 3);
      assert.equal(retried.body.scheduledFor, app.clock.now().toISOString());
      assert.equal((await jobsOf([row.id])).length, 1);
    });
  });
});
