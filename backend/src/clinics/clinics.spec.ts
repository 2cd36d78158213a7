import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROLES } from '../db/schema/enums.js';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { Client } from '../../test/http.js';
import { addStaff, assertProblem, signupClinic, type Staff } from '../../test/factories.js';

describe('GET/PATCH /api/clinics/me', () => {
  let app: TestApp;
  let owner: Staff;
  let clinicId: string;
  before(async () => {
    app = await startTestApp();
    const signup = await signupClinic(app.baseUrl, { clinicName: 'Jeddah Dental Care' });
    owner = signup.owner;
    clinicId = signup.clinic.id;
  });
  after(() => app.close());

  const clinicRow = async () => (await app.admin.query('select * from clinics where id = $1', [clinicId])).rows[0];

  it("returns the caller's clinic to any staff member", async () => {
    const receptionist = await addStaff(app.baseUrl, owner, 'RECEPTIONIST');
    const response = await receptionist.client.get('/api/clinics/me', { token: receptionist.token });
    assert.equal(response.status, 200);
    assert.equal(response.body.id, clinicId);
    assert.equal(response.body.name, 'Jeddah Dental Care');
    assert.equal(response.body.currency, 'SAR');
    assertProblem(await new Client(app.baseUrl).get('/api/clinics/me'), 401);
  });

  it('lets the Owner change name, language, time zone, currency and VAT number, and audits it', async () => {
    const body = { name: 'عيادة جدة لطب الأسنان', locale: 'ar', timezone: 'Europe/Berlin', currency: 'KWD', vatNumber: '300000000000003' };
    const response = await owner.client.patch('/api/clinics/me', { token: owner.token, body });
    assert.equal(response.status, 200);
    assert.deepEqual(
      {
        name: response.body.name,
        locale: response.body.locale,
        timezone: response.body.timezone,
        currency: response.body.currency,
        vatNumber: response.body.vatNumber,
      },
      body,
    );
    const { rows } = await app.admin.query("select metadata from audit_logs where clinic_id = $1 and action = 'CLINIC_UPDATED'", [
      clinicId,
    ]);
    assert.deepEqual(rows.at(-1).metadata.changedFields.sort(), ['currency', 'locale', 'name', 'timezone', 'vatNumber']);
    assert.equal((await owner.client.patch('/api/clinics/me', { token: owner.token, body: { vatNumber: null } })).body.vatNumber, null);
  });

  it('keeps the tax profile invoices print (legal names, CR, address, VAT rate), with defaults for a Saudi clinic', async () => {
    const fresh = (await owner.client.get('/api/clinics/me', { token: owner.token })).body;
    assert.deepEqual([fresh.vatRate, fresh.zeroRateCitizens, fresh.paymentTermsDays, fresh.legalNameAr], ['15', true, 14, null]);
    const profile = {
      legalNameEn: 'Jeddah Dental Care Co.',
      legalNameAr: 'شركة رعاية جدة لطب الأسنان',
      commercialRegistration: '4030000000',
      address: { street: 'Tahlia St', buildingNumber: '2345', district: 'Al Andalus', city: 'Jeddah', postalCode: '23326' },
      vatRate: '15.00',
      zeroRateCitizens: false,
      paymentTermsDays: 0,
      country: 'SA',
      vatNumber: '310122393500003',
    };
    const response = await owner.client.patch('/api/clinics/me', { token: owner.token, body: profile });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    for (const [field, value] of Object.entries(profile)) assert.deepEqual(response.body[field], value, field);
    // A Saudi VAT number is ZATCA's: 15 digits, first and last 3.
    const before = await clinicRow();
    for (const body of [
      { vatNumber: '123456789012345' },
      { vatNumber: '31012239350000' },
      { legalNameAr: 'ع'.repeat(64) },
      { commercialRegistration: '12' },
      { vatRate: '150' },
    ]) {
      assertProblem(await owner.client.patch('/api/clinics/me', { token: owner.token, body }), 400, Object.keys(body));
    }
    assert.deepEqual(await clinicRow(), before);
    const abroad = await owner.client.patch('/api/clinics/me', {
      token: owner.token,
      body: { country: 'AE', vatNumber: '100123456700003' },
    });
    assert.equal(abroad.status, 200, 'other countries keep their own formats');
    await owner.client.patch('/api/clinics/me', { token: owner.token, body: { country: 'SA', vatNumber: '300000000000003' } });
  });

  it('keeps the list of rooms/chairs in order, beside the other settings', async () => {
    const response = await owner.client.patch('/api/clinics/me', {
      token: owner.token,
      body: { rooms: ['Chair 1', 'Chair 2', 'X-ray room'] },
    });
    assert.equal(response.status, 200);
    assert.deepEqual(response.body.rooms, ['Chair 1', 'Chair 2', 'X-ray room']);
    assert.equal(response.body.slotMinutes, 15, 'other settings survive');
    const slot = await owner.client.patch('/api/clinics/me', { token: owner.token, body: { slotMinutes: 10 } });
    assert.deepEqual(slot.body.rooms, ['Chair 1', 'Chair 2', 'X-ray room']);
    assert.deepEqual((await owner.client.get('/api/clinics/me', { token: owner.token })).body.rooms, ['Chair 1', 'Chair 2', 'X-ray room']);
  });

  it('lets an Admin update it and refuses every other role with 403', async () => {
    const admin = await addStaff(app.baseUrl, owner, 'ADMIN');
    assert.equal((await admin.client.patch('/api/clinics/me', { token: admin.token, body: { name: 'By Admin' } })).status, 200);
    for (const role of ROLES.filter((r) => r !== 'OWNER' && r !== 'ADMIN')) {
      const member = await addStaff(app.baseUrl, owner, role);
      assertProblem(await member.client.patch('/api/clinics/me', { token: member.token, body: { name: `By ${role}` } }), 403);
    }
    assert.equal((await clinicRow()).name, 'By Admin');
  });

  it('rejects bad input with 400 and writes nothing', async () => {
    const before = await clinicRow();
    const cases: [unknown, string[]][] = [
      [{ timezone: 'Mars/Olympus_Mons' }, ['timezone']],
      [{ timezone: 'Riyadh' }, ['timezone']],
      [{ currency: 'XYZ' }, ['currency']],
      [{ currency: 'sar' }, ['currency']],
      [{ locale: 'de' }, ['locale']],
      [{ name: '' }, ['name']],
      [{ name: 'x'.repeat(500) }, ['name']],
      [{ vatNumber: '<script>' }, ['vatNumber']],
      [{ legalNameEn: 'Smile \u202Eevil Co.' }, ['legalNameEn']],
      [{ legalNameAr: 'شركة\u0007عيادة' }, ['legalNameAr']],
      [{ slug: 'mine' }, ['slug']],
      [{ rooms: ['Chair 1', 'chair 1'] }, ['rooms']],
      [{ rooms: [''] }, ['rooms.0']],
      [{ rooms: 'Chair 1' }, ['rooms']],
      [{ id: 'other' }, ['id']],
      [{ ownerId: owner.user.id }, ['ownerId']],
      [{}, ['']],
      [[], ['']],
    ];
    for (const [body, paths] of cases) {
      assertProblem(await owner.client.patch('/api/clinics/me', { token: owner.token, body }), 400, paths);
    }
    assertProblem(await owner.client.patch('/api/clinics/me', { token: owner.token, rawBody: '{"name": }' }), 400);
    assert.deepEqual(await clinicRow(), before);
  });

  it('reads a stored setting that no longer parses as its default, field by field, and keeps the others', async () => {
    const { owner: keeper, clinic } = await signupClinic(app.baseUrl, { clinicName: 'Settings Fallback' });
    const stored = {
      slotMinutes: 10,
      rooms: ['Chair 1', 'Chair 2'],
      paymentTermsDays: 30,
      reminders: { enabled: false, offsetsMinutes: [60], channels: ['email'] },
      contact: { address: 'Tahlia Street', phone: '+966 12 345 6789' },
    };
    const saved = await keeper.client.patch('/api/clinics/me', { token: keeper.token, body: stored });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    // A value an older (or newer) version wrote, or a hand edit: the wrong type inside one field.
    await app.admin.query(`update clinics set settings = jsonb_set(settings, '{reminders,enabled}', '"yes"') where id = $1`, [clinic.id]);
    const read = await keeper.client.get('/api/clinics/me', { token: keeper.token });
    assert.equal(read.status, 200, JSON.stringify(read.body));
    assert.deepEqual(read.body.reminders, { enabled: true, offsetsMinutes: [1440, 120], channels: ['sms', 'email'] }, 'the default');
    assert.deepEqual(
      {
        slotMinutes: read.body.slotMinutes,
        rooms: read.body.rooms,
        paymentTermsDays: read.body.paymentTermsDays,
        contact: read.body.contact,
      },
      { slotMinutes: 10, rooms: ['Chair 1', 'Chair 2'], paymentTermsDays: 30, contact: stored.contact },
      'the other fields keep their stored values',
    );
    assert.equal((await keeper.client.get('/api/reminders/preview', { token: keeper.token })).status, 200, 'reminders read it too');
    const renamed = await keeper.client.patch('/api/clinics/me', { token: keeper.token, body: { name: 'Settings Fallback 2' } });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    const { rows } = await app.admin.query('select settings from clinics where id = $1', [clinic.id]);
    assert.equal(rows[0].settings.reminders.enabled, true, 'the next save writes the value read back');
    assert.equal(rows[0].settings.slotMinutes, 10);
  });

  it('shows each clinic only itself', async () => {
    const { owner: stranger } = await signupClinic(app.baseUrl, { clinicName: 'Elsewhere' });
    const theirs = await stranger.client.get('/api/clinics/me', { token: stranger.token });
    assert.notEqual(theirs.body.id, clinicId);
    await stranger.client.patch('/api/clinics/me', { token: stranger.token, body: { name: 'Renamed elsewhere' } });
    assert.notEqual((await clinicRow()).name, 'Renamed elsewhere');
  });
});
