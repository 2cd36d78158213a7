import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { assertProblem, signupClinic, type Staff } from '../../test/factories.js';

/** What people type is stored in one canonical, displayable form, or refused with a reason. */
describe('input normalisation', () => {
  let app: TestApp;
  let owner: Staff;
  before(async () => {
    app = await startTestApp();
    owner = (await signupClinic(app.baseUrl)).owner;
  });
  after(() => app.close());

  const patientCount = async () =>
    (await app.admin.query('select count(*)::int as n from patients where clinic_id = $1', [owner.user.clinicId])).rows[0].n;

  const refusedNames: [string, string][] = [
    ['only zero-width characters', '\u200B\u200C\u200D'],
    ['a right-to-left override', 'Ali\u202Eilə'],
    ['a left-to-right embedding', '\u202AAli'],
    ['a directional isolate', 'Ali\u2066x\u2069'],
    ['a line break', 'Ali\r\nAdmin'],
    ['a tab', 'Ali\tB'],
    ['only punctuation', '-- .'],
  ];
  for (const [what, name] of refusedNames) {
    it(`refuses a patient name with ${what} (400) and stores nothing`, async () => {
      const before = await patientCount();
      const response = await owner.client.post('/api/patients', { token: owner.token, body: { firstName: name, lastName: 'Test' } });
      assertProblem(response, 400, ['firstName']);
      assert.equal(await patientCount(), before);
    });
  }

  const acceptedNames = ['مُحَمَّد', 'نور\u200Cالهدى', "O'Brien-Smith", 'José', '李', 'Anna Maria'];
  for (const name of acceptedNames) {
    it(`keeps the name ${JSON.stringify(name)} as written`, async () => {
      const response = await owner.client.post('/api/patients', { token: owner.token, body: { firstName: name, lastName: 'Test' } });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      assert.equal(response.body.firstName, name);
    });
  }

  it('applies the same rule to clinic, service, room and staff names', async () => {
    const evil = 'Room\u202E1';
    assertProblem(await owner.client.patch('/api/clinics/me', { token: owner.token, body: { name: 'Smile\nClinic' } }), 400, ['name']);
    assertProblem(await owner.client.patch('/api/clinics/me', { token: owner.token, body: { rooms: [evil] } }), 400, ['rooms.0']);
    assertProblem(
      await owner.client.post('/api/services', { token: owner.token, body: { name: '\u200B', price: '10', durationMinutes: 30 } }),
      400,
      ['name'],
    );
    assertProblem(await owner.client.patch(`/api/users/${owner.user.id}`, { token: owner.token, body: { firstName: 'Sara\u2067' } }), 400, [
      'firstName',
    ]);
    const { rows } = await app.admin.query('select name, settings from clinics where id = $1', [owner.user.clinicId]);
    assert.equal(rows[0].name, 'Smile Dental');
    assert.deepEqual(rows[0].settings.rooms ?? [], []);
  });

  it('stores the canonical time-zone name whatever its case', async () => {
    const signedUp = await signupClinic(app.baseUrl, { timezone: 'ASIA/RIYADH' });
    assert.equal(signedUp.clinic.timezone, 'Asia/Riyadh');
    const patched = await owner.client.patch('/api/clinics/me', { token: owner.token, body: { timezone: 'europe/berlin' } });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.timezone, 'Europe/Berlin');
    const { rows } = await app.admin.query('select timezone from clinics where id = $1', [owner.user.clinicId]);
    assert.equal(rows[0].timezone, 'Europe/Berlin');
  });

  it("keeps the IANA name the user chose, in IANA's case, instead of ICU's older alias (Asia/Kolkata is not Asia/Calcutta)", async () => {
    const { owner: other } = await signupClinic(app.baseUrl, { timezone: 'asia/kolkata' });
    const stored = async () =>
      (await app.admin.query('select timezone from clinics where id = $1', [other.user.clinicId])).rows[0].timezone;
    assert.equal(await stored(), 'Asia/Kolkata');
    const cases: [string, string][] = [
      ['Europe/Kyiv', 'Europe/Kyiv'],
      ['ASIA/HO_CHI_MINH', 'Asia/Ho_Chi_Minh'],
      ['Asia/Calcutta', 'Asia/Calcutta'],
      ['Asia/Kolkata', 'Asia/Kolkata'],
    ];
    for (const [given, kept] of cases) {
      const patched = await other.client.patch('/api/clinics/me', { token: other.token, body: { timezone: given } });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      assert.equal(patched.body.timezone, kept, given);
      assert.equal(await stored(), kept, given);
      // PostgreSQL knows the name too (reports and schedules compute in the clinic's zone there).
      await app.admin.query('select now() at time zone $1', [kept]);
    }
    assertProblem(await other.client.patch('/api/clinics/me', { token: other.token, body: { timezone: 'Asia/Nowhere' } }), 400, [
      'timezone',
    ]);
  });

  it('refuses a phone number with an extension instead of dropping it, and stores nothing', async () => {
    const before = await patientCount();
    for (const phone of ['+966 50 123 4567 ext. 12', '050 123 4567 x12', '+966501234567;ext=9']) {
      const response = await owner.client.post('/api/patients', {
        token: owner.token,
        body: { firstName: 'Ext', lastName: 'Test', phone },
      });
      assertProblem(response, 400, ['phone']);
      assert.match(response.body.errors[0].message, /extension/);
    }
    assert.equal(await patientCount(), before);
    const plain = await owner.client.post('/api/patients', {
      token: owner.token,
      body: { firstName: 'Ext', lastName: 'Test', phone: '050 123 4567' },
    });
    assert.equal(plain.body.phone, '+966501234567');
  });

  const refusedPhones: [string, string, string][] = [
    ['a line break and words', '050 123 4567\r\nAdmin', 'unsafe_characters'],
    ['a right-to-left override', '+966 50 123\u202E4567', 'unsafe_characters'],
    ['a directional isolate', '\u2066050 123 4567\u2069', 'unsafe_characters'],
    ['an extension', '050 123 4567 ext. 12', 'phone_extension'],
    ['words around the number', 'call 050 123 4567 now', 'invalid_phone'],
    ['only zero-width spaces', '\u200B\u200B\u200B', 'invalid_phone'],
  ];

  it("stores a staff member's phone like a patient's: E.164, extensions, control and bidi characters refused", async () => {
    const { owner: staff } = await signupClinic(app.baseUrl);
    const setPhone = (phone: string | null) => staff.client.patch(`/api/users/${staff.user.id}`, { token: staff.token, body: { phone } });
    const stored = async () => (await app.admin.query('select phone from users where id = $1', [staff.user.id])).rows[0].phone;
    for (const [what, phone, code] of refusedPhones) {
      const response = await setPhone(phone);
      assertProblem(response, 400, ['phone']);
      assert.equal(response.body.errors[0].code, code, what);
    }
    assert.equal(await stored(), null);
    const saved = await setPhone('050 123 4567');
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal(saved.body.phone, '+966501234567');
    assert.equal(await stored(), '+966501234567');
    assert.equal((await setPhone(null)).body.phone, null);
  });

  it("refuses the same control and bidi characters, and words, in a patient's phone", async () => {
    const before = await patientCount();
    for (const [what, phone, code] of refusedPhones) {
      const response = await owner.client.post('/api/patients', {
        token: owner.token,
        body: { firstName: 'Phone', lastName: 'Test', phone },
      });
      assertProblem(response, 400, ['phone']);
      assert.equal(response.body.errors[0].code, code, what);
    }
    assert.equal(await patientCount(), before);
  });
});
