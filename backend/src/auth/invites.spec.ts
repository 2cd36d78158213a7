import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROLES } from '../db/schema/enums.js';
import { startTestApp, STRONG_PASSWORD, type TestApp, uniqueEmail } from '../../test/harness.js';
import { Client } from '../../test/http.js';
import { addStaff, assertProblem, signupClinic, type Staff } from '../../test/factories.js';

describe('POST /api/auth/invite and /api/auth/accept-invite', () => {
  let app: TestApp;
  let owner: Staff;
  before(async () => {
    app = await startTestApp();
    owner = (await signupClinic(app.baseUrl)).owner;
  });
  after(() => app.close());

  const invite = (by: Staff, body: Record<string, unknown>) => by.client.post('/api/auth/invite', { token: by.token, body });
  const accept = (token: string, overrides: Record<string, unknown> = {}) =>
    new Client(app.baseUrl).post('/api/auth/accept-invite', {
      body: { token, password: STRONG_PASSWORD, firstName: 'Layla', lastName: 'Farouk', ...overrides },
    });
  const inviteCount = async () =>
    Number((await app.admin.query('select count(*) from invites where clinic_id = $1', [owner.user.clinicId])).rows[0].count);

  it('creates a single-use, hashed invite that expires after INVITE_EXPIRY_HOURS', async () => {
    const email = uniqueEmail('dentist');
    const response = await invite(owner, { email, role: 'DENTIST', firstName: 'Layla' });
    assert.equal(response.status, 201);
    assert.equal(response.body.email, email);
    assert.equal(response.body.role, 'DENTIST');
    const hours = (Date.parse(response.body.expiresAt) - app.clock.nowMs()) / 3_600_000;
    assert.equal(hours, 72);
    const { rows } = await app.admin.query('select token_hash from invites where id = $1', [response.body.id]);
    assert.notEqual(rows[0].token_hash, response.body.inviteToken);
    assert.ok(!JSON.stringify(rows).includes(response.body.inviteToken));
  });

  it('accepting creates the user in the inviting clinic with the invited role and logs them in', async () => {
    const email = uniqueEmail('hygienist');
    const created = await invite(owner, { email, role: 'HYGIENIST' });
    const accepted = await accept(created.body.inviteToken);
    assert.equal(accepted.status, 201);
    assert.equal(accepted.body.user.email, email);
    assert.equal(accepted.body.user.role, 'HYGIENIST');
    assert.equal(accepted.body.user.clinicId, owner.user.clinicId);
    assert.ok(accepted.headers.getSetCookie().some((c) => c.startsWith('access_token=')));
    const staff = await owner.client.get('/api/users', { token: owner.token });
    assert.ok(staff.body.items.some((u: { email: string }) => u.email === email));
  });

  it('refuses a used invite with 410', async () => {
    const created = await invite(owner, { email: uniqueEmail(), role: 'ASSISTANT' });
    assert.equal((await accept(created.body.inviteToken)).status, 201);
    const again = await accept(created.body.inviteToken, { firstName: 'Other' });
    assertProblem(again, 410);
    assert.equal(again.body.type, 'invite-used');
  });

  it('refuses an expired invite with 410 and creates no user', async () => {
    const email = uniqueEmail();
    const created = await invite(owner, { email, role: 'RECEPTIONIST' });
    await app.admin.query('update invites set expires_at = $2 where id = $1', [created.body.id, new Date(app.clock.nowMs() - 60_000)]);
    const response = await accept(created.body.inviteToken);
    assertProblem(response, 410);
    assert.equal(response.body.type, 'invite-expired');
    assert.equal((await app.admin.query('select 1 from users where email = $1', [email])).rowCount, 0);
  });

  it('refuses an unknown token with 400', async () => {
    const response = await accept('not-a-real-invite-token');
    assertProblem(response, 400);
    assert.equal(response.body.type, 'invalid-invite');
  });

  it('a newer invite to the same address supersedes the older one', async () => {
    const email = uniqueEmail();
    const first = await invite(owner, { email, role: 'ASSISTANT' });
    const second = await invite(owner, { email, role: 'DENTIST' });
    assertProblem(await accept(first.body.inviteToken), 410);
    const accepted = await accept(second.body.inviteToken);
    assert.equal(accepted.body.user.role, 'DENTIST');
  });

  it('lets two simultaneous acceptances of one invite create exactly one user', async () => {
    const email = uniqueEmail();
    const created = await invite(owner, { email, role: 'ASSISTANT' });
    const statuses = (await Promise.all([accept(created.body.inviteToken), accept(created.body.inviteToken)])).map((r) => r.status).sort();
    assert.deepEqual(statuses, [201, 410]);
    assert.equal((await app.admin.query('select 1 from users where email = $1', [email])).rowCount, 1);
  });

  it('a weak password on acceptance is a 400 and leaves the invite usable', async () => {
    const created = await invite(owner, { email: uniqueEmail(), role: 'ACCOUNTANT' });
    assertProblem(await accept(created.body.inviteToken, { password: 'short' }), 400, ['password']);
    assertProblem(await accept(created.body.inviteToken, { role: 'OWNER' }), 400, ['role']);
    assert.equal((await accept(created.body.inviteToken)).status, 201);
  });

  it('refuses to invite an address that already has an account (409)', async () => {
    const response = await invite(owner, { email: owner.user.email.toUpperCase(), role: 'DENTIST' });
    assertProblem(response, 409);
    assert.equal(response.body.type, 'email-taken');
  });

  it('rejects bad invite input with 400 and writes nothing', async () => {
    const before = await inviteCount();
    assertProblem(await invite(owner, { email: 'nope', role: 'DENTIST' }), 400, ['email']);
    assertProblem(await invite(owner, { email: uniqueEmail(), role: 'SUPERUSER' }), 400, ['role']);
    assertProblem(await invite(owner, { email: uniqueEmail() }), 400, ['role']);
    assertProblem(await invite(owner, { email: uniqueEmail(), role: 'DENTIST', clinicId: owner.user.clinicId }), 400, ['clinicId']);
    assertProblem(await owner.client.post('/api/auth/invite', { token: owner.token, rawBody: '{"email":' }), 400);
    assert.equal(await inviteCount(), before);
  });

  it('requires authentication (401)', async () => {
    assertProblem(await new Client(app.baseUrl).post('/api/auth/invite', { body: { email: uniqueEmail(), role: 'DENTIST' } }), 401);
  });

  it('lets Owner and Admin invite and refuses every other role (403)', async () => {
    const admin = await addStaff(app.baseUrl, owner, 'ADMIN');
    assert.equal((await invite(admin, { email: uniqueEmail(), role: 'DENTIST' })).status, 201);
    for (const role of ROLES.filter((r) => r !== 'OWNER' && r !== 'ADMIN')) {
      const member = await addStaff(app.baseUrl, owner, role);
      assertProblem(await invite(member, { email: uniqueEmail(), role: 'RECEPTIONIST' }), 403);
    }
  });

  it('lets only an Owner invite another Owner', async () => {
    const admin = await addStaff(app.baseUrl, owner, 'ADMIN');
    assertProblem(await invite(admin, { email: uniqueEmail(), role: 'OWNER' }), 403);
    assert.equal((await invite(owner, { email: uniqueEmail(), role: 'OWNER' })).status, 201);
  });
});
