import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import pg from 'pg';
import { loadConfig } from '../config/config.js';
import { createLogger, NestPinoLogger } from '../common/logger.js';
import { AppModule } from '../app.module.js';
import { DEMO_OWNER_EMAIL, loadDemoClinic } from './demo-loader.js';
import { FixedClock } from '../common/clock.js';
import { TEST_NOW } from '../../test/harness.js';
import { userActor } from '../common/actor.js';
import { ReportsService } from '../reports/reports.service.js';

describe('demo clinic', () => {
  let context: INestApplicationContext;
  let admin: pg.Pool;
  before(async () => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    context = await NestFactory.createApplicationContext(
      AppModule.register(config, process.env.TEST_APP_DATABASE_URL!, new FixedClock(TEST_NOW)),
      {
        logger: new NestPinoLogger(createLogger('silent')),
      },
    );
    admin = new pg.Pool({ connectionString: process.env.TEST_ADMIN_DATABASE_URL });
  });
  after(async () => {
    await context.close();
    await admin.end();
  });

  it('loads a realistic clinic once: every role, 50+ bilingual services, Arabic and English patients, past and coming visits', async () => {
    assert.equal(await loadDemoClinic(context, () => undefined), true);
    const clinicId = (await admin.query('select clinic_id from users where email = $1', [DEMO_OWNER_EMAIL])).rows[0].clinic_id;
    const one = async (sql: string, ...params: unknown[]) => (await admin.query(sql, [clinicId, ...params])).rows[0];
    assert.equal((await one('select count(distinct role)::int as n from users where clinic_id = $1')).n, 7);
    const services = await one(
      "select count(*)::int as n, count(*) filter (where name_ar ~ '[\u0600-\u06FF]')::int as arabic from services where clinic_id = $1",
    );
    assert.ok(services.n >= 50 && services.arabic === services.n);
    const patients = await one(
      "select count(*)::int as n, count(*) filter (where first_name ~ '[\u0600-\u06FF]')::int as arabic from patients where clinic_id = $1",
    );
    assert.ok(patients.n >= 300 && patients.arabic > 100 && patients.arabic < patients.n);
    const visits = await one(
      'select count(*) filter (where start_at < $2)::int as past, count(*) filter (where start_at > $2)::int as coming, count(distinct status)::int as statuses from appointments where clinic_id = $1',
      TEST_NOW,
    );
    assert.ok(visits.past > 100 && visits.coming > 100, JSON.stringify(visits));
    assert.ok(visits.statuses >= 4);
    const invoices = await one(
      "select count(*)::int as n, count(distinct status)::int as statuses, count(*) filter (where status = 'PAID')::int as paid from invoices where clinic_id = $1 and number is not null",
    );
    assert.ok(invoices.n >= 50 && invoices.statuses >= 3 && invoices.paid > invoices.n / 2, JSON.stringify(invoices));
    // A year of money: every month of the past twelve invoiced and collected, credit notes and refunds among it.
    const owner = (await admin.query('select id from users where email = $1', [DEMO_OWNER_EMAIL])).rows[0].id;
    const actor = userActor({ userId: owner, clinicId, role: 'OWNER' }, { ip: '127.0.0.1', userAgent: 'test' });
    const reports = context.get(ReportsService, { strict: false });
    const year = await reports.revenue(actor, { from: '2025-11-01', to: '2026-10-31', groupBy: 'month', format: 'json', locale: 'en' });
    assert.ok(!('stream' in year));
    assert.equal(year.rows.length, 12);
    for (const month of year.rows) assert.ok(Number(month.invoiced) > 0 && Number(month.collected) > 0, JSON.stringify(month));
    assert.ok(Number(year.totals.refunded) > 0, JSON.stringify(year.totals));
    const ledgers = await one(
      'select (select count(*) from credit_notes where clinic_id = $1)::int as credits, (select count(*) from payment_refunds where clinic_id = $1)::int as refunds',
    );
    assert.ok(ledgers.credits > 0 && ledgers.refunds > 0, JSON.stringify(ledgers));
    // Every aging bucket holds money someone owes.
    const aging = await reports.receivables(actor, { asOf: '2026-11-02', format: 'json', locale: 'en' });
    assert.ok(!('stream' in aging));
    for (const bucket of ['current', 'days1to30', 'days31to60', 'days61to90', 'over90'] as const)
      assert.ok(Number(aging.totals[bucket]) > 0, `${bucket}: ${JSON.stringify(aging.totals)}`);
    assert.equal(await loadDemoClinic(context, () => undefined), false, 'a second load changes nothing');
  });
});
