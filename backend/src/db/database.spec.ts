import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { systemActor, userActor } from '../common/actor.js';
import { UnauthorizedError } from '../common/errors.js';
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

describe('Database.transaction and currentTransaction', () => {
  let database: Database;
  let admin: pg.Pool;
  before(() => {
    database = new Database({ url: process.env.TEST_APP_DATABASE_URL!, poolSize: 2, lockTimeoutMs: 200 });
    admin = new pg.Pool({ connectionString: process.env.TEST_ADMIN_DATABASE_URL, max: 2 });
  });
  after(async () => {
    await database.onModuleDestroy();
    await admin.end();
  });

  it('hands out the open transaction for work that must commit with it, and refuses outside one', async () => {
    assert.throws(() => database.currentTransaction(), /inside a tenant transaction/);
    await database.withClinic('clinic-a', async (tx) => {
      assert.equal(database.currentTransaction(), tx);
      await database.withClinic('clinic-a', async () => assert.equal(database.currentTransaction(), tx));
    });
  });

  it('lets a system actor in without a staff check, and a user actor only while active in the role the token names', async () => {
    const clinicId = randomUUID();
    const userId = randomUUID();
    await admin.query("insert into clinics (id, name, slug) values ($1, 'Check', $1)", [clinicId]);
    await admin.query(
      "insert into users (clinic_id, id, email, password_hash, first_name, last_name, role) values ($1, $2, $3, 'x', 'A', 'B', 'ADMIN')",
      [clinicId, userId, `${userId}@example.test`],
    );
    const admin1 = userActor({ clinicId, userId, role: 'ADMIN' });
    assert.equal(await database.transaction(systemActor(clinicId, 'test-job'), async () => 'ran'), 'ran');
    assert.equal(await database.transaction(admin1, async () => 'ran'), 'ran');

    await admin.query("update users set role = 'ACCOUNTANT' where id = $1", [userId]);
    await assert.rejects(
      database.transaction(admin1, async () => 'ran'),
      (e: unknown) => e instanceof UnauthorizedError && e.type === 'session-outdated',
    );
    await admin.query("update users set role = 'ADMIN', status = 'disabled' where id = $1", [userId]);
    await assert.rejects(
      database.transaction(admin1, async () => 'ran'),
      (e: unknown) => e instanceof UnauthorizedError && e.type === 'account-disabled',
    );
    // Inside a transaction opened for the system, a user actor is still checked (once).
    await assert.rejects(
      database.transaction(systemActor(clinicId, 'test-job'), () => database.transaction(admin1, async () => 'ran')),
      UnauthorizedError,
    );
  });

  it('fails a statement that waits for a lock longer than lock_timeout instead of queueing without end', async () => {
    const clinicId = randomUUID();
    await admin.query("insert into clinics (id, name, slug) values ($1, 'Locks', $1)", [clinicId]);
    const holder = await admin.connect();
    try {
      await holder.query('begin');
      await holder.query('select * from clinics where id = $1 for update', [clinicId]);
      await assert.rejects(
        database.withClinic(clinicId, (tx) => tx.execute(sql`update clinics set name = 'x' where id = ${clinicId}`)),
        (e: unknown) => (e as { cause?: { code?: string } }).cause?.code === '55P03' || (e as { code?: string }).code === '55P03',
      );
    } finally {
      await holder.query('rollback');
      holder.release();
    }
  });
});
