import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROLES } from '../db/schema/enums.js';
import { newId } from '../common/ids.js';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { addStaff, assertProblem, signupClinic, type Staff } from '../../test/factories.js';

describe('service catalog', () => {
  let app: TestApp;
  let owner: Staff;
  let stranger: Staff;
  before(async () => {
    app = await startTestApp();
    owner = (await signupClinic(app.baseUrl)).owner;
    stranger = (await signupClinic(app.baseUrl)).owner;
  });
  after(() => app.close());

  const create = (by: Staff, body: Record<string, unknown>) => by.client.post('/api/services', { token: by.token, body });
  const count = async () =>
    Number((await app.admin.query('select count(*) from services where clinic_id = $1', [owner.user.clinicId])).rows[0].count);

  it("creates a service priced as a decimal string in the clinic's currency", async () => {
    const response = await create(owner, {
      name: 'Scaling and polishing',
      nameAr: 'تنظيف الجير والتلميع',
      code: 'D1110',
      price: '350',
      durationMinutes: 30,
    });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    assert.deepEqual(
      {
        price: response.body.price,
        currency: response.body.currency,
        active: response.body.active,
        durationMinutes: response.body.durationMinutes,
      },
      { price: '350.00', currency: 'SAR', active: true, durationMinutes: 30 },
    );
    const kwd = await create(owner, { name: 'Crown', price: '120.125', currency: 'KWD', durationMinutes: 90 });
    assert.equal(kwd.body.price, '120.125');
  });

  const badBodies: [string, Record<string, unknown>, string[]][] = [
    ['a price given as a number', { name: 'X', price: 350, durationMinutes: 30 }, ['price']],
    ['a negative price', { name: 'X', price: '-1.00', durationMinutes: 30 }, ['price']],
    ['more decimals than the currency has', { name: 'X', price: '10.005', durationMinutes: 30 }, ['price']],
    ['a zero duration', { name: 'X', price: '10', durationMinutes: 0 }, ['durationMinutes']],
    ['a fractional duration', { name: 'X', price: '10', durationMinutes: 12.5 }, ['durationMinutes']],
    ['an unknown currency', { name: 'X', price: '10', durationMinutes: 30, currency: 'ABC' }, ['currency']],
    ['missing fields', {}, ['durationMinutes', 'name', 'price']],
    ['an unknown field', { name: 'X', price: '10', durationMinutes: 30, clinicId: 'x' }, ['clinicId']],
  ];
  for (const [label, body, paths] of badBodies) {
    it(`rejects ${label} with 400 and writes nothing`, async () => {
      const before = await count();
      assertProblem(await create(owner, body), 400, paths);
      assert.equal(await count(), before);
    });
  }

  it('refuses a second service with the same code (409)', async () => {
    assert.equal((await create(owner, { name: 'Filling', code: 'D2330', price: '200', durationMinutes: 45 })).status, 201);
    const again = await create(owner, { name: 'Filling 2', code: 'D2330', price: '200', durationMinutes: 45 });
    assertProblem(again, 409);
    assert.equal(again.body.type, 'service-code-taken');
    assert.equal(
      (await create(stranger, { name: 'Filling', code: 'D2330', price: '200', durationMinutes: 45 })).status,
      201,
      'codes are per clinic',
    );
  });

  it('lets only Owner and Admin change the catalog; everyone reads it', async () => {
    const admin = await addStaff(app.baseUrl, owner, 'ADMIN');
    assert.equal((await create(admin, { name: 'Exam', price: '100', durationMinutes: 15 })).status, 201);
    for (const role of ROLES.filter((r) => r !== 'OWNER' && r !== 'ADMIN')) {
      const member = await addStaff(app.baseUrl, owner, role);
      assertProblem(await create(member, { name: 'Nope', price: '1', durationMinutes: 15 }), 403);
      assert.equal((await member.client.get('/api/services', { token: member.token })).status, 200);
    }
  });

  it('searches by English or Arabic name and filters active ones', async () => {
    const byArabic = await owner.client.get(`/api/services?q=${encodeURIComponent('تنظيف')}`, { token: owner.token });
    assert.deepEqual(
      byArabic.body.items.map((s: { code: string }) => s.code),
      ['D1110'],
    );
    const byName = await owner.client.get('/api/services?q=SCALING', { token: owner.token });
    assert.equal(byName.body.items.length, 1);
    const theirs = await stranger.client.get('/api/services?q=scaling', { token: stranger.token });
    assert.equal(theirs.body.items.length, 0);
  });

  it("updates a service, and refuses another clinic's service with 404", async () => {
    const id = (await create(owner, { name: 'Whitening', price: '900', durationMinutes: 60 })).body.id;
    const updated = await owner.client.patch(`/api/services/${id}`, { token: owner.token, body: { price: '950.5', active: false } });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.price, '950.50');
    assert.equal(updated.body.active, false);
    const active = await owner.client.get('/api/services?active=true&limit=200', { token: owner.token });
    assert.ok(!active.body.items.some((s: { id: string }) => s.id === id));
    assertProblem(await stranger.client.patch(`/api/services/${id}`, { token: stranger.token, body: { price: '1' } }), 404);
    assertProblem(await stranger.client.get(`/api/services/${id}`, { token: stranger.token }), 404);
    assertProblem(await stranger.client.request('DELETE', `/api/services/${id}`, { token: stranger.token }), 404);
    assert.equal((await owner.client.get(`/api/services/${id}`, { token: owner.token })).body.price, '950.50');
  });

  it('deletes an unused service, but a used one only deactivates (409 on delete)', async () => {
    const unused = (await create(owner, { name: 'Unused', price: '1', durationMinutes: 15 })).body.id;
    assert.equal((await owner.client.request('DELETE', `/api/services/${unused}`, { token: owner.token })).status, 204);
    assertProblem(await owner.client.get(`/api/services/${unused}`, { token: owner.token }), 404);

    const used = (await create(owner, { name: 'Used', price: '1', durationMinutes: 15 })).body.id;
    const patientId = newId();
    await app.admin.query("insert into patients (clinic_id, id, first_name, last_name) values ($1, $2, 'P', 'Q')", [
      owner.user.clinicId,
      patientId,
    ]);
    await app.admin.query(
      "insert into appointments (clinic_id, id, patient_id, dentist_id, service_id, start_at, end_at) values ($1, $2, $3, $4, $5, '2031-01-01T09:00Z', '2031-01-01T09:15Z')",
      [owner.user.clinicId, newId(), patientId, owner.user.id, used],
    );
    const refused = await owner.client.request('DELETE', `/api/services/${used}`, { token: owner.token });
    assertProblem(refused, 409);
    assert.equal(refused.body.type, 'service-in-use');
    assert.equal((await owner.client.patch(`/api/services/${used}`, { token: owner.token, body: { active: false } })).status, 200);
  });
});
