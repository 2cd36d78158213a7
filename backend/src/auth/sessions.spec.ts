import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, STRONG_PASSWORD, type TestApp } from '../../test/harness.js';
import { Client } from '../../test/http.js';
import { assertProblem, signupClinic } from '../../test/factories.js';

describe('refresh, logout and CSRF', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app.close());

  const loggedInBrowser = async () => {
    const { owner } = await signupClinic(app.baseUrl);
    return owner.client;
  };

  it('rotates the refresh token and issues a working access token', async () => {
    const browser = await loggedInBrowser();
    const oldRefresh = browser.cookies.get('refresh_token');
    const response = await browser.post('/api/auth/refresh', { headers: browser.csrfHeader() });
    assert.equal(response.status, 200);
    assert.notEqual(browser.cookies.get('refresh_token'), oldRefresh);
    assert.equal((await browser.get('/api/users/me', { token: response.body.accessToken })).status, 200);
  });

  it('revokes the whole family when a rotated refresh token is replayed', async () => {
    const browser = await loggedInBrowser();
    const stolen = browser.cookies.get('refresh_token')!;
    assert.equal((await browser.post('/api/auth/refresh', { headers: browser.csrfHeader() })).status, 200);
    const current = browser.cookies.get('refresh_token')!;

    const attacker = new Client(app.baseUrl);
    attacker.cookies.set('refresh_token', stolen);
    attacker.cookies.set('csrf_token', 'attacker-csrf');
    const replay = await attacker.post('/api/auth/refresh', { headers: { 'x-csrf-token': 'attacker-csrf' } });
    assertProblem(replay, 401);

    browser.cookies.set('refresh_token', current);
    assertProblem(await browser.post('/api/auth/refresh', { headers: browser.csrfHeader() }), 401);
    const { rows } = await app.admin.query("select count(*)::int as n from audit_logs where action = 'REFRESH_TOKEN_REUSED'");
    assert.ok(rows[0].n >= 1);
  });

  it('lets exactly one of two simultaneous refreshes with the same token through', async () => {
    const browser = await loggedInBrowser();
    const headers = {
      ...browser.csrfHeader(),
      cookie: `refresh_token=${browser.cookies.get('refresh_token')}; csrf_token=${browser.cookies.get('csrf_token')}`,
    };
    const fresh = () => new Client(app.baseUrl).post('/api/auth/refresh', { headers });
    const statuses = (await Promise.all([fresh(), fresh()])).map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 401]);
  });

  it('answers 401 without a refresh cookie or with an unknown one', async () => {
    assertProblem(await new Client(app.baseUrl).post('/api/auth/refresh'), 401);
    const client = new Client(app.baseUrl);
    client.cookies.set('refresh_token', 'made-up');
    client.cookies.set('csrf_token', 'c');
    assertProblem(await client.post('/api/auth/refresh', { headers: { 'x-csrf-token': 'c' } }), 401);
  });

  it('requires the CSRF header on cookie-authenticated refresh and logout', async () => {
    const browser = await loggedInBrowser();
    const missing = await browser.post('/api/auth/refresh');
    assertProblem(missing, 403);
    assert.equal(missing.body.type, 'csrf-failed');
    assertProblem(await browser.post('/api/auth/refresh', { headers: { 'x-csrf-token': 'wrong' } }), 403);
    assertProblem(await browser.post('/api/auth/logout'), 403);
    assert.equal((await browser.get('/api/users/me')).status, 200, 'the failed attempts did not end the session');
  });

  it('requires the CSRF header on cookie-authenticated writes but not with a bearer token', async () => {
    const { owner } = await signupClinic(app.baseUrl);
    const browser = owner.client;
    assertProblem(await browser.patch('/api/clinics/me', { body: { name: 'No CSRF' } }), 403);
    assert.equal((await browser.patch('/api/clinics/me', { body: { name: 'With CSRF' }, headers: browser.csrfHeader() })).status, 200);
    const restClient = new Client(app.baseUrl);
    assert.equal((await restClient.patch('/api/clinics/me', { body: { name: 'Bearer' }, token: owner.token })).status, 200);
  });

  it('requires the CSRF header for POST, PUT and DELETE by cookie too, and changes nothing without it', async () => {
    const { owner } = await signupClinic(app.baseUrl);
    const browser = owner.client;
    const patient = await browser.post('/api/patients', { body: { firstName: 'Csrf', lastName: 'Check' } });
    assertProblem(patient, 403);
    const created = await browser.post('/api/patients', { body: { firstName: 'Csrf', lastName: 'Check' }, headers: browser.csrfHeader() });
    assert.equal(created.status, 201);
    assertProblem(await browser.request('PUT', `/api/staff/${owner.user.id}/schedule`, { body: { weekly: [] } }), 403);
    assertProblem(await browser.request('DELETE', `/api/patients/${created.body.id}`), 403);
    const { rows } = await app.admin.query('select archived_at from patients where clinic_id = $1', [owner.user.clinicId]);
    assert.deepEqual(rows, [{ archived_at: null }], 'one patient, not archived');
    assert.equal((await browser.request('DELETE', `/api/patients/${created.body.id}`, { headers: browser.csrfHeader() })).status, 204);
  });

  it('binds the CSRF token to the session: a planted cookie with a matching header is refused, the real token works', async () => {
    const browser = await loggedInBrowser();
    const real = browser.cookies.get('csrf_token')!;
    browser.cookies.set('csrf_token', 'planted-by-attacker');
    const planted = { 'x-csrf-token': 'planted-by-attacker' };
    const write = await browser.patch('/api/clinics/me', { headers: planted, body: { name: 'Hijacked Clinic' } });
    assertProblem(write, 403);
    assert.equal(write.body.type, 'csrf-failed');
    assertProblem(await browser.post('/api/auth/refresh', { headers: planted }), 403);
    assertProblem(await browser.post('/api/auth/logout', { headers: planted }), 403);
    // Another session of the same user has its own token, which does not work for this one.
    const other = await loggedInBrowser();
    const foreign = { 'x-csrf-token': other.cookies.get('csrf_token')! };
    assert.notEqual(foreign['x-csrf-token'], real);
    assertProblem(await browser.patch('/api/clinics/me', { headers: foreign, body: { name: 'Hijacked Clinic' } }), 403);
    browser.cookies.set('csrf_token', real);
    const ok = await browser.post('/api/auth/refresh', { headers: browser.csrfHeader() });
    assert.equal(ok.status, 200, 'the refused attempts did not end the session');
    assert.equal(browser.cookies.get('csrf_token'), real, 'the token stays with the session across refreshes');
    const { rows } = await app.admin.query("select count(*)::int as n from clinics where name = 'Hijacked Clinic'");
    assert.equal(rows[0].n, 0);
  });

  it('logs out: revokes the session and clears the cookies', async () => {
    const browser = await loggedInBrowser();
    const refreshToken = browser.cookies.get('refresh_token')!;
    const csrf = browser.csrfHeader();
    const response = await browser.post('/api/auth/logout', { headers: csrf });
    assert.equal(response.status, 204);
    assert.equal(browser.cookies.size, 0);
    const replay = new Client(app.baseUrl);
    replay.cookies.set('refresh_token', refreshToken);
    replay.cookies.set('csrf_token', csrf['x-csrf-token']!);
    assertProblem(await replay.post('/api/auth/refresh', { headers: csrf }), 401);
  });

  it('rejects a body on refresh and logout', async () => {
    const browser = await loggedInBrowser();
    assertProblem(await browser.post('/api/auth/refresh', { body: { refreshToken: 'x' }, headers: browser.csrfHeader() }), 400, [
      'refreshToken',
    ]);
  });

  it('ends the sessions of a user who is disabled', async () => {
    const { owner } = await signupClinic(app.baseUrl);
    const second = new Client(app.baseUrl);
    const invite = await owner.client.post('/api/auth/invite', {
      token: owner.token,
      body: { email: `dentist.${Date.now()}@example.test`, role: 'DENTIST' },
    });
    const accepted = await second.post('/api/auth/accept-invite', {
      body: { token: invite.body.inviteToken, password: STRONG_PASSWORD, firstName: 'Omar', lastName: 'Saleh' },
    });
    assert.equal(accepted.status, 201);
    const disabled = await owner.client.patch(`/api/users/${accepted.body.user.id}`, { token: owner.token, body: { status: 'disabled' } });
    assert.equal(disabled.status, 200);
    assertProblem(await second.post('/api/auth/refresh', { headers: second.csrfHeader() }), 401);
    assertProblem(await second.post('/api/auth/login', { body: { email: accepted.body.user.email, password: STRONG_PASSWORD } }), 401);
  });
});
