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

describe("pending invites: list, copy again, resend, revoke; the accept page's details", () => {
  let app: TestApp;
  let owner: Staff;
  let stranger: Staff;
  before(async () => {
    app = await startTestApp();
    owner = (await signupClinic(app.baseUrl, { clinicName: 'Riyadh Smiles' })).owner;
    stranger = (await signupClinic(app.baseUrl)).owner;
  });
  after(() => app.close());

  const invite = (body: Record<string, unknown>) => owner.client.post('/api/auth/invite', { token: owner.token, body });
  const pending = async (by: Staff = owner) => (await by.client.get('/api/auth/invites', { token: by.token })).body.items as any[];
  const details = (token: string) => new Client(app.baseUrl).post('/api/auth/invite-details', { body: { token } });

  it('lists pending invites with the link to copy again; the stored token is sealed, not readable', async () => {
    const email = uniqueEmail('assistant');
    const created = (await invite({ email, role: 'ASSISTANT', firstName: 'Reem', lastName: 'Saad' })).body;
    const listed = (await pending()).find((i) => i.id === created.id);
    assert.deepEqual(
      { ...listed, createdAt: undefined },
      {
        id: created.id,
        email,
        role: 'ASSISTANT',
        firstName: 'Reem',
        lastName: 'Saad',
        createdAt: undefined,
        expiresAt: created.expiresAt,
        expired: false,
        inviteToken: created.inviteToken,
      },
    );
    const { rows } = await app.admin.query('select * from invites where id = $1', [created.id]);
    assert.ok(!JSON.stringify(rows).includes(created.inviteToken), 'the token is stored sealed');
    assert.equal((await pending(stranger)).length, 0, "another clinic's managers see none of them");
  });

  it('replaces an older invite to the same address: one pending, the old link withdrawn', async () => {
    const email = uniqueEmail('dentist');
    const first = (await invite({ email, role: 'DENTIST' })).body;
    const second = (await invite({ email: email.toUpperCase(), role: 'HYGIENIST' })).body;
    const mine = (await pending()).filter((i) => i.email.toLowerCase() === email);
    assert.deepEqual(
      mine.map((i) => [i.id, i.role]),
      [[second.id, 'HYGIENIST']],
    );
    assertProblem(await details(first.inviteToken), 410);
    assert.equal((await details(second.inviteToken)).status, 200);
  });

  it('resends an expired invite with a fresh link; the old link stops working', async () => {
    const created = (await invite({ email: uniqueEmail('receptionist'), role: 'RECEPTIONIST' })).body;
    app.clock.advance(73 * 3_600_000);
    try {
      const manager = await relogin(app, owner);
      const expired = (await pending(manager)).find((i) => i.id === created.id);
      assert.equal(expired.expired, true);
      assertProblem(await details(created.inviteToken), 410);
      const resent = await owner.client.post(`/api/auth/invites/${created.id}/resend`, { token: manager.token });
      assert.equal(resent.status, 201, JSON.stringify(resent.body));
      assert.notEqual(resent.body.inviteToken, created.inviteToken);
      assert.equal((Date.parse(resent.body.expiresAt) - app.clock.nowMs()) / 3_600_000, 72);
      assertProblem(await details(created.inviteToken), 400);
      assert.equal((await details(resent.body.inviteToken)).status, 200);
    } finally {
      app.clock.advance(-73 * 3_600_000);
    }
  });

  it('revokes an invite: its link answers 410, it leaves the list; only managers of the clinic may (403/404)', async () => {
    const receptionist = await addStaff(app.baseUrl, owner, 'RECEPTIONIST');
    const created = (await invite({ email: uniqueEmail('hygienist'), role: 'HYGIENIST' })).body;
    assertProblem(await receptionist.client.request('DELETE', `/api/auth/invites/${created.id}`, { token: receptionist.token }), 403);
    assertProblem(await receptionist.client.get('/api/auth/invites', { token: receptionist.token }), 403);
    assertProblem(await stranger.client.request('DELETE', `/api/auth/invites/${created.id}`, { token: stranger.token }), 404);
    const revoked = await owner.client.request('DELETE', `/api/auth/invites/${created.id}`, { token: owner.token });
    assert.equal(revoked.status, 204);
    assert.ok(!(await pending()).some((i) => i.id === created.id));
    const link = await details(created.inviteToken);
    assertProblem(link, 410);
    assert.equal(link.body.type, 'invite-used');
    assertProblem(await owner.client.request('DELETE', `/api/auth/invites/${created.id}`, { token: owner.token }), 404);
    const { rows } = await app.admin.query('select action from audit_logs where entity_id = $1 order by created_at', [created.id]);
    assert.deepEqual(
      rows.map((r) => r.action),
      ['STAFF_INVITED', 'STAFF_INVITE_REVOKED'],
    );
  });

  it('tells the invitee which clinic, role and address the link is for, and the name the manager gave', async () => {
    const email = uniqueEmail('dentist');
    const created = (await invite({ email, role: 'DENTIST', firstName: 'Omar', lastName: 'Khalid' })).body;
    const response = await details(created.inviteToken);
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, {
      clinicName: 'Riyadh Smiles',
      email,
      role: 'DENTIST',
      firstName: 'Omar',
      lastName: 'Khalid',
      expiresAt: created.expiresAt,
    });
    assertProblem(await details('not-a-token'), 400);
    assertProblem(await new Client(app.baseUrl).post('/api/auth/invite-details', { body: {} }), 400, ['token']);
  });
});

/** A fresh access token after the test moved the clock past the old one's expiry. */
async function relogin(app: TestApp, staff: Staff): Promise<Staff> {
  const response = await new Client(app.baseUrl).post('/api/auth/login', { body: { email: staff.user.email, password: STRONG_PASSWORD } });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return { ...staff, token: response.body.accessToken };
}
