import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../common/actor.js';
import { newId } from '../common/ids.js';
import { startTestApp, TEST_NOW, type TestApp } from '../../test/harness.js';
import {
  addStaff,
  assertProblem,
  bookableClinic,
  type BookableClinic,
  putDailySchedule,
  signupClinic,
  type Staff,
} from '../../test/factories.js';
import { AppointmentsService } from './appointments.service.js';

// Riyadh is UTC+3 all year: 09:00 local = 06:00Z.
const at = (local: string) => `${local}:00+03:00`;

describe('appointments', () => {
  let app: TestApp;
  let c: BookableClinic;
  let stranger: Staff;
  before(async () => {
    app = await startTestApp();
    c = await bookableClinic(app.baseUrl, { patients: 6 });
    stranger = (await signupClinic(app.baseUrl)).owner;
  });
  after(() => app.close());

  const book = (by: Staff, body: Record<string, unknown>) => by.client.post('/api/appointments', { token: by.token, body });
  const booking = (startLocal: string, overrides: Record<string, unknown> = {}) => ({
    patientId: c.patientIds[0],
    dentistId: c.dentist.user.id,
    serviceId: c.serviceId,
    startAt: at(startLocal),
    ...overrides,
  });
  const rowsAt = async (startAt: string) =>
    Number(
      (
        await app.admin.query(
          "select count(*) from appointments where clinic_id = $1 and start_at = $2 and status not in ('cancelled', 'no_show')",
          [c.owner.user.clinicId, startAt],
        )
      ).rows[0].count,
    );

  describe('POST /api/appointments', () => {
    it("books a slot; the end defaults to the service's duration", async () => {
      const response = await book(c.receptionist, booking('2027-02-07T09:00', { room: 'Chair 1' }));
      assert.equal(response.status, 201, JSON.stringify(response.body));
      assert.equal(response.body.startAt, '2027-02-07T06:00:00.000Z');
      assert.equal(response.body.endAt, '2027-02-07T06:30:00.000Z');
      assert.equal(response.body.status, 'scheduled');
      assert.equal(response.body.version, 1);
      assert.equal(response.body.room, 'Chair 1');
      const { rows } = await app.admin.query('select action from audit_logs where entity_id = $1', [response.body.id]);
      assert.deepEqual(
        rows.map((r) => r.action),
        ['APPOINTMENT_CREATED'],
      );
    });

    it('keeps appointment notes (clinical text) to clinical roles: others neither read nor write them', async () => {
      const accountant = await addStaff(app.baseUrl, c.owner, 'ACCOUNTANT');
      const refused = await book(c.receptionist, booking('2027-02-07T11:00', { patientId: c.patientIds[1], notes: 'Suspected abscess' }));
      assertProblem(refused, 403);
      assert.equal(await rowsAt('2027-02-07T08:00:00Z'), 0);
      const created = await book(c.dentist, booking('2027-02-07T11:00', { patientId: c.patientIds[1], notes: 'Suspected abscess' }));
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.notes, 'Suspected abscess');
      const range = `from=${encodeURIComponent(at('2027-02-07T11:00'))}&to=${encodeURIComponent(at('2027-02-07T11:30'))}`;
      for (const who of [c.receptionist, accountant]) {
        const one = await who.client.get(`/api/appointments/${created.body.id}`, { token: who.token });
        assert.equal(one.status, 200);
        assert.equal('notes' in one.body, false, `${who.user.role} must not see notes`);
        const list = await who.client.get(`/api/appointments?${range}`, { token: who.token });
        assert.ok(list.body.items.length === 1 && !('notes' in list.body.items[0]), `${who.user.role} must not see notes in the calendar`);
      }
      const move = await c.receptionist.client.patch(`/api/appointments/${created.body.id}`, {
        token: c.receptionist.token,
        body: { version: 1, notes: null },
      });
      assertProblem(move, 403);
      const dentistView = await c.dentist.client.get(`/api/appointments/${created.body.id}`, { token: c.dentist.token });
      assert.equal(dentistView.body.notes, 'Suspected abscess');
    });

    it('answers a double booking of the dentist with 409 naming the appointment in the way', async () => {
      const first = await book(c.receptionist, booking('2027-02-08T10:00'));
      const second = await book(c.receptionist, booking('2027-02-08T10:15', { patientId: c.patientIds[1] }));
      assertProblem(second, 409);
      assert.equal(second.body.type, 'double-booking');
      assert.equal(second.body.conflict, 'dentist');
      assert.equal(second.body.conflictingAppointmentId, first.body.id);
    });

    it('refuses an overlapping booking of the same room (other dentist) and of the same patient', async () => {
      const otherDentist = await addStaff(app.baseUrl, c.owner, 'HYGIENIST');
      const { putDailySchedule } = await import('../../test/factories.js');
      await putDailySchedule(c.owner, otherDentist.user.id);
      const first = await book(c.receptionist, booking('2027-02-09T09:00', { room: 'Chair 3' }));
      const roomClash = await book(
        c.receptionist,
        booking('2027-02-09T09:15', { room: 'Chair 3', dentistId: otherDentist.user.id, patientId: c.patientIds[1] }),
      );
      assertProblem(roomClash, 409);
      assert.equal(roomClash.body.conflict, 'room');
      assert.equal(roomClash.body.conflictingAppointmentId, first.body.id);
      const patientClash = await book(c.receptionist, booking('2027-02-09T09:15', { dentistId: otherDentist.user.id }));
      assertProblem(patientClash, 409);
      assert.equal(patientClash.body.conflict, 'patient');
    });

    it('refuses times outside working hours, in a break or on a vacation (422) unless an Owner overrides', async () => {
      assertProblem(await book(c.receptionist, booking('2027-02-10T08:30')), 422);
      assertProblem(await book(c.receptionist, booking('2027-02-10T11:45')), 422, undefined);
      assertProblem(await book(c.receptionist, booking('2027-02-10T16:45')), 422, undefined);
      assertProblem(await book(c.receptionist, booking('2027-02-10T07:00', { overrideSchedule: true })), 403);
      const overridden = await book(c.owner, booking('2027-02-10T07:00', { overrideSchedule: true }));
      assert.equal(overridden.status, 201);
      const { rows } = await app.admin.query('select action from audit_logs where entity_id = $1 order by created_at', [
        overridden.body.id,
      ]);
      assert.deepEqual(rows.map((r) => r.action).sort(), ['APPOINTMENT_CREATED', 'SCHEDULE_OVERRIDDEN']);
    });

    it('refuses a booking on a day the dentist is away', async () => {
      const { putDailySchedule } = await import('../../test/factories.js');
      const away = await addStaff(app.baseUrl, c.owner, 'DENTIST');
      await putDailySchedule(c.owner, away.user.id, { exceptions: [{ from: '2027-02-11', to: '2027-02-12', kind: 'vacation' }] });
      const response = await book(c.receptionist, booking('2027-02-11T10:00', { dentistId: away.user.id }));
      assertProblem(response, 422);
      assert.equal(response.body.type, 'outside-working-hours');
      assert.equal((await book(c.receptionist, booking('2027-02-13T10:00', { dentistId: away.user.id }))).status, 201);
    });

    it("refuses a non-clinician as the dentist (422) and another clinic's patient, dentist or service (404)", async () => {
      assertProblem(await book(c.owner, booking('2027-02-14T09:00', { dentistId: c.receptionist.user.id })), 422);
      const foreignPatient = (
        await stranger.client.post('/api/patients', { token: stranger.token, body: { firstName: 'F', lastName: 'P' } })
      ).body.id;
      const foreignService = (
        await stranger.client.post('/api/services', { token: stranger.token, body: { name: 'S', price: '1', durationMinutes: 30 } })
      ).body.id;
      for (const overrides of [
        { patientId: foreignPatient },
        { dentistId: stranger.user.id },
        { serviceId: foreignService },
        { patientId: newId() },
      ]) {
        assertProblem(await book(c.owner, booking('2027-02-14T09:00', overrides)), 404);
      }
      assert.equal(await rowsAt('2027-02-14T06:00:00Z'), 0);
    });

    const bad: [string, Record<string, unknown>, string[]][] = [
      ['missing fields', { startAt: at('2027-02-15T09:00') }, ['dentistId', 'patientId', 'serviceId']],
      ['a start without a time zone', { startAt: '2027-02-15T09:00:00' }, ['startAt']],
      ['a malformed id', { patientId: 'abc' }, ['patientId']],
      ['an unknown field', { status: 'completed' }, ['status']],
      ['an end before the start', { endAt: at('2027-02-15T08:00') }, ['endAt']],
      ['an appointment of more than 12 hours', { endAt: '2027-02-16T09:00:00+03:00' }, ['endAt']],
    ];
    for (const [label, overrides, paths] of bad) {
      it(`rejects ${label} with 400 and writes nothing`, async () => {
        const body: Record<string, unknown> = { ...booking('2027-02-15T09:00'), ...overrides };
        if (label === 'missing fields') for (const k of ['patientId', 'dentistId', 'serviceId']) delete body[k];
        assertProblem(await book(c.owner, body), 400, paths);
        assert.equal(await rowsAt('2027-02-15T06:00:00Z'), 0);
      });
    }

    it('refuses an Accountant (403)', async () => {
      const accountant = await addStaff(app.baseUrl, c.owner, 'ACCOUNTANT');
      assertProblem(await book(accountant, booking('2027-02-15T10:00')), 403);
    });

    it("lets exactly one of 50 simultaneous bookings of one dentist's slot through", async () => {
      const patients = await Promise.all(
        Array.from(
          { length: 50 },
          async (_, i) =>
            (await c.owner.client.post('/api/patients', { token: c.owner.token, body: { firstName: `Rush${i}`, lastName: 'Hour' } })).body
              .id,
        ),
      );
      const results = await Promise.all(patients.map((patientId) => book(c.receptionist, booking('2027-02-16T10:00', { patientId }))));
      const statuses = results.map((r) => r.status);
      assert.equal(statuses.filter((s) => s === 201).length, 1, statuses.join(','));
      assert.equal(statuses.filter((s) => s === 409).length, 49);
      const winner = results.find((r) => r.status === 201)!.body.id;
      assert.ok(results.filter((r) => r.status === 409).every((r) => r.body.conflictingAppointmentId === winner));
      assert.equal(await rowsAt('2027-02-16T07:00:00Z'), 1);
    });

    it('lets exactly one of 50 simultaneous bookings of one room through', async () => {
      const clinicId = c.owner.user.clinicId;
      const dentists = Array.from({ length: 50 }, () => newId());
      const patients = Array.from({ length: 50 }, () => newId());
      await app.admin.query(
        `insert into users (clinic_id, id, email, password_hash, first_name, last_name, role)
         select $1, d, 'room-' || d || '@example.test', 'x', 'Room', 'Dentist', 'DENTIST' from unnest($2::text[]) d`,
        [clinicId, dentists],
      );
      await app.admin.query(
        `insert into staff_schedules (clinic_id, id, user_id, weekday, start_time, end_time)
         select $1, gen_random_uuid()::text, d, w, '09:00', '17:00' from unnest($2::text[]) d, generate_series(0, 6) w`,
        [clinicId, dentists],
      );
      await app.admin.query(
        "insert into patients (clinic_id, id, first_name, last_name) select $1, p, 'Room', 'Patient' from unnest($2::text[]) p",
        [clinicId, patients],
      );
      const results = await Promise.all(
        dentists.map((dentistId, i) =>
          book(c.receptionist, booking('2027-02-17T10:00', { dentistId, patientId: patients[i], room: 'Surgery' })),
        ),
      );
      const statuses = results.map((r) => r.status);
      assert.equal(statuses.filter((s) => s === 201).length, 1, statuses.join(','));
      assert.ok(results.filter((r) => r.status === 409).every((r) => r.body.conflict === 'room'));
      const { rows } = await app.admin.query("select count(*)::int as n from appointments where clinic_id = $1 and room = 'Surgery'", [
        clinicId,
      ]);
      assert.equal(rows[0].n, 1);
    });
    it('lets one of 50 simultaneous bookings through when they clash on room and patient across two dentists; the rest get 409', async () => {
      const second = await addStaff(app.baseUrl, c.owner, 'DENTIST');
      await putDailySchedule(c.owner, second.user.id);
      const dentists = [c.dentist.user.id, second.user.id];
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          book(c.receptionist, booking('2027-02-18T10:00', { dentistId: dentists[i % 2], patientId: c.patientIds[3], room: 'Theatre' })),
        ),
      );
      const statuses = results.map((r) => r.status);
      assert.equal(statuses.filter((s) => s === 201).length, 1, statuses.join(','));
      assert.equal(statuses.filter((s) => s === 409).length, 49, statuses.join(','));
      const winner = results.find((r) => r.status === 201)!.body.id;
      for (const loser of results.filter((r) => r.status === 409)) {
        assert.equal(loser.body.type, 'double-booking');
        assert.equal(loser.body.conflictingAppointmentId, winner);
      }
      assert.equal(await rowsAt('2027-02-18T07:00:00Z'), 1);
    });
  });

  describe('bookings in the past', () => {
    // The clock stands at TEST_NOW: 09:00 on 2026-11-02 in Riyadh (the other tests book in 2027).
    const during = async (work: () => Promise<void>) => {
      try {
        await work();
      } finally {
        app.clock.set(TEST_NOW);
      }
    };

    it('refuses yesterday 10:00 with 422 booking-in-past and writes nothing; a receptionist may not back-enter (403)', () =>
      during(async () => {
        const refused = await book(c.receptionist, booking('2026-11-01T10:00', { patientId: c.patientIds[5] }));
        assertProblem(refused, 422);
        assert.equal(refused.body.type, 'booking-in-past');
        assertProblem(await book(c.receptionist, booking('2026-11-01T10:00', { patientId: c.patientIds[5], backEntry: true })), 403);
        assertProblem(await book(c.owner, booking('2026-11-02T08:30', { patientId: c.patientIds[5] })), 422);
        assert.equal(await rowsAt('2026-11-01T07:00:00Z'), 0);
        assert.equal(await rowsAt('2026-11-02T05:30:00Z'), 0);
        // The slot that began ten minutes ago still takes a walk-in.
        app.clock.set('2026-11-02T06:10:00Z');
        assert.equal((await book(c.receptionist, booking('2026-11-02T09:00', { patientId: c.patientIds[5] }))).status, 201);
      }));

    it('lets an Owner record a past visit (back-entry), audited', () =>
      during(async () => {
        const recorded = await book(c.owner, booking('2026-11-01T11:00', { patientId: c.patientIds[5], backEntry: true }));
        assert.equal(recorded.status, 201, JSON.stringify(recorded.body));
        const { rows } = await app.admin.query('select action, metadata from audit_logs where entity_id = $1 order by action', [
          recorded.body.id,
        ]);
        assert.deepEqual(
          rows.map((r) => r.action),
          ['APPOINTMENT_BACK_ENTERED', 'APPOINTMENT_CREATED'],
        );
        assert.equal(rows[0].metadata.startAt, '2026-11-01T08:00:00.000Z');
      }));

    it('refuses moving a visit into the past, but lets a past visit change chair', () =>
      during(async () => {
        const coming = (await book(c.receptionist, booking('2026-11-04T09:00', { patientId: c.patientIds[4] }))).body;
        const back = await c.receptionist.client.patch(`/api/appointments/${coming.id}`, {
          token: c.receptionist.token,
          body: { version: 1, startAt: at('2026-11-01T09:00') },
        });
        assertProblem(back, 422);
        assert.equal(back.body.type, 'booking-in-past');
        const past = (await book(c.owner, booking('2026-10-29T09:00', { patientId: c.patientIds[4], backEntry: true }))).body;
        const chair = await c.receptionist.client.patch(`/api/appointments/${past.id}`, {
          token: c.receptionist.token,
          body: { version: 1, room: 'Chair 2' },
        });
        assert.equal(chair.status, 200, JSON.stringify(chair.body));
      }));
  });

  describe('moving, cancelling and the status flow', () => {
    it('reschedules with the current version, and refuses a stale or missing one', async () => {
      const created = (await book(c.receptionist, booking('2027-03-01T09:00', { patientId: c.patientIds[2] }))).body;
      const moved = await c.receptionist.client.patch(`/api/appointments/${created.id}`, {
        token: c.receptionist.token,
        body: { version: 1, startAt: at('2027-03-01T10:00') },
      });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      assert.equal(moved.body.startAt, '2027-03-01T07:00:00.000Z');
      assert.equal(moved.body.endAt, '2027-03-01T07:30:00.000Z', 'keeps its length');
      assert.equal(moved.body.version, 2);
      const stale = await c.receptionist.client.patch(`/api/appointments/${created.id}`, {
        token: c.receptionist.token,
        body: { version: 1, startAt: at('2027-03-01T11:00') },
      });
      assertProblem(stale, 409);
      assert.equal(stale.body.type, 'stale-version');
      assert.equal(stale.body.currentVersion, 2);
      assertProblem(
        await c.receptionist.client.patch(`/api/appointments/${created.id}`, {
          token: c.receptionist.token,
          body: { startAt: at('2027-03-01T11:00') },
        }),
        428,
      );
      const viaHeader = await c.receptionist.client.patch(`/api/appointments/${created.id}`, {
        token: c.receptionist.token,
        body: { room: 'Chair 9' },
        headers: { 'if-match': '"2"' },
      });
      assert.equal(viaHeader.status, 200);
      assert.equal(viaHeader.body.room, 'Chair 9');
      const row = (await app.admin.query('select start_at from appointments where id = $1', [created.id])).rows[0];
      assert.equal(row.start_at.toISOString(), '2027-03-01T07:00:00.000Z');
    });

    it('refuses a move into another booking (409) or outside working hours (422)', async () => {
      const a = (await book(c.receptionist, booking('2027-03-02T09:00', { patientId: c.patientIds[3] }))).body;
      const b = (await book(c.receptionist, booking('2027-03-02T10:00', { patientId: c.patientIds[4] }))).body;
      const clash = await c.receptionist.client.patch(`/api/appointments/${b.id}`, {
        token: c.receptionist.token,
        body: { version: 1, startAt: at('2027-03-02T09:15') },
      });
      assertProblem(clash, 409);
      assert.equal(clash.body.conflictingAppointmentId, a.id);
      assertProblem(
        await c.receptionist.client.patch(`/api/appointments/${b.id}`, {
          token: c.receptionist.token,
          body: { version: 1, startAt: at('2027-03-02T20:00') },
        }),
        422,
      );
      assert.equal((await c.receptionist.client.get(`/api/appointments/${b.id}`, { token: c.receptionist.token })).body.version, 1);
    });

    it('walks the status flow and refuses illegal transitions with 409', async () => {
      const appt = (await book(c.receptionist, booking('2027-03-03T09:00', { patientId: c.patientIds[5] }))).body;
      let version = 1;
      for (const status of ['confirmed', 'checked_in', 'in_progress', 'completed']) {
        const response = await c.dentist.client.post(`/api/appointments/${appt.id}/status`, {
          token: c.dentist.token,
          body: { status, version },
        });
        assert.equal(response.status, 200, `${status}: ${JSON.stringify(response.body)}`);
        assert.equal(response.body.status, status);
        version = response.body.version;
      }
      const back = await c.dentist.client.post(`/api/appointments/${appt.id}/status`, {
        token: c.dentist.token,
        body: { status: 'confirmed' },
      });
      assertProblem(back, 409);
      assert.equal(back.body.type, 'illegal-transition');
      assertProblem(
        await c.dentist.client.patch(`/api/appointments/${appt.id}`, {
          token: c.dentist.token,
          body: { version, startAt: at('2027-03-03T10:00') },
        }),
        409,
      );
      assertProblem(
        await c.dentist.client.post(`/api/appointments/${appt.id}/status`, { token: c.dentist.token, body: { status: 'cancelled' } }),
        400,
      );
      assertProblem(
        await c.dentist.client.post(`/api/appointments/${appt.id}/status`, { token: c.dentist.token, body: { status: 'done' } }),
        400,
      );
    });

    it('cancels with a reason, frees the slot, and cannot cancel twice', async () => {
      const appt = (await book(c.receptionist, booking('2027-03-04T09:00'))).body;
      assertProblem(
        await c.receptionist.client.post(`/api/appointments/${appt.id}/cancel`, { token: c.receptionist.token, body: {} }),
        400,
        ['reason'],
      );
      const cancelled = await c.receptionist.client.post(`/api/appointments/${appt.id}/cancel`, {
        token: c.receptionist.token,
        body: { reason: 'Patient is travelling' },
      });
      assert.equal(cancelled.status, 200);
      assert.equal(cancelled.body.status, 'cancelled');
      assert.equal(cancelled.body.cancelReason, 'Patient is travelling');
      assert.equal((await book(c.receptionist, booking('2027-03-04T09:00'))).status, 201, 'the slot is free again');
      assertProblem(
        await c.receptionist.client.post(`/api/appointments/${appt.id}/cancel`, { token: c.receptionist.token, body: { reason: 'again' } }),
        409,
      );
      const { rows } = await app.admin.query("select metadata from audit_logs where entity_id = $1 and action = 'APPOINTMENT_CANCELLED'", [
        appt.id,
      ]);
      assert.equal(rows[0].metadata.reason, 'Patient is travelling');
    });

    it('lets a background job (a system actor) book and cancel, audited under the job with no user', async () => {
      const appointments = app.get(AppointmentsService);
      const job = systemActor(c.owner.user.clinicId, 'some-job');
      const booked = await appointments.create(job, {
        patientId: c.patientIds[4]!,
        dentistId: c.dentist.user.id,
        serviceId: c.serviceId,
        startAt: at('2027-03-11T10:00'),
      });
      assert.equal(booked.status, 'scheduled');
      assert.equal(booked.endAt, '2027-03-11T07:30:00.000Z');
      const seen = await c.receptionist.client.get(`/api/appointments/${booked.id}`, { token: c.receptionist.token });
      assert.equal(seen.status, 200, 'staff see what the job booked');
      const cancelled = await appointments.cancel(job, booked.id, { reason: 'Dentist unavailable', version: booked.version });
      assert.equal(cancelled.status, 'cancelled');
      assert.equal(cancelled.cancelReason, 'Dentist unavailable');
      const row = (await app.admin.query('select status, created_by_id from appointments where id = $1', [booked.id])).rows[0];
      assert.deepEqual(row, { status: 'cancelled', created_by_id: null });
      const { rows } = await app.admin.query(
        'select action, system_job, user_id, ip_address, clinic_id from audit_logs where entity_id = $1 order by action',
        [booked.id],
      );
      const asJob = { system_job: 'some-job', user_id: null, ip_address: null, clinic_id: c.owner.user.clinicId };
      assert.deepEqual(rows, [
        { action: 'APPOINTMENT_CANCELLED', ...asJob },
        { action: 'APPOINTMENT_CREATED', ...asJob },
      ]);
    });

    it("answers 404 for another clinic's appointment on every verb and changes nothing", async () => {
      const appt = (await book(c.receptionist, booking('2027-03-05T09:00'))).body;
      assertProblem(await stranger.client.get(`/api/appointments/${appt.id}`, { token: stranger.token }), 404);
      assertProblem(
        await stranger.client.patch(`/api/appointments/${appt.id}`, { token: stranger.token, body: { version: 1, room: 'X' } }),
        404,
      );
      assertProblem(
        await stranger.client.post(`/api/appointments/${appt.id}/cancel`, { token: stranger.token, body: { reason: 'x' } }),
        404,
      );
      assertProblem(
        await stranger.client.post(`/api/appointments/${appt.id}/status`, { token: stranger.token, body: { status: 'confirmed' } }),
        404,
      );
      const row = (await app.admin.query('select status, version, room from appointments where id = $1', [appt.id])).rows[0];
      assert.deepEqual(row, { status: 'scheduled', version: 1, room: null });
    });
  });

  describe('GET /api/appointments (calendar)', () => {
    it("lists a range by start time, filtered by dentist, room or patient, never another clinic's", async () => {
      const from = encodeURIComponent(at('2027-02-07T00:00'));
      const to = encodeURIComponent(at('2027-02-18T00:00'));
      const all = await c.receptionist.client.get(`/api/appointments?from=${from}&to=${to}`, { token: c.receptionist.token });
      assert.match(all.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/, 'the streamed calendar carries X-Request-Id');
      assert.equal(all.contentType, 'application/json; charset=utf-8');
      assert.equal(all.status, 200);
      const starts = all.body.items.map((a: { startAt: string }) => a.startAt);
      assert.deepEqual(starts, [...starts].sort());
      assert.ok(all.body.items.length >= 5);
      const byRoom = await c.receptionist.client.get(`/api/appointments?from=${from}&to=${to}&room=Chair%201`, {
        token: c.receptionist.token,
      });
      assert.ok(byRoom.body.items.length >= 1 && byRoom.body.items.every((a: { room: string }) => a.room === 'Chair 1'));
      const byPatient = await c.receptionist.client.get(`/api/appointments?from=${from}&to=${to}&patientId=${c.patientIds[1]}`, {
        token: c.receptionist.token,
      });
      assert.ok(byPatient.body.items.every((a: { patientId: string }) => a.patientId === c.patientIds[1]));
      const theirs = await stranger.client.get(`/api/appointments?from=${from}&to=${to}`, { token: stranger.token });
      assert.deepEqual(theirs.body.items, []);
      const { patientName, ...one } = all.body.items[0];
      const index = c.patientIds.indexOf(one.patientId);
      assert.equal(patientName, `Patient${index} Test`, 'each entry names its patient');
      const single = (await c.receptionist.client.get(`/api/appointments/${one.id}`, { token: c.receptionist.token })).body;
      const { cancelledAt, createdAt, updatedAt, ...calendarFields } = single;
      assert.ok(cancelledAt === null && createdAt && updatedAt, 'the record-keeping times are on the single appointment');
      assert.deepEqual(one, calendarFields, 'list items read like single ones, without the record-keeping times');
    });

    it('maps every calendar field by name from its column (room, notes, cancel reason, version, patient name)', async () => {
      const created = await book(
        c.owner,
        booking('2027-03-09T09:00', { patientId: c.patientIds[5], room: 'Chair 9', notes: 'Bring X-rays' }),
      );
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const cancelled = await c.owner.client.post(`/api/appointments/${created.body.id}/cancel`, {
        token: c.owner.token,
        body: { reason: 'Patient travelling', version: 1 },
      });
      assert.equal(cancelled.status, 200);
      const range = `from=${encodeURIComponent(at('2027-03-09T00:00'))}&to=${encodeURIComponent(at('2027-03-10T00:00'))}`;
      const list = await c.owner.client.get(`/api/appointments?${range}&patientId=${c.patientIds[5]}&status=cancelled`, {
        token: c.owner.token,
      });
      assert.equal(list.status, 200);
      assert.deepEqual(list.body.items, [
        {
          id: created.body.id,
          patientId: c.patientIds[5],
          dentistId: c.dentist.user.id,
          serviceId: c.serviceId,
          room: 'Chair 9',
          startAt: '2027-03-09T06:00:00.000Z',
          endAt: '2027-03-09T06:30:00.000Z',
          status: 'cancelled',
          notes: 'Bring X-rays',
          cancelReason: 'Patient travelling',
          version: 2,
          patientName: 'Patient5 Test',
        },
      ]);
    });

    it("bounds a calendar range to 62 days but lets one patient's history span years", async () => {
      const from = encodeURIComponent(at('2027-01-01T00:00'));
      const wide = encodeURIComponent(at('2027-03-05T00:00'));
      assertProblem(await c.owner.client.get(`/api/appointments?from=${from}&to=${wide}`, { token: c.owner.token }), 400, ['to']);
      const someone = (
        await c.owner.client.get(`/api/appointments?from=${from}&to=${encodeURIComponent(at('2027-02-28T00:00'))}`, {
          token: c.owner.token,
        })
      ).body.items[0].patientId;
      const years = encodeURIComponent(at('2031-01-01T00:00'));
      const history = await c.owner.client.get(`/api/appointments?from=${from}&to=${years}&patientId=${someone}`, { token: c.owner.token });
      assert.equal(history.status, 200);
      assert.ok(history.body.items.length >= 1 && history.body.items.every((a: { patientId: string }) => a.patientId === someone));
    });

    /** A clinic whose dentist has `count` back-to-back appointments from 2028-01-02 (more than a write batch). */
    const busyClinic = async (count: number) => {
      const busy = await bookableClinic(app.baseUrl, { patients: 1 });
      await app.admin.query(
        `insert into appointments (clinic_id, id, patient_id, dentist_id, service_id, room, start_at, end_at)
         select $1, gen_random_uuid()::text, $2, $3, $4, 'Chair ' || (g % 3 + 1),
                timestamptz '2028-01-02 05:00Z' + g * interval '30 minutes', timestamptz '2028-01-02 05:30Z' + g * interval '30 minutes'
         from generate_series(1, $5) g`,
        [busy.owner.user.clinicId, busy.patientIds[0], busy.dentist.user.id, busy.serviceId, count],
      );
      return busy;
    };
    const busyRange = 'from=2028-01-01T00:00:00Z&to=2028-03-01T00:00:00Z';

    it('sends a busy range whole and in order across its write batches, and pages through the same entries', async () => {
      const busy = await busyClinic(300);
      const whole = await busy.owner.client.get(`/api/appointments?${busyRange}&limit=2000`, { token: busy.owner.token });
      assert.equal(whole.status, 200);
      assert.match(whole.headers.get('content-type') ?? '', /^application\/json/);
      assert.equal(whole.body.nextCursor, null);
      const starts = whole.body.items.map((a: { startAt: string }) => a.startAt);
      assert.equal(new Set(starts).size, 300);
      assert.deepEqual(starts, [...starts].sort());
      assert.ok(whole.body.items.every((a: { patientName: string }) => a.patientName === 'Patient0 Test'));
      const paged: unknown[] = [];
      let cursor: string | null = null;
      do {
        const page: any = await busy.owner.client.get(`/api/appointments?${busyRange}&limit=130${cursor ? `&cursor=${cursor}` : ''}`, {
          token: busy.owner.token,
        });
        assert.equal(page.status, 200);
        paged.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor);
      assert.deepEqual(paged, whole.body.items);
    });

    it('keeps serving when a client hangs up in the middle of a streamed calendar', async () => {
      const busy = await busyClinic(2000);
      const hungUp = await new Promise<boolean>((resolve) => {
        const request = http.get(
          `${app.baseUrl}/api/appointments?${busyRange}&limit=2000`,
          { headers: { authorization: `Bearer ${busy.owner.token}` } },
          (response) => {
            response.once('data', () => {
              request.destroy();
              resolve(true);
            });
          },
        );
        request.on('error', () => resolve(false));
      });
      assert.ok(hungUp);
      const whole = await busy.owner.client.get(`/api/appointments?${busyRange}&limit=2000`, { token: busy.owner.token });
      assert.equal(whole.status, 200);
      assert.equal(whole.body.items.length, 2000);
    });

    it('pages with a cursor', async () => {
      const from = encodeURIComponent(at('2027-02-01T00:00'));
      const to = encodeURIComponent(at('2027-03-31T00:00'));
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: any = await c.owner.client.get(`/api/appointments?from=${from}&to=${to}&limit=3${cursor ? `&cursor=${cursor}` : ''}`, {
          token: c.owner.token,
        });
        assert.equal(page.status, 200);
        seen.push(...page.body.items.map((a: { id: string }) => a.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      const { rows } = await app.admin.query(
        "select count(*)::int as n from appointments where clinic_id = $1 and start_at < '2027-03-30T21:00Z' and end_at > '2027-01-31T21:00Z'",
        [c.owner.user.clinicId],
      );
      assert.equal(seen.length, rows[0].n);
      assert.equal(new Set(seen).size, seen.length);
    });

    it('rejects a bad range with 400', async () => {
      for (const query of [
        '',
        `from=${encodeURIComponent(at('2027-02-10T00:00'))}&to=${encodeURIComponent(at('2027-02-01T00:00'))}`,
        `from=${encodeURIComponent(at('2027-01-01T00:00'))}&to=${encodeURIComponent(at('2027-06-01T00:00'))}`,
        'from=yesterday&to=today',
      ]) {
        assertProblem(await c.owner.client.get(`/api/appointments?${query}`, { token: c.owner.token }), 400);
      }
    });

    it("keeps an archived patient's appointments, named as the patient is now, and refuses new bookings for them (422)", async () => {
      const patient = (
        await c.owner.client.post('/api/patients', { token: c.owner.token, body: { firstName: 'Soon', lastName: 'Archived' } })
      ).body.id;
      const appt = (await book(c.owner, booking('2027-03-08T09:00', { patientId: patient }))).body;
      assert.equal(
        (await c.owner.client.patch(`/api/patients/${patient}`, { token: c.owner.token, body: { lastName: 'الأرشيف' } })).status,
        200,
      );
      assert.equal((await c.owner.client.request('DELETE', `/api/patients/${patient}`, { token: c.owner.token })).status, 204);
      const from = encodeURIComponent(at('2027-03-08T00:00'));
      const to = encodeURIComponent(at('2027-03-09T00:00'));
      const history = await c.owner.client.get(`/api/appointments?from=${from}&to=${to}&patientId=${patient}`, { token: c.owner.token });
      assert.deepEqual(
        history.body.items.map((a: { id: string; patientName: string }) => [a.id, a.patientName]),
        [[appt.id, 'Soon الأرشيف']],
      );
      assertProblem(await book(c.owner, booking('2027-03-08T10:00', { patientId: patient })), 422);
    });
  });
});
