import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { Client } from '../../test/http.js';
import { assertProblem, signupClinic, type Staff } from '../../test/factories.js';

/** Every validation error carries a stable code (and the values its message names) for clients to translate. */
describe('error codes', () => {
  let app: TestApp;
  let owner: Staff;
  before(async () => {
    app = await startTestApp();
    owner = (await signupClinic(app.baseUrl)).owner;
  });
  after(() => app.close());

  const codes = (body: { errors?: { path: string; code: string; params?: object }[] }) =>
    Object.fromEntries((body.errors ?? []).map((e) => [e.path, e.params ? `${e.code} ${JSON.stringify(e.params)}` : e.code]));

  it('names what is wrong with each field of a sign-up', async () => {
    const response = await new Client(app.baseUrl).post('/api/auth/signup', {
      body: { clinicName: '', email: 'not-an-email', password: 'short', lastName: 'x'.repeat(101), timezone: 'Mars/Base', colour: 'red' },
    });
    assertProblem(response, 400);
    assert.deepEqual(codes(response.body), {
      clinicName: 'required',
      email: 'invalid_email',
      password: 'too_short {"minimum":10}',
      firstName: 'required',
      lastName: 'too_long {"maximum":100}',
      timezone: 'invalid_time_zone',
      colour: 'unknown_field',
    });
    assert.ok(
      response.body.errors.every((e: { message: string }) => /^[\x20-\x7E]+$/.test(e.message)),
      'messages stay English',
    );
  });

  it('codes the rules of our own schemas and services', async () => {
    const service = await owner.client.post('/api/services', {
      token: owner.token,
      body: { name: 'Crown', price: '1,800', durationMinutes: 3 },
    });
    assert.deepEqual(codes(service.body), { price: 'invalid_amount', durationMinutes: 'too_small {"minimum":5}' });
    const precise = await owner.client.post('/api/services', {
      token: owner.token,
      body: { name: 'Crown', price: '1800.125', durationMinutes: 30 },
    });
    assert.deepEqual(codes(precise.body), { price: 'too_many_decimals {"maximum":2,"currency":"SAR"}' });
    const patient = await owner.client.post('/api/patients', {
      token: owner.token,
      body: { firstName: '\u202Eevil', lastName: '...', phone: '123', dateOfBirth: '1899-12-31' },
    });
    assert.deepEqual(codes(patient.body), {
      firstName: 'unsafe_characters',
      lastName: 'needs_letter_or_digit',
      dateOfBirth: 'invalid_date_of_birth',
    });
    // "Not in the future" is the service's check (by the clinic's today), under the same code.
    const unborn = await owner.client.post('/api/patients', {
      token: owner.token,
      body: { firstName: 'A', lastName: 'B', dateOfBirth: '2999-01-01' },
    });
    assert.deepEqual(codes(unborn.body), { dateOfBirth: 'invalid_date_of_birth' });
    const phone = await owner.client.post('/api/patients', { token: owner.token, body: { firstName: 'A', lastName: 'B', phone: '12345' } });
    assert.deepEqual(codes(phone.body), { phone: 'invalid_phone {"country":"SA"}' });
    const schedule = await owner.client.request('PUT', `/api/staff/${owner.user.id}/schedule`, {
      token: owner.token,
      body: {
        weekly: [
          { weekday: 0, start: '17:00', end: '09:00' },
          { weekday: 1, start: '9am', end: '17:00' },
        ],
      },
    });
    assert.deepEqual(codes(schedule.body), { 'weekly.0': 'end_before_start', 'weekly.1.start': 'invalid_time' });
    const empty = await owner.client.patch('/api/clinics/me', { token: owner.token, body: {} });
    assert.deepEqual(codes(empty.body), { '': 'no_fields' });
  });

  it('keeps the problem type as the stable code of a refusal that is not about a field', async () => {
    const response = await new Client(app.baseUrl).post('/api/auth/login', {
      body: { email: owner.user.email, password: 'Wrong-Password-1' },
    });
    assertProblem(response, 401);
    assert.equal(response.body.type, 'invalid-credentials');
  });
});
