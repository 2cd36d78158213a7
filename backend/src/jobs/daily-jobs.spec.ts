import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newId } from '../common/ids.js';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { signupClinic } from '../../test/factories.js';
import { NotificationsHousekeeping } from '../notifications/notifications-housekeeping.js';
import { DailyJobsService } from './daily-jobs.service.js';

describe('daily jobs per clinic time zone', () => {
  let app: TestApp;
  let riyadh: string;
  let newYork: string;
  before(async () => {
    app = await startTestApp();
    riyadh = (await signupClinic(app.baseUrl, { timezone: 'Asia/Riyadh' })).clinic.id;
    newYork = (await signupClinic(app.baseUrl, { timezone: 'America/New_York' })).clinic.id;
  });
  after(async () => {
    await app.admin.query(
      'delete from graphile_worker._private_jobs where task_id in (select id from graphile_worker._private_tasks where identifier like $1)',
      [`${app.env.JOB_NAMESPACE}:%`],
    );
    await app.close();
  });

  const runsOf = async (clinicId: string) =>
    (
      await app.admin.query(
        `select j.key, j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
          where t.identifier = $1 and j.payload->>'clinicId' = $2`,
        [`${app.env.JOB_NAMESPACE}:daily_run`, clinicId],
      )
    ).rows;

  it("starts each clinic's daily jobs once, when 03:00 comes in its own zone", async () => {
    const ticks = app.nest.get(DailyJobsService);
    await ticks.tick(new Date('2026-11-02T23:45:00Z')); // 02:45 in Riyadh
    assert.deepEqual(await runsOf(riyadh), []);
    await ticks.tick(new Date('2026-11-03T00:00:00Z')); // 03:00 in Riyadh, 19:00 in New York
    await ticks.tick(new Date('2026-11-03T00:00:00Z')); // the same tick again (a backfill): nothing new
    await ticks.tick(new Date('2026-11-03T00:15:00Z'));
    assert.deepEqual(await runsOf(riyadh), [
      {
        key: `daily:notifications_housekeeping:${riyadh}:2026-11-03`,
        payload: { job: 'notifications_housekeeping', clinicId: riyadh, localDate: '2026-11-03' },
      },
    ]);
    assert.deepEqual(await runsOf(newYork), []);
    await ticks.tick(new Date('2026-11-03T08:00:00Z')); // 03:00 in New York (EST)
    assert.deepEqual(
      (await runsOf(newYork)).map((r) => r.key),
      [`daily:notifications_housekeeping:${newYork}:2026-11-03`],
    );
  });

  it('housekeeping sends stuck messages to the queue again and forgets the text of old ones', async () => {
    const insert = (fields: Record<string, unknown>) => {
      const row = {
        clinic_id: riyadh,
        id: newId(),
        type: 'email',
        channel: 'outbox',
        template: 'appointment_reminder',
        locale: 'en',
        recipient: 'someone@example.test',
        payload: JSON.stringify({ note: 'payload' }),
        idempotency_key: newId(),
        status: 'pending',
        ...fields,
      };
      const columns = Object.keys(row);
      return app.admin
        .query(
          `insert into notifications (${columns.join(', ')}) values (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
          Object.values(row),
        )
        .then(() => row.id);
    };
    const now = app.clock.nowMs();
    const stuck = await insert({ scheduled_for: new Date(now - 3_600_000) });
    const notYetDue = await insert({ scheduled_for: new Date(now + 3_600_000) });
    const old = await insert({
      status: 'sent',
      body: 'Old text',
      subject: 'Old',
      sent_at: new Date(now - 200 * 86_400_000),
      updated_at: new Date(now - 200 * 86_400_000),
    });
    const recent = await insert({
      status: 'sent',
      body: 'Recent text',
      sent_at: new Date(now - 86_400_000),
      updated_at: new Date(now - 86_400_000),
    });

    const result = await app.nest.get(NotificationsHousekeeping).run(riyadh);
    assert.deepEqual(result, { requeued: 1, forgotten: 1 });
    const jobs = await app.admin.query('select key from graphile_worker.jobs where key = any($1::text[])', [
      [`notification:${stuck}`, `notification:${notYetDue}`],
    ]);
    assert.deepEqual(
      jobs.rows.map((r) => r.key),
      [`notification:${stuck}`],
    );
    const rows = await app.admin.query('select id, body, subject, payload from notifications where id = any($1::text[])', [[old, recent]]);
    const byId = new Map(rows.rows.map((r) => [r.id, r]));
    assert.deepEqual([byId.get(old).body, byId.get(old).subject, byId.get(old).payload], [null, null, {}]);
    assert.equal(byId.get(recent).body, 'Recent text');
  });
});
