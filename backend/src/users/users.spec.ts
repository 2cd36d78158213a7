import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSigner } from 'fast-jwt';
import { ROLES } from '../db/schema/enums.js';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { Client } from '../../test/http.js';
import { addStaff, assertProblem, signupClinic, type Staff } from '../../test/factories.js';

describe('users', () => {
  let app: TestApp;
  let owner: Staff;
  let dentist: Staff;
  let other: Staff;
  before(async () => {
    app = await startTestApp();
    owner = (await signupClinic(app.baseUrl)).owner;
    dentist = await addStaff(app.baseUrl, owner, 'DENTIST');
    other = (await signupClinic(app.baseUrl, { clinicName: 'Other Clinic' })).owner;
  });
  after(() => app.close());

  describe('GET /api/users/me', () => {
    it('returns the caller', async () => {
      const response = await dentist.client.get('/api/users/me', { token: dentist.token });
      assert.equal(response.status, 200);
      assert.equal(response.body.id, dentist.user.id);
      assert.equal(response.body.role, 'DENTIST');
      assert.equal(response.body.passwordHash, undefined);
    });

    it('answers 401 with no token, a malformed header, a forged token and an expired token', async () => {
      const client = new Client(app.baseUrl);
      assertProblem(await client.get('/api/users/me'), 401);
      assertProblem(await client.get('/api/users/me', { headers: { authorization: 'Token abc' } }), 401);
      const claims = { sub: owner.user.id, cid: owner.user.clinicId, role: 'OWNER', sid: 'session-1' };
      const forged = createSigner({ key: 'another-secret-another-secret-another-secret', iss: 'dental-api', expiresIn: 600_000 })(claims);
      assertProblem(await client.get('/api/users/me', { token: forged }), 401);
      const devSecret = app.jwtSecret;
      const expired = createSigner({ key: devSecret, iss: 'dental-api' })({ ...claims, exp: Math.floor(app.clock.nowMs() / 1000) - 60 });
      const response = await client.get('/api/users/me', { token: expired });
      assertProblem(response, 401);
      assert.equal(response.body.type, 'token-expired');
      const wrongIssuer = createSigner({ key: devSecret, iss: 'someone-else', expiresIn: 600_000 })(claims);
      assertProblem(await client.get('/api/users/me', { token: wrongIssuer }), 401);
      const valid = createSigner({ key: devSecret, iss: 'dental-api', expiresIn: 600_000 })(claims);
      assert.equal((await client.get('/api/users/me', { token: valid })).status, 200, 'the control token is accepted');
      const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: owner.user.id, cid: owner.user.clinicId, role: 'OWNER', iss: 'dental-api' })).toString('base64url')}.`;
      assertProblem(await client.get('/api/users/me', { token: unsigned }), 401);
    });
  });

  describe('GET /api/users', () => {
    it("lists only the staff of the caller's clinic, to any role", async () => {
      const response = await dentist.client.get('/api/users', { token: dentist.token });
      assert.equal(response.status, 200);
      const ids = response.body.items.map((u: { id: string }) => u.id);
      assert.ok(ids.includes(owner.user.id) && ids.includes(dentist.user.id));
      assert.ok(!ids.includes(other.user.id));
      assert.ok(response.body.items.every((u: { clinicId: string }) => u.clinicId === owner.user.clinicId));
    });

    it('pages with limit and cursor and filters by role', async () => {
      const { owner: boss } = await signupClinic(app.baseUrl);
      for (let i = 0; i < 4; i++) await addStaff(app.baseUrl, boss, 'ASSISTANT');
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: any = await boss.client.get(`/api/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: boss.token });
        assert.equal(page.status, 200);
        assert.ok(page.body.items.length <= 2);
        seen.push(...page.body.items.map((u: { id: string }) => u.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      assert.equal(seen.length, 5);
      assert.equal(new Set(seen).size, 5);
      const assistants = await boss.client.get('/api/users?role=ASSISTANT', { token: boss.token });
      assert.equal(assistants.body.items.length, 4);
    });

    it('rejects bad query parameters with 400', async () => {
      for (const query of ['limit=0', 'limit=1000', 'limit=abc', 'role=KING', 'cursor=%%%', 'unknown=1']) {
        assertProblem(await owner.client.get(`/api/users?${query}`, { token: owner.token }), 400);
      }
    });
  });

  describe("a user's current status and role, on every request", () => {
    it('refuses a disabled Admin at once, though their access token has not expired: no self-reactivation, no invites', async () => {
      const admin = await addStaff(app.baseUrl, owner, 'ADMIN');
      const disabled = await owner.client.patch(`/api/users/${admin.user.id}`, { token: owner.token, body: { status: 'disabled' } });
      assert.equal(disabled.status, 200);
      const reactivate = await admin.client.patch(`/api/users/${admin.user.id}`, { token: admin.token, body: { status: 'active' } });
      assertProblem(reactivate, 401);
      assert.equal(reactivate.body.type, 'account-disabled');
      const email = `${admin.user.id}@example.test`;
      assertProblem(await admin.client.post('/api/auth/invite', { token: admin.token, body: { email, role: 'ADMIN' } }), 401);
      assertProblem(await admin.client.get('/api/patients', { token: admin.token }), 401);
      assertProblem(await admin.client.post('/api/auth/refresh', { headers: admin.client.csrfHeader(), body: {} }), 401);
      const { rows } = await app.admin.query('select status from users where id = $1', [admin.user.id]);
      assert.equal(rows[0].status, 'disabled');
      assert.equal((await app.admin.query('select count(*)::int as n from invites where email = $1', [email])).rows[0].n, 0);
    });

    it('makes a demoted Admin act with the new role at once: the old token is refused, a renewed one carries the new role', async () => {
      const admin = await addStaff(app.baseUrl, owner, 'ADMIN');
      assert.equal(
        (await owner.client.patch(`/api/users/${admin.user.id}`, { token: owner.token, body: { role: 'ACCOUNTANT' } })).status,
        200,
      );
      const promote = await admin.client.patch(`/api/users/${admin.user.id}`, { token: admin.token, body: { role: 'ADMIN' } });
      assertProblem(promote, 401);
      assert.equal(promote.body.type, 'session-outdated');
      const renewed = await admin.client.post('/api/auth/refresh', { headers: admin.client.csrfHeader(), body: {} });
      assert.equal(renewed.status, 200);
      assert.equal(renewed.body.user.role, 'ACCOUNTANT');
      const again = await admin.client.patch(`/api/users/${admin.user.id}`, { token: renewed.body.accessToken, body: { role: 'ADMIN' } });
      assertProblem(again, 403);
      assert.equal((await app.admin.query('select role from users where id = $1', [admin.user.id])).rows[0].role, 'ACCOUNTANT');
    });
  });

  describe('PATCH /api/users/:id', () => {
    it('lets the Owner change a role and records it in the audit log', async () => {
      const member = await addStaff(app.baseUrl, owner, 'ASSISTANT');
      const response = await owner.client.patch(`/api/users/${member.user.id}`, {
        token: owner.token,
        body: { role: 'HYGIENIST', phone: '+966500000001' },
      });
      assert.equal(response.status, 200);
      assert.equal(response.body.role, 'HYGIENIST');
      assert.equal(response.body.phone, '+966500000001');
      const { rows } = await app.admin.query(
        "select user_id, metadata from audit_logs where entity_id = $1 and action = 'USER_ROLE_CHANGED'",
        [member.user.id],
      );
      assert.equal(rows.length, 1);
      assert.equal(rows[0].user_id, owner.user.id);
      assert.deepEqual(rows[0].metadata, { from: 'ASSISTANT', to: 'HYGIENIST' });
    });

    it('lets an Admin manage staff but not touch or appoint an Owner (403)', async () => {
      const admin = await addStaff(app.baseUrl, owner, 'ADMIN');
      const member = await addStaff(app.baseUrl, owner, 'RECEPTIONIST');
      assert.equal(
        (await admin.client.patch(`/api/users/${member.user.id}`, { token: admin.token, body: { status: 'disabled' } })).status,
        200,
      );
      assertProblem(await admin.client.patch(`/api/users/${owner.user.id}`, { token: admin.token, body: { role: 'ADMIN' } }), 403);
      assertProblem(await admin.client.patch(`/api/users/${member.user.id}`, { token: admin.token, body: { role: 'OWNER' } }), 403);
      assert.equal((await app.admin.query('select role from users where id = $1', [owner.user.id])).rows[0].role, 'OWNER');
    });

    it('refuses every role but Owner and Admin (403) and changes nothing', async () => {
      const target = await addStaff(app.baseUrl, owner, 'ASSISTANT');
      for (const role of ROLES.filter((r) => r !== 'OWNER' && r !== 'ADMIN')) {
        const member = await addStaff(app.baseUrl, owner, role);
        assertProblem(await member.client.patch(`/api/users/${target.user.id}`, { token: member.token, body: { role: 'DENTIST' } }), 403);
      }
      assert.equal((await app.admin.query('select role from users where id = $1', [target.user.id])).rows[0].role, 'ASSISTANT');
    });

    it('lets nobody change their own role or status (403), not even the last Owner', async () => {
      const { owner: solo } = await signupClinic(app.baseUrl);
      for (const body of [{ role: 'DENTIST' }, { status: 'disabled' }, { role: 'OWNER' }]) {
        const response = await solo.client.patch(`/api/users/${solo.user.id}`, { token: solo.token, body });
        assertProblem(response, 403);
        assert.equal(response.body.type, 'own-role-or-status');
      }
      const renamed = await solo.client.patch(`/api/users/${solo.user.id}`, { token: solo.token, body: { firstName: 'Samira' } });
      assert.equal(renamed.status, 200, "the rest of one's own profile stays editable");
      const { rows } = await app.admin.query('select role, status from users where id = $1', [solo.user.id]);
      assert.deepEqual(rows[0], { role: 'OWNER', status: 'active' });
    });

    it('keeps one Owner when two Owners demote each other at once: one wins, the other is refused', async () => {
      const { owner: first } = await signupClinic(app.baseUrl);
      const second = await addStaff(app.baseUrl, first, 'OWNER');
      const results = await Promise.all([
        first.client.patch(`/api/users/${second.user.id}`, { token: first.token, body: { role: 'DENTIST' } }),
        second.client.patch(`/api/users/${first.user.id}`, { token: second.token, body: { role: 'DENTIST' } }),
      ]);
      const statuses = results.map((r) => r.status).sort();
      // The loser is refused either as the last Owner (409) or, if the winner committed first, as no longer an Owner (401).
      assert.equal(statuses[0], 200);
      assert.ok(statuses[1] === 401 || statuses[1] === 409, JSON.stringify(results.map((r) => r.body)));
      const { rows } = await app.admin.query("select count(*)::int as n from users where clinic_id = $1 and role = 'OWNER'", [
        first.user.clinicId,
      ]);
      assert.equal(rows[0].n, 1);
    });

    it("answers 404 for another clinic's user, an unknown id and a malformed id, and changes nothing", async () => {
      for (const id of [other.user.id, '01900000-0000-7000-8000-000000000000', 'not-an-id']) {
        const response = await owner.client.patch(`/api/users/${id}`, { token: owner.token, body: { role: 'DENTIST' } });
        assertProblem(response, 404);
        assert.doesNotMatch(JSON.stringify(response.body), new RegExp(other.user.email));
      }
      assert.equal((await app.admin.query('select role from users where id = $1', [other.user.id])).rows[0].role, 'OWNER');
    });

    it('rejects bad bodies with 400 and changes nothing', async () => {
      const target = await addStaff(app.baseUrl, owner, 'ASSISTANT');
      const cases: [unknown, string[]][] = [
        [{}, ['']],
        [{ role: 'KING' }, ['role']],
        [{ status: 'deleted' }, ['status']],
        [{ clinicId: other.user.clinicId }, ['clinicId']],
        [{ email: 'new@example.test' }, ['email']],
        [{ firstName: '' }, ['firstName']],
        [{ role: 7 }, ['role']],
      ];
      for (const [body, paths] of cases) {
        assertProblem(await owner.client.patch(`/api/users/${target.user.id}`, { token: owner.token, body }), 400, paths);
      }
      const { rows } = await app.admin.query(
        'select role, status, clinic_id, updated_at = created_at as untouched from users where id = $1',
        [target.user.id],
      );
      assert.deepEqual(rows[0], { role: 'ASSISTANT', status: 'active', clinic_id: owner.user.clinicId, untouched: true });
    });
  });
});
