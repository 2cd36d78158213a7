import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROLES } from '../db/schema/enums.js';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { addStaff, assertProblem, signupClinic, type Staff } from '../../test/factories.js';

describe('GET /api/audit-logs', () => {
  let app: TestApp;
  let owner: Staff;
  let stranger: Staff;
  let patientId: string;
  before(async () => {
    app = await startTestApp();
    owner = (await signupClinic(app.baseUrl)).owner;
    stranger = (await signupClinic(app.baseUrl)).owner;
    patientId = (await owner.client.post('/api/patients', { token: owner.token, body: { firstName: 'Audit', lastName: 'Me' } })).body.id;
    await owner.client.get(`/api/patients/${patientId}`, { token: owner.token });
    await owner.client.patch(`/api/patients/${patientId}`, { token: owner.token, body: { address: 'Riyadh' } });
  });
  after(() => app.close());

  it('shows who did what to which record, from where, newest first', async () => {
    const response = await owner.client.get(`/api/audit-logs?entityId=${patientId}`, { token: owner.token });
    assert.equal(response.status, 200);
    assert.deepEqual(
      response.body.items.map((e: { action: string }) => e.action),
      ['PATIENT_UPDATED', 'PATIENT_VIEWED', 'PATIENT_CREATED'],
    );
    const updated = response.body.items[0];
    assert.equal(updated.userId, owner.user.id);
    assert.equal(updated.entityType, 'patient');
    assert.ok(updated.ipAddress);
    assert.deepEqual(updated.metadata, { changedFields: ['address'] });
  });

  it('filters by action and pages with a cursor', async () => {
    const viewed = await owner.client.get('/api/audit-logs?action=PATIENT_VIEWED', { token: owner.token });
    assert.ok(viewed.body.items.length >= 1 && viewed.body.items.every((e: { action: string }) => e.action === 'PATIENT_VIEWED'));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await owner.client.get(`/api/audit-logs?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: owner.token });
      seen.push(...page.body.items.map((e: { id: string }) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const { rows } = await app.admin.query('select count(*)::int as n from audit_logs where clinic_id = $1', [owner.user.clinicId]);
    assert.equal(seen.length, rows[0].n);
    assert.equal(new Set(seen).size, seen.length);
  });

  it("never shows another clinic's entries", async () => {
    const theirs = await stranger.client.get(`/api/audit-logs?entityId=${patientId}`, { token: stranger.token });
    assert.deepEqual(theirs.body.items, []);
  });

  it('is for Owner and Admin only', async () => {
    const admin = await addStaff(app.baseUrl, owner, 'ADMIN');
    assert.equal((await admin.client.get('/api/audit-logs', { token: admin.token })).status, 200);
    for (const role of ROLES.filter((r) => r !== 'OWNER' && r !== 'ADMIN')) {
      const member = await addStaff(app.baseUrl, owner, role);
      assertProblem(await member.client.get('/api/audit-logs', { token: member.token }), 403);
    }
  });

  it('rejects bad filters with 400', async () => {
    for (const query of ['action=drop table', 'userId=nope', 'from=yesterday', 'limit=0', 'extra=1']) {
      assertProblem(await owner.client.get(`/api/audit-logs?${query}`, { token: owner.token }), 400);
    }
  });
});
