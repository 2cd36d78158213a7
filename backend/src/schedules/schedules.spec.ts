import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { addStaff, assertProblem, signupClinic, type Staff } from '../../test/factories.js';

describe('PUT/GET /api/staff/:userId/schedule', () => {
  let app: TestApp;
  let owner: Staff;
  let dentist: Staff;
  let receptionist: Staff;
  let stranger: Staff;
  before(async () => {
    app = await startTestApp();
    owner = (await signupClinic(app.baseUrl)).owner;
    dentist = await addStaff(app.baseUrl, owner, 'DENTIST');
    receptionist = await addStaff(app.baseUrl, owner, 'RECEPTIONIST');
    stranger = (await signupClinic(app.baseUrl)).owner;
  });
  after(() => app.close());

  const schedule = {
    weekly: [
      { weekday: 0, start: '09:00', end: '13:00' },
      { weekday: 0, start: '16:00', end: '21:00' },
      { weekday: 1, start: '09:00', end: '13:00' },
    ],
    breaks: [{ weekday: 0, start: '11:00', end: '11:30' }],
    exceptions: [
      { from: '2026-12-01', to: '2026-12-03', kind: 'vacation' },
      { from: '2026-12-05', to: '2026-12-05', kind: 'extra_hours', start: '10:00', end: '12:00', note: 'Saturday clinic' },
    ],
  };
  const put = (by: Staff, userId: string, body: unknown) =>
    by.client.request('PUT', `/api/staff/${userId}/schedule`, { token: by.token, body });
  const rows = async (userId: string) =>
    Number(
      (
        await app.admin.query(
          'select (select count(*) from staff_schedules where user_id = $1) + (select count(*) from staff_schedule_exceptions where user_id = $1) as n',
          [userId],
        )
      ).rows[0].n,
    );

  it("replaces and returns the whole schedule in the clinic's wall-clock time", async () => {
    const response = await put(owner, dentist.user.id, schedule);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.timezone, 'Asia/Riyadh');
    assert.deepEqual(response.body.weekly, schedule.weekly);
    assert.deepEqual(response.body.breaks, schedule.breaks);
    assert.deepEqual(
      response.body.exceptions.map((e: { kind: string }) => e.kind),
      ['vacation', 'extra_hours'],
    );
    const again = await put(owner, dentist.user.id, { weekly: [{ weekday: 2, start: '08:00', end: '12:00' }] });
    assert.deepEqual(again.body, {
      userId: dentist.user.id,
      timezone: 'Asia/Riyadh',
      weekly: [{ weekday: 2, start: '08:00', end: '12:00' }],
      breaks: [],
      exceptions: [],
    });
    const read = await receptionist.client.get(`/api/staff/${dentist.user.id}/schedule`, { token: receptionist.token });
    assert.deepEqual(read.body, again.body);
  });

  const bad: [string, unknown, string[]][] = [
    ['an inverted interval', { weekly: [{ weekday: 0, start: '13:00', end: '09:00' }] }, ['weekly.0']],
    [
      'overlapping intervals',
      {
        weekly: [
          { weekday: 0, start: '09:00', end: '13:00' },
          { weekday: 0, start: '12:00', end: '14:00' },
        ],
      },
      ['weekly.1'],
    ],
    ['a bad time', { weekly: [{ weekday: 0, start: '9am', end: '13:00' }] }, ['weekly.0.start']],
    ['an hour past 24', { weekly: [{ weekday: 0, start: '09:00', end: '25:00' }] }, ['weekly.0.end']],
    ['a weekday of 7', { weekly: [{ weekday: 7, start: '09:00', end: '13:00' }] }, ['weekly.0.weekday']],
    ['an inverted exception', { weekly: [], exceptions: [{ from: '2026-12-05', to: '2026-12-01', kind: 'sick' }] }, ['exceptions.0']],
    [
      'an unknown exception kind',
      { weekly: [], exceptions: [{ from: '2026-12-01', to: '2026-12-01', kind: 'party' }] },
      ['exceptions.0.kind'],
    ],
    ['an unknown field', { weekly: [], timezone: 'UTC' }, ['timezone']],
    ['a missing weekly list', { breaks: [] }, ['weekly']],
  ];
  for (const [label, body, paths] of bad) {
    it(`rejects ${label} with 400 and keeps the old schedule`, async () => {
      await put(owner, dentist.user.id, schedule);
      const before = await rows(dentist.user.id);
      assertProblem(await put(owner, dentist.user.id, body), 400, paths);
      assert.equal(await rows(dentist.user.id), before);
    });
  }

  it("lets staff edit their own schedule but not a colleague's (403)", async () => {
    assert.equal((await put(dentist, dentist.user.id, schedule)).status, 200);
    assertProblem(await put(receptionist, dentist.user.id, schedule), 403);
  });

  it("answers 404 for another clinic's staff member", async () => {
    assertProblem(await put(stranger, dentist.user.id, schedule), 404);
    assertProblem(await stranger.client.get(`/api/staff/${dentist.user.id}/schedule`, { token: stranger.token }), 404);
    assertProblem(await owner.client.get('/api/staff/not-an-id/schedule', { token: owner.token }), 404);
  });
});
