import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { assertProblem, bookableClinic, type BookableClinic, putDailySchedule, signupClinic, type Staff } from '../../test/factories.js';

describe('GET /api/availability', () => {
  let app: TestApp;
  let c: BookableClinic;
  let stranger: Staff;
  before(async () => {
    app = await startTestApp();
    c = await bookableClinic(app.baseUrl, { patients: 20 });
    stranger = (await signupClinic(app.baseUrl)).owner;
  });
  after(() => app.close());

  const slotsOn = async (by: Staff, query: string) => {
    const response = await by.client.get(`/api/availability?${query}`, { token: by.token });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body.slots as { dentistId: string; startAt: string; endAt: string }[];
  };

  it("offers the dentist's day on the 15-minute grid, around the break, ending in time", async () => {
    const slots = await slotsOn(c.receptionist, `serviceId=${c.serviceId}&dentistId=${c.dentist.user.id}&from=2027-04-04&to=2027-04-04`);
    const starts = slots.map((s) => s.startAt);
    assert.equal(starts[0], '2027-04-04T06:00:00.000Z', '09:00 Riyadh');
    assert.ok(starts.includes('2027-04-04T08:30:00.000Z'), '11:30 fits before the 12:00 break');
    assert.ok(!starts.includes('2027-04-04T08:45:00.000Z'), '11:45 would run into the break');
    assert.ok(!starts.some((s) => s >= '2027-04-04T09:00:00.000Z' && s < '2027-04-04T10:00:00.000Z'), 'nothing during the break');
    assert.equal(starts.at(-1), '2027-04-04T13:30:00.000Z', '16:30 is the last 30-minute start');
    assert.equal(slots.length, 12 + 14);
    assert.ok(slots.every((s) => Date.parse(s.endAt) - Date.parse(s.startAt) === 30 * 60_000));
  });

  it('every offered slot can be booked, and booking it removes it', async () => {
    const query = `serviceId=${c.serviceId}&dentistId=${c.dentist.user.id}&from=2027-04-05&to=2027-04-05`;
    let booked = 0;
    for (let slots = await slotsOn(c.receptionist, query); slots.length > 0; slots = await slotsOn(c.receptionist, query)) {
      // Take a slot from the middle each time, so the leftovers are odd-sized gaps.
      const slot = slots[Math.floor(slots.length / 2)]!;
      const response = await c.receptionist.client.post('/api/appointments', {
        token: c.receptionist.token,
        body: { patientId: c.patientIds[booked], dentistId: slot.dentistId, serviceId: c.serviceId, startAt: slot.startAt },
      });
      assert.equal(response.status, 201, `${slot.startAt}: ${JSON.stringify(response.body)}`);
      const after = await slotsOn(c.receptionist, query);
      assert.ok(!after.some((s) => s.startAt < response.body.endAt && s.endAt > response.body.startAt), 'no slot overlaps the booking');
      booked++;
      assert.ok(booked <= 14, 'a 7-hour day holds at most 14 half-hour visits');
    }
    assert.ok(booked >= 10, `booked ${booked}`);
  });

  it('honours exceptions: nothing on a vacation day, extra hours on a day off', async () => {
    const { owner } = c;
    const dentistId = c.dentist.user.id;
    await putDailySchedule(owner, dentistId, {
      exceptions: [
        { from: '2027-04-06', to: '2027-04-06', kind: 'vacation' },
        { from: '2027-04-07', to: '2027-04-07', kind: 'unavailable', start: '09:00', end: '16:00' },
      ],
    });
    assert.deepEqual(await slotsOn(owner, `serviceId=${c.serviceId}&dentistId=${dentistId}&from=2027-04-06&to=2027-04-06`), []);
    const partial = await slotsOn(owner, `serviceId=${c.serviceId}&dentistId=${dentistId}&from=2027-04-07&to=2027-04-07`);
    assert.deepEqual(
      partial.map((s) => s.startAt),
      ['2027-04-07T13:00:00.000Z', '2027-04-07T13:15:00.000Z', '2027-04-07T13:30:00.000Z'],
    );
  });

  it('leaves out times when the requested room is taken', async () => {
    const { owner } = c;
    const booked = await owner.client.post('/api/appointments', {
      token: owner.token,
      body: {
        patientId: c.patientIds[19],
        dentistId: c.dentist.user.id,
        serviceId: c.serviceId,
        startAt: '2027-04-08T10:00:00+03:00',
        room: 'Chair 7',
      },
    });
    assert.equal(booked.status, 201);
    const hygienist = await (await import('../../test/factories.js')).addStaff(app.baseUrl, owner, 'HYGIENIST');
    await putDailySchedule(owner, hygienist.user.id);
    const withRoom = await slotsOn(
      owner,
      `serviceId=${c.serviceId}&dentistId=${hygienist.user.id}&from=2027-04-08&to=2027-04-08&roomId=Chair%207`,
    );
    const without = await slotsOn(owner, `serviceId=${c.serviceId}&dentistId=${hygienist.user.id}&from=2027-04-08&to=2027-04-08`);
    assert.ok(without.some((s) => s.startAt === '2027-04-08T07:00:00.000Z'));
    assert.ok(!withRoom.some((s) => s.startAt < '2027-04-08T07:30:00.000Z' && s.endAt > '2027-04-08T07:00:00.000Z'));
  });

  it("follows the clinic's booking grid (slotMinutes)", async () => {
    const { owner: boss } = await signupClinic(app.baseUrl);
    const gridClinic = await (await import('../../test/factories.js')).bookableClinic(app.baseUrl, { patients: 1 });
    const patched = await gridClinic.owner.client.patch('/api/clinics/me', { token: gridClinic.owner.token, body: { slotMinutes: 30 } });
    assert.equal(patched.body.slotMinutes, 30);
    const slots = await slotsOn(
      gridClinic.owner,
      `serviceId=${gridClinic.serviceId}&dentistId=${gridClinic.dentist.user.id}&from=2027-04-04&to=2027-04-04`,
    );
    assert.ok(slots.every((s) => s.startAt.endsWith(':00:00.000Z') || s.startAt.endsWith(':30:00.000Z')));
    assert.equal(slots.length, 6 + 8, '09:00-11:30 and 13:00-16:30 every half hour');
    assertProblem(await boss.client.patch('/api/clinics/me', { token: boss.token, body: { slotMinutes: 7 } }), 400, ['slotMinutes']);
  });

  it('lists every active clinician when no dentist is named', async () => {
    const slots = await slotsOn(c.owner, `serviceId=${c.serviceId}&from=2027-04-09&to=2027-04-09`);
    assert.ok(new Set(slots.map((s) => s.dentistId)).size >= 2);
  });

  it("rejects bad queries with 400 and another clinic's service with 404", async () => {
    for (const query of [
      'from=2027-04-04&to=2027-04-04',
      `serviceId=${c.serviceId}&from=2027-04-10&to=2027-04-04`,
      `serviceId=${c.serviceId}&from=2027-04-01&to=2027-06-01`,
      `serviceId=${c.serviceId}&from=tomorrow&to=2027-04-04`,
      `serviceId=${c.serviceId}&from=2027-04-04&to=2027-04-04&chair=1`,
    ])
      assertProblem(await c.owner.client.get(`/api/availability?${query}`, { token: c.owner.token }), 400);
    assertProblem(
      await stranger.client.get(`/api/availability?serviceId=${c.serviceId}&from=2027-04-04&to=2027-04-04`, { token: stranger.token }),
      404,
    );
    assertProblem(
      await c.owner.client.get(`/api/availability?serviceId=${c.serviceId}&dentistId=${stranger.user.id}&from=2027-04-04&to=2027-04-04`, {
        token: c.owner.token,
      }),
      404,
    );
    assertProblem(
      await c.owner.client.get(
        `/api/availability?serviceId=${c.serviceId}&dentistId=${c.receptionist.user.id}&from=2027-04-04&to=2027-04-04`,
        { token: c.owner.token },
      ),
      422,
    );
  });
});

describe('availability across daylight-saving changes (Europe/Berlin)', () => {
  let app: TestApp;
  let c: BookableClinic;
  before(async () => {
    app = await startTestApp();
    c = await bookableClinic(app.baseUrl, { timezone: 'Europe/Berlin' });
  });
  after(() => app.close());

  const first = async (date: string) => {
    const response = await c.owner.client.get(
      `/api/availability?serviceId=${c.serviceId}&dentistId=${c.dentist.user.id}&from=${date}&to=${date}`,
      { token: c.owner.token },
    );
    assert.equal(response.status, 200);
    return response.body.slots as { startAt: string }[];
  };

  it('keeps 09:00 local as the first slot before, on and after each change', async () => {
    assert.equal((await first('2027-03-27'))[0]!.startAt, '2027-03-27T08:00:00.000Z', 'CET');
    assert.equal((await first('2027-03-28'))[0]!.startAt, '2027-03-28T07:00:00.000Z', 'CEST from this morning');
    assert.equal((await first('2027-10-30'))[0]!.startAt, '2027-10-30T07:00:00.000Z', 'still CEST');
    assert.equal((await first('2027-10-31'))[0]!.startAt, '2027-10-31T08:00:00.000Z', 'CET again');
  });

  it('offers the same number of slots on the change days and books them', async () => {
    const spring = await first('2027-03-28');
    const normal = await first('2027-03-21');
    assert.equal(spring.length, normal.length);
    const last = spring.at(-1)!;
    assert.equal(last.startAt, '2027-03-28T14:30:00.000Z', '16:30 CEST');
    const booked = await c.owner.client.post('/api/appointments', {
      token: c.owner.token,
      body: { patientId: c.patientIds[0], dentistId: c.dentist.user.id, serviceId: c.serviceId, startAt: last.startAt },
    });
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
  });
});

describe('GET /api/availability/working-hours', () => {
  let app: TestApp;
  let c: BookableClinic;
  let stranger: Staff;
  before(async () => {
    app = await startTestApp();
    c = await bookableClinic(app.baseUrl, { patients: 0 });
    stranger = (await signupClinic(app.baseUrl)).owner;
  });
  after(() => app.close());

  it("gives each clinician's working time of a day in clinic time, the break left out", async () => {
    const response = await c.receptionist.client.get('/api/availability/working-hours?from=2027-04-04&to=2027-04-04', {
      token: c.receptionist.token,
    });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.timezone, 'Asia/Riyadh');
    assert.deepEqual(response.body.items, [
      {
        dentistId: c.dentist.user.id,
        intervals: [
          { startAt: '2027-04-04T06:00:00.000Z', endAt: '2027-04-04T09:00:00.000Z' },
          { startAt: '2027-04-04T10:00:00.000Z', endAt: '2027-04-04T14:00:00.000Z' },
        ],
      },
    ]);
  });

  it("refuses an inverted range (400) and another clinic's dentist (404)", async () => {
    assertProblem(
      await c.owner.client.get('/api/availability/working-hours?from=2027-04-05&to=2027-04-04', { token: c.owner.token }),
      400,
      ['to'],
    );
    assertProblem(
      await stranger.client.get(`/api/availability/working-hours?from=2027-04-04&to=2027-04-04&dentistId=${c.dentist.user.id}`, {
        token: stranger.token,
      }),
      404,
    );
  });
});
