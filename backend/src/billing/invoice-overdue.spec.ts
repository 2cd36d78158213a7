import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startTestApp, TEST_NOW, type TestApp } from '../../test/harness.js';
import { billingClinic, type BillingClinic } from '../../test/factories.js';
import { openLive, type LiveSocket } from '../../test/live-client.js';
import { JobRegistry } from '../jobs/job-registry.js';
import { OVERDUE_JOB } from './invoice-overdue.service.js';

const context = { jobId: 'test', attempt: 1, maxAttempts: 1, workerPoolId: 'test', signal: AbortSignal.timeout(60_000) };

/** The daily overdue job: each invoice that falls overdue is recorded once, per clinic, by the system actor. */
describe('daily overdue job', () => {
  let app: TestApp;
  let c: BillingClinic;
  let stranger: BillingClinic;
  let live: LiveSocket;
  const ids: Record<'unpaid' | 'paid' | 'later' | 'theirs', string> = { unpaid: '', paid: '', later: '', theirs: '' };

  before(async () => {
    app = await startTestApp();
    [c, stranger] = [await billingClinic(app.baseUrl), await billingClinic(app.baseUrl)];
    const issued = async (clinic: BillingClinic, dueAt?: string) => {
      const draft = await clinic.accountant.client.post('/api/invoices', {
        token: clinic.accountant.token,
        body: { patientId: clinic.residentId, items: [{ serviceId: clinic.serviceIds.scaling, quantity: 1 }], ...(dueAt ? { dueAt } : {}) },
      });
      assert.equal(draft.status, 201, JSON.stringify(draft.body));
      const issue = await clinic.accountant.client.post(`/api/invoices/${draft.body.id}/issue`, { token: clinic.accountant.token });
      assert.equal(issue.status, 200, JSON.stringify(issue.body));
      return issue.body as { id: string; dueAt: string; total: string };
    };
    // Issued at TEST_NOW (2026-11-02, Riyadh): due at the end of 2026-11-16 clinic time (14 days' terms).
    const unpaid = await issued(c);
    assert.equal(unpaid.dueAt, '2026-11-16T20:59:59.999Z');
    const paid = await issued(c);
    const payment = await c.accountant.client.post(`/api/invoices/${paid.id}/payments`, {
      token: c.accountant.token,
      headers: { 'idempotency-key': randomUUID() },
      body: { amount: paid.total, method: 'cash' },
    });
    assert.equal(payment.status, 201, JSON.stringify(payment.body));
    const later = await issued(c, '2026-12-31T20:59:59.999Z');
    const theirs = await issued(stranger);
    Object.assign(ids, { unpaid: unpaid.id, paid: paid.id, later: later.id, theirs: theirs.id });
    live = await openLive(app.baseUrl, { authorization: `Bearer ${c.accountant.token}` });
  });
  after(async () => {
    live?.close();
    await app?.close();
  });

  const recorded = async () =>
    (
      await app.admin.query(
        "select entity_id, user_id, system_job, metadata from audit_logs where action = 'INVOICE_OVERDUE' order by created_at, entity_id",
      )
    ).rows;
  const noticed = async () =>
    new Map(
      (await app.admin.query('select id, overdue_noticed_at from invoices where id = any($1)', [Object.values(ids)])).rows.map((row) => [
        row.id as string,
        row.overdue_noticed_at as Date | null,
      ]),
    );
  const run = (clinicId: string, localDate: string) => app.get(JobRegistry).findDailyJob(OVERDUE_JOB)!.run(clinicId, localDate, context);

  it('is a daily job at 00:10 clinic time', () => {
    assert.equal(app.get(JobRegistry).findDailyJob(OVERDUE_JOB)?.localTime, '00:10');
  });

  it('does nothing before the due date has passed', async () => {
    app.clock.set(new Date('2026-11-16T20:00:00Z')); // 23:00 on the due day, Riyadh
    await run(c.clinicId, '2026-11-16');
    assert.deepEqual(await recorded(), []);
  });

  it("records an unpaid invoice once when it falls overdue: audit by the system, a live event, only this clinic's", async () => {
    const at = new Date('2026-11-16T21:10:00Z'); // 00:10 on 2026-11-17, Riyadh
    app.clock.set(at);
    // Two runs at once (a retried job beside the first): each invoice is still recorded once.
    await Promise.all([run(c.clinicId, '2026-11-17'), run(c.clinicId, '2026-11-17')]);
    const rows = await recorded();
    assert.deepEqual(
      rows.map((row) => [row.entity_id, row.user_id, row.system_job, row.metadata.balanceDue, row.metadata.dueAt]),
      [[ids.unpaid, null, OVERDUE_JOB, '287.50', '2026-11-16T20:59:59.999Z']],
    );
    const marks = await noticed();
    assert.equal(marks.get(ids.unpaid)?.toISOString(), at.toISOString());
    assert.equal(marks.get(ids.paid), null, 'a paid invoice is never overdue');
    assert.equal(marks.get(ids.later), null, 'not due yet');
    assert.equal(marks.get(ids.theirs), null, "another clinic's invoice waits for that clinic's run");
    const event = await live.waitFor((m) => m.type === 'invoice.overdue');
    assert.equal(event.data.id, ids.unpaid);

    await run(c.clinicId, '2026-11-17');
    assert.equal((await recorded()).length, 1, 'the same day again records nothing twice');
    await run(stranger.clinicId, '2026-11-17');
    assert.deepEqual(
      (await recorded()).map((row) => row.entity_id),
      [ids.unpaid, ids.theirs],
    );
  });

  it('records the next invoice when its own due date passes, and never the first again', async () => {
    app.clock.set(new Date('2027-01-01T21:10:00Z'));
    await run(c.clinicId, '2027-01-02');
    assert.deepEqual(
      (await recorded()).map((row) => row.entity_id),
      [ids.unpaid, ids.theirs, ids.later],
    );
    app.clock.set(new Date(TEST_NOW));
  });
});
