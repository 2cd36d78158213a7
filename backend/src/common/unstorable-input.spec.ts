import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { assertProblem, bookableClinic, type BookableClinic } from '../../test/factories.js';

/**
 * Input PostgreSQL cannot store must be refused as a 400 before it reaches the database: a NUL
 * character in any string (body, query, cursor), and instants outside the years the platform keeps
 * (year 0000; 9999-12-31T23:00-14:00, which is year 10000 in UTC). Nothing is written.
 */
describe('input the database cannot store', () => {
  let app: TestApp;
  let c: BookableClinic;
  before(async () => {
    app = await startTestApp();
    c = await bookableClinic(app.baseUrl, { patients: 1 });
  });
  after(() => app.close());

  const NUL = 'a\u0000b';
  const nulCursor = Buffer.from(JSON.stringify([NUL])).toString('base64url');
  const nulCursor2 = Buffer.from(JSON.stringify([NUL, NUL])).toString('base64url');
  const YEAR_0 = '0000-01-01T00:00:00Z';
  const YEAR_10000 = '9999-12-31T23:00:00-14:00';

  async function counts() {
    const { rows } = await app.admin.query(
      `select (select count(*) from patients where clinic_id = $1)::int as patients,
              (select count(*) from services where clinic_id = $1)::int as services,
              (select count(*) from appointments where clinic_id = $1)::int as appointments,
              (select count(*) from staff_schedule_exceptions where clinic_id = $1)::int as exceptions,
              (select name from clinics where id = $1) as clinic_name`,
      [c.owner.user.clinicId],
    );
    return rows[0];
  }

  const booking = (overrides: Record<string, unknown>) => ({
    patientId: c.patientIds[0],
    dentistId: c.dentist.user.id,
    serviceId: c.serviceId,
    startAt: '2027-04-01T09:00:00+03:00',
    ...overrides,
  });

  const writes: [string, string, string, () => unknown, string][] = [
    ['a NUL in a patient name', 'POST', '/api/patients', () => ({ firstName: NUL, lastName: 'X' }), 'firstName'],
    ['a NUL in a patient note', 'POST', '/api/patients', () => ({ firstName: 'A', lastName: 'B', notes: NUL }), 'notes'],
    ['a NUL in a service name', 'POST', '/api/services', () => ({ name: NUL, price: '10', durationMinutes: 30 }), 'name'],
    ['a NUL in the clinic name', 'PATCH', '/api/clinics/me', () => ({ name: NUL }), 'name'],
    ['a NUL in a room name', 'PATCH', '/api/clinics/me', () => ({ rooms: ['Chair 1', NUL] }), 'rooms.1'],
    ['a NUL in appointment notes', 'POST', '/api/appointments', () => booking({ notes: NUL }), 'notes'],
    ['a NUL in a room of a booking', 'POST', '/api/appointments', () => booking({ room: NUL }), 'room'],
    ['a booking in year 0000', 'POST', '/api/appointments', () => booking({ startAt: YEAR_0 }), 'startAt'],
    ['a booking in year 10000', 'POST', '/api/appointments', () => booking({ startAt: YEAR_10000 }), 'startAt'],
    ['a booking ending in year 10000', 'POST', '/api/appointments', () => booking({ endAt: YEAR_10000 }), 'endAt'],
    [
      'a date of birth in year 0000',
      'POST',
      '/api/patients',
      () => ({ firstName: 'A', lastName: 'B', dateOfBirth: '0000-01-01' }),
      'dateOfBirth',
    ],
  ];
  for (const [name, method, path, body, field] of writes) {
    it(`refuses ${name} with 400 at "${field}" and writes nothing`, async () => {
      const before = await counts();
      const response = await c.owner.client.request(method, path, { token: c.owner.token, body: body() });
      assertProblem(response, 400);
      assert.ok(
        response.body.errors.some((e: { path: string }) => e.path === field),
        JSON.stringify(response.body.errors),
      );
      assert.deepEqual(await counts(), before);
    });
  }

  it('refuses unstorable dates in a schedule exception and keeps the schedule', async () => {
    const before = await counts();
    const response = await c.owner.client.request('PUT', `/api/staff/${c.dentist.user.id}/schedule`, {
      token: c.owner.token,
      body: { weekly: [], breaks: [], exceptions: [{ from: '0000-01-01', to: '0000-01-02', kind: 'vacation', note: NUL }] },
    });
    assertProblem(response, 400);
    assert.deepEqual(await counts(), before);
  });

  const reads: [string, string][] = [
    ['a NUL in a patient search', `/api/patients?q=${encodeURIComponent(NUL)}`],
    ['a NUL in a service search', `/api/services?q=${encodeURIComponent(NUL)}`],
    ['a NUL in a patient list cursor', `/api/patients?cursor=${nulCursor2}`],
    ['a NUL in a user list cursor', `/api/users?cursor=${nulCursor}`],
    ['a NUL in a service list cursor', `/api/services?cursor=${nulCursor2}`],
    ['a NUL in an audit cursor', `/api/audit-logs?cursor=${nulCursor}`],
    ['a NUL in a calendar cursor', `/api/appointments?from=2027-04-01T00:00:00Z&to=2027-04-02T00:00:00Z&cursor=${nulCursor2}`],
    [
      'a NUL in a calendar room filter',
      `/api/appointments?from=2027-04-01T00:00:00Z&to=2027-04-02T00:00:00Z&room=${encodeURIComponent(NUL)}`,
    ],
    [
      'a NUL in an availability room',
      `/api/availability?serviceId=${'0'.repeat(8)}-0000-7000-8000-${'0'.repeat(12)}&from=2027-04-01&to=2027-04-02&roomId=${encodeURIComponent(NUL)}`,
    ],
    ['an audit range from year 0000', `/api/audit-logs?from=${encodeURIComponent(YEAR_0)}`],
    ['an audit range to year 10000', `/api/audit-logs?to=${encodeURIComponent(YEAR_10000)}`],
    ['a calendar from year 0000', `/api/appointments?from=${encodeURIComponent(YEAR_0)}&to=2027-04-02T00:00:00Z`],
    ['a calendar to year 10000', `/api/appointments?from=2027-04-01T00:00:00Z&to=${encodeURIComponent(YEAR_10000)}`],
    [
      'a calendar cursor in year 10000',
      `/api/appointments?from=2027-04-01T00:00:00Z&to=2027-04-02T00:00:00Z&cursor=${Buffer.from(JSON.stringify(['+010000-01-01T00:00:00.000Z', 'x'])).toString('base64url')}`,
    ],
    [
      'availability from year 0000',
      `/api/availability?serviceId=${'0'.repeat(8)}-0000-7000-8000-${'0'.repeat(12)}&from=${encodeURIComponent(YEAR_0)}&to=2027-04-02`,
    ],
  ];
  for (const [name, path] of reads) {
    it(`refuses ${name} with 400`, async () => {
      assertProblem(await c.owner.client.get(path, { token: c.owner.token }), 400);
    });
  }
});
