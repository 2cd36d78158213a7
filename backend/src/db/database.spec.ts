import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { Database } from './database.js';

describe('Database.withClinic', () => {
  let database: Database;
  before(() => {
    database = new Database({ url: process.env.TEST_APP_DATABASE_URL!, poolSize: 2 });
  });
  after(() => database.onModuleDestroy());

  const deadlock = () => Object.assign(new Error('deadlock detected'), { code: '40P01' });

  it('runs the work in a transaction that carries the clinic', async () => {
    const setting = await database.withClinic(
      'clinic-a',
      async (tx) => (await tx.execute<{ c: string }>(sql`select current_setting('app.clinic_id') as c`)).rows[0]!.c,
    );
    assert.equal(setting, 'clinic-a');
  });

  it('joins the outer transaction for the same clinic and refuses another clinic', async () => {
    await database.withClinic('clinic-a', async (outer) => {
      await database.withClinic('clinic-a', async (inner) => assert.equal(inner, outer));
      await assert.rejects(
        database.withClinic('clinic-b', async () => undefined),
        /cannot switch clinics/,
      );
    });
  });

  it('runs the work again after a deadlock or serialization failure, at most three times', async () => {
    let calls = 0;
    const result = await database.withClinic('clinic-a', async () => {
      calls++;
      if (calls < 3) throw deadlock();
      return 'done';
    });
    assert.deepEqual({ result, calls }, { result: 'done', calls: 3 });

    calls = 0;
    await assert.rejects(
      database.withClinic('clinic-a', async () => {
        calls++;
        throw deadlock();
      }),
      /deadlock/,
    );
    assert.equal(calls, 3);
  });

  it('does not repeat work that failed for any other reason', async () => {
    let calls = 0;
    await assert.rejects(
      database.withClinic('clinic-a', async () => {
        calls++;
        throw Object.assign(new Error('unique'), { code: '23505' });
      }),
    );
    assert.equal(calls, 1);
  });

  it('setting is local to the transaction: the pooled connection forgets the clinic', async () => {
    await database.withClinic('clinic-a', async () => undefined);
    const { rows } = await database.pool.query("select coalesce(current_setting('app.clinic_id', true), '') as c");
    assert.equal(rows[0].c, '');
  });
});
