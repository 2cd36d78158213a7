import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { newId } from '../common/ids.js';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { addStaff, signupClinic, type Staff } from '../../test/factories.js';

/** Billing's tables: each one tenant-scoped like the rest. */
const BILLING_TABLES = [
  'invoices',
  'invoice_items',
  'payments',
  'payment_refunds',
  'credit_notes',
  'credit_note_items',
  'document_counters',
  'zatca_chains',
  'zatca_documents',
  'revenue_entries',
];

/** What PostgreSQL itself guarantees, seen as the application role the API connects as. */
describe('database-level tenant isolation and integrity', () => {
  let app: TestApp;
  let appRole: pg.Pool;
  let clinicA: Staff;
  let clinicB: Staff;
  before(async () => {
    app = await startTestApp();
    appRole = new pg.Pool({ connectionString: process.env.TEST_APP_DATABASE_URL, max: 4 });
    clinicA = (await signupClinic(app.baseUrl, { clinicName: 'Clinic A' })).owner;
    clinicB = (await signupClinic(app.baseUrl, { clinicName: 'Clinic B' })).owner;
    await addStaff(app.baseUrl, clinicB, 'DENTIST');
  });
  after(async () => {
    await appRole.end();
    await app.close();
  });

  /** Runs `work` the way the API does: one transaction with app.clinic_id set. */
  async function asClinic<T>(clinicId: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await appRole.connect();
    try {
      await client.query('begin');
      await client.query("select set_config('app.clinic_id', $1, true)", [clinicId]);
      const result = await work(client);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback');
      throw error;
    } finally {
      client.release();
    }
  }

  const sqlState = async (promise: Promise<unknown>) => {
    try {
      await promise;
      return 'ok';
    } catch (error) {
      return (error as { code: string }).code;
    }
  };

  it('connects as a role that owns no table, is no superuser and cannot bypass RLS', async () => {
    const { rows } = await appRole.query(
      'select rolsuper, rolbypassrls, (select count(*)::int from pg_tables where tableowner = current_user) as owned from pg_roles where rolname = current_user',
    );
    assert.deepEqual(rows[0], { rolsuper: false, rolbypassrls: false, owned: 0 });
  });

  it('has row-level security enabled and forced on every table with a clinic_id', async () => {
    const { rows } = await app.admin.query(`
      select c.relname, c.relrowsecurity, c.relforcerowsecurity
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r'
        and (exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'clinic_id') or c.relname = 'clinics')`);
    assert.ok(rows.length >= 15, `found ${rows.length} tenant tables`);
    for (const row of rows) assert.ok(row.relrowsecurity && row.relforcerowsecurity, `${row.relname} has forced RLS`);
    const tenantTables = new Set(rows.map((row) => row.relname as string));
    for (const table of BILLING_TABLES) assert.ok(tenantTables.has(table), `${table} is a tenant table with forced RLS`);
    const { rows: policies } = await app.admin.query(
      "select tablename from pg_policies where schemaname = 'public' and policyname = 'tenant_isolation' and tablename = any($1)",
      [BILLING_TABLES],
    );
    assert.deepEqual(
      policies.map((p) => p.tablename as string).sort(),
      [...BILLING_TABLES].sort(),
      'every billing table has the tenant_isolation policy',
    );
  });

  it("shows a query with no clinic filter only the current clinic's rows", async () => {
    const users = await asClinic(clinicA.user.clinicId, (c) => c.query('select clinic_id from users'));
    assert.ok(users.rows.length >= 1);
    assert.ok(users.rows.every((r) => r.clinic_id === clinicA.user.clinicId));
    const clinics = await asClinic(clinicA.user.clinicId, (c) => c.query('select id from clinics'));
    assert.deepEqual(
      clinics.rows.map((r) => r.id),
      [clinicA.user.clinicId],
    );
    const audit = await asClinic(clinicB.user.clinicId, (c) => c.query('select distinct clinic_id from audit_logs'));
    assert.deepEqual(
      audit.rows.map((r) => r.clinic_id),
      [clinicB.user.clinicId],
    );
  });

  it('shows nothing at all when no clinic is set', async () => {
    for (const table of ['clinics', 'users', 'audit_logs', 'refresh_tokens', 'invites', ...BILLING_TABLES]) {
      const { rows } = await appRole.query(`select count(*)::int as n from ${table}`);
      assert.equal(rows[0].n, 0, table);
    }
  });

  it('refuses to write a row for another clinic (RLS check)', async () => {
    const state = await sqlState(
      asClinic(clinicA.user.clinicId, (c) =>
        c.query("insert into patients (clinic_id, id, first_name, last_name) values ($1, $2, 'X', 'Y')", [clinicB.user.clinicId, newId()]),
      ),
    );
    assert.equal(state, '42501');
    const moved = await asClinic(clinicA.user.clinicId, (c) =>
      c.query('update users set clinic_id = $1 where id = $2', [clinicB.user.clinicId, clinicA.user.id]).then(
        () => 'ok',
        (e) => e.code,
      ),
    );
    assert.equal(moved, '42501');
    const invoice = await sqlState(
      asClinic(clinicA.user.clinicId, (c) =>
        c.query("insert into invoices (clinic_id, id, patient_id, currency) values ($1, $2, $3, 'SAR')", [
          clinicB.user.clinicId,
          newId(),
          newId(),
        ]),
      ),
    );
    assert.equal(invoice, '42501');
  });

  it("refuses a row that references another clinic's row (composite foreign key)", async () => {
    const state = await sqlState(
      asClinic(clinicA.user.clinicId, (c) =>
        c.query(
          "insert into refresh_tokens (clinic_id, id, user_id, family_id, token_hash, expires_at) values ($1, $2, $3, 'f', $4, now())",
          [clinicA.user.clinicId, newId(), clinicB.user.id, newId()],
        ),
      ),
    );
    assert.equal(state, '23503');
  });

  describe('notifications and the job queue (background worker)', () => {
    const insertNotification = (c: pg.PoolClient, clinicId: string, id = newId()) =>
      c.query(
        `insert into notifications (clinic_id, id, type, channel, template, recipient, payload, idempotency_key)
         values ($1, $2, 'email', 'outbox', 'appointment_reminder', 'x@example.test', '{}', $2)`,
        [clinicId, id],
      );

    it("keeps each clinic's messages to itself, in the table and through the worker's functions", async () => {
      const id = newId();
      await asClinic(clinicA.user.clinicId, (c) => insertNotification(c, clinicA.user.clinicId, id));
      assert.equal(await sqlState(asClinic(clinicA.user.clinicId, (c) => insertNotification(c, clinicB.user.clinicId))), '42501');
      const seen = await asClinic(clinicB.user.clinicId, (c) => c.query('select id from notifications where id = $1', [id]));
      assert.equal(seen.rows.length, 0);
      // The worker's claim sets the clinic it is given: under another clinic's id the row is not there to claim.
      const claimed = await appRole.query(
        "select * from notifications_claim($1, array[$2], 'probe', now(), now(), now() - interval '1 minute', now() - interval '1 hour')",
        [clinicB.user.clinicId, id],
      );
      assert.equal(claimed.rows.length, 0);
      const status = await app.admin.query('select status from notifications where id = $1', [id]);
      assert.equal(status.rows[0].status, 'pending');
    });

    it("lets the application role use the job queue but not change its schema, and shows the daily tick only clinics' zones", async () => {
      assert.equal(await sqlState(appRole.query('select count(*) from graphile_worker.jobs')), 'ok');
      assert.equal(await sqlState(appRole.query('create table graphile_worker.probe (id int)')), '42501');
      assert.equal(await sqlState(appRole.query('drop table graphile_worker._private_jobs')), '42501');
      const zones = await appRole.query('select * from jobs_clinic_time_zones() where clinic_id = $1', [clinicA.user.clinicId]);
      assert.deepEqual(Object.keys(zones.rows[0]).sort(), ['clinic_id', 'timezone']);
      // Without a clinic set, the application role still sees no clinic row itself.
      assert.equal((await appRole.query('select count(*)::int as n from clinics')).rows[0].n, 0);
    });
  });

  it('keeps the audit log and issued billing documents append-only for the application role', async () => {
    const clinicId = clinicA.user.clinicId;
    for (const table of ['audit_logs', 'credit_notes', 'credit_note_items', 'payment_refunds', 'zatca_documents']) {
      assert.equal(await sqlState(asClinic(clinicId, (c) => c.query(`update ${table} set clinic_id = clinic_id`))), '42501', table);
      assert.equal(await sqlState(asClinic(clinicId, (c) => c.query(`delete from ${table}`))), '42501', table);
      assert.equal(await sqlState(asClinic(clinicId, (c) => c.query(`truncate ${table}`))), '42501', table);
    }
  });

  it('lets the application role read the revenue ledger but never write it: the database keeps it', async () => {
    const clinicId = clinicA.user.clinicId;
    const insert = `insert into revenue_entries (clinic_id, source_id, line_id, invoice_id, at) values ($1, $2, $2, $2, now())`;
    assert.equal(await sqlState(asClinic(clinicId, (c) => c.query(insert, [clinicId, newId()]))), '42501');
    for (const statement of ['update revenue_entries set invoiced_micros = 0', 'delete from revenue_entries', 'truncate revenue_entries']) {
      assert.equal(await sqlState(asClinic(clinicId, (c) => c.query(statement))), '42501', statement);
    }
    assert.equal(await sqlState(asClinic(clinicId, (c) => c.query('select count(*) from revenue_entries'))), 'ok');
    const refresh = 'select revenue_entries_refresh(array[$1], array[$2])';
    assert.equal(await sqlState(asClinic(clinicId, (c) => c.query(refresh, [clinicId, newId()]))), '42501');
    // Nor fire the ledger's trigger functions from a table of its own, with rows naming any clinic's invoices.
    const attach = async (c: pg.PoolClient) => {
      await c.query('create temp table probe (clinic_id text, invoice_id text) on commit drop');
      await c.query(`create trigger probe after insert on probe referencing new table as changed_new
                     for each statement execute function revenue_entries_after_money()`);
    };
    assert.equal(await sqlState(asClinic(clinicId, attach)), '42501');
    assert.equal(await sqlState(appRole.query('set role dental_ledger')), '42501', 'the application role cannot become the ledger role');
    // Its functions run as the ledger's own role, with a search path that a temporary table cannot shadow.
    const { rows } = await app.admin.query(
      `select p.proname, pg_get_userbyid(p.proowner) as owner, p.prosecdef, p.proconfig,
              has_function_privilege('dental_app', p.oid, 'execute') as app_may_call
       from pg_proc p where p.proname like 'revenue\\_entries\\_%' order by p.proname`,
    );
    assert.equal(rows.length, 8);
    for (const row of rows) {
      assert.deepEqual(
        { owner: row.owner, definer: row.prosecdef, config: row.proconfig, appMayCall: row.app_may_call },
        {
          owner: 'dental_ledger',
          definer: true,
          config: ['search_path=public, pg_temp', 'plan_cache_mode=force_generic_plan'],
          appMayCall: false,
        },
        row.proname,
      );
    }
  });

  describe('files (file_attachments and the purge look-up)', () => {
    const insertFile = (c: pg.PoolClient, clinicId: string, uploadedById: string, deletedAt: string | null = null) =>
      c.query(
        `insert into file_attachments (clinic_id, id, uploaded_by_id, entity_type, entity_id, storage_key, file_name, mime_type,
           size_bytes, sha256, category, deleted_at)
         values ($1, $2, $3, 'patient', $4, $1 || '/' || $2, 'scan.png', 'image/png', 10, repeat('0', 64), 'xray', $5) returning id`,
        [clinicId, newId(), uploadedById, newId(), deletedAt],
      );
    let fileA: string;
    let fileB: string;
    // Deleted in 2099: due for the look-up asked about 2100, never for a purge run by the other test files.
    before(async () => {
      fileA = (await asClinic(clinicA.user.clinicId, (c) => insertFile(c, clinicA.user.clinicId, clinicA.user.id, '2099-01-01T00:00:00Z')))
        .rows[0].id;
      fileB = (await asClinic(clinicB.user.clinicId, (c) => insertFile(c, clinicB.user.clinicId, clinicB.user.id, '2099-01-01T00:00:00Z')))
        .rows[0].id;
    });

    it('shows a clinic only its own files, and nothing without a clinic', async () => {
      const seen = await asClinic(clinicA.user.clinicId, (c) => c.query('select id, clinic_id from file_attachments'));
      assert.ok(seen.rows.some((r) => r.id === fileA));
      assert.ok(seen.rows.every((r) => r.clinic_id === clinicA.user.clinicId));
      const none = await appRole.query('select count(*)::int as n from file_attachments');
      assert.equal(none.rows[0].n, 0);
      const moved = await sqlState(
        asClinic(clinicA.user.clinicId, (c) =>
          c.query('update file_attachments set deleted_at = now() where id = $1 returning id', [fileB]),
        ),
      );
      assert.equal(moved, 'ok');
      const untouched = await app.admin.query('select deleted_at from file_attachments where id = $1', [fileB]);
      assert.equal(
        new Date(untouched.rows[0].deleted_at as string).toISOString(),
        '2099-01-01T00:00:00.000Z',
        "another clinic's row is not even seen",
      );
    });

    it("refuses a file row for another clinic (RLS) or pointing at another clinic's user (composite foreign key)", async () => {
      assert.equal(await sqlState(asClinic(clinicA.user.clinicId, (c) => insertFile(c, clinicB.user.clinicId, clinicB.user.id))), '42501');
      assert.equal(await sqlState(asClinic(clinicA.user.clinicId, (c) => insertFile(c, clinicA.user.clinicId, clinicB.user.id))), '23503');
    });

    it('lets the cross-clinic purge look-up give only clinic and file ids, and the application role no wider access', async () => {
      const due = await appRole.query('select * from files_due_for_purge($1, 1000)', [new Date('2100-01-01T00:00:00Z')]);
      assert.deepEqual(Object.keys(due.rows[0] ?? {}).sort(), ['clinic_id', 'id']);
      const ids = due.rows.map((r) => r.id);
      assert.ok(ids.includes(fileA) && ids.includes(fileB), 'both clinics are found for the purge');
      assert.equal(await sqlState(appRole.query('set role dental_jobs')), '42501', 'the application role cannot become the look-up owner');
      const { rows: policies } = await app.admin.query(
        "select policyname, roles::text[] as roles, cmd from pg_policies where tablename = 'file_attachments' order by policyname",
      );
      assert.deepEqual(policies, [
        { policyname: 'jobs_lookup', roles: ['dental_jobs'], cmd: 'SELECT' },
        { policyname: 'tenant_isolation', roles: ['public'], cmd: 'ALL' },
      ]);
    });
  });

  describe('no double booking', () => {
    let clinicId: string;
    let patientId: string;
    let otherPatientId: string;
    let serviceId: string;
    let dentistId: string;
    let secondDentistId: string;

    before(async () => {
      clinicId = clinicA.user.clinicId;
      dentistId = (await addStaff(app.baseUrl, clinicA, 'DENTIST')).user.id;
      secondDentistId = (await addStaff(app.baseUrl, clinicA, 'DENTIST')).user.id;
      [patientId, otherPatientId, serviceId] = [newId(), newId(), newId()];
      await asClinic(clinicId, async (c) => {
        await c.query(
          "insert into patients (clinic_id, id, first_name, last_name) values ($1, $2, 'Huda', 'Nasser'), ($1, $3, 'Adam', 'Khan')",
          [clinicId, patientId, otherPatientId],
        );
        await c.query("insert into services (clinic_id, id, name, price, duration_minutes) values ($1, $2, 'Scaling', '250.00', 30)", [
          clinicId,
          serviceId,
        ]);
      });
    });

    const book = (opts: { dentist: string; patient: string; room?: string; start: string; end: string; status?: string }) =>
      sqlState(
        asClinic(clinicId, (c) =>
          c.query(
            `insert into appointments (clinic_id, id, patient_id, dentist_id, service_id, room, start_at, end_at, status)
             values ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9, 'scheduled')::appointment_status)`,
            [clinicId, newId(), opts.patient, opts.dentist, serviceId, opts.room ?? null, opts.start, opts.end, opts.status ?? null],
          ),
        ),
      );

    it('refuses a second active appointment overlapping the same dentist', async () => {
      assert.equal(await book({ dentist: dentistId, patient: patientId, start: '2030-01-06T09:00Z', end: '2030-01-06T09:30Z' }), 'ok');
      assert.equal(
        await book({ dentist: dentistId, patient: otherPatientId, start: '2030-01-06T09:15Z', end: '2030-01-06T09:45Z' }),
        '23P01',
      );
      assert.equal(
        await book({ dentist: dentistId, patient: otherPatientId, start: '2030-01-06T09:30Z', end: '2030-01-06T10:00Z' }),
        'ok',
        'back-to-back is fine',
      );
    });

    it('refuses overlapping appointments in the same room and for the same patient', async () => {
      assert.equal(
        await book({ dentist: dentistId, patient: patientId, room: 'Chair 1', start: '2030-01-07T09:00Z', end: '2030-01-07T10:00Z' }),
        'ok',
      );
      assert.equal(
        await book({
          dentist: secondDentistId,
          patient: otherPatientId,
          room: 'Chair 1',
          start: '2030-01-07T09:30Z',
          end: '2030-01-07T10:30Z',
        }),
        '23P01',
      );
      assert.equal(
        await book({ dentist: secondDentistId, patient: patientId, room: 'Chair 2', start: '2030-01-07T09:30Z', end: '2030-01-07T10:30Z' }),
        '23P01',
      );
      assert.equal(
        await book({
          dentist: secondDentistId,
          patient: otherPatientId,
          room: 'Chair 2',
          start: '2030-01-07T09:30Z',
          end: '2030-01-07T10:30Z',
        }),
        'ok',
      );
    });

    it('frees the slot once the appointment is cancelled', async () => {
      assert.equal(
        await book({ dentist: dentistId, patient: patientId, start: '2030-01-08T09:00Z', end: '2030-01-08T09:30Z', status: 'cancelled' }),
        'ok',
      );
      assert.equal(await book({ dentist: dentistId, patient: patientId, start: '2030-01-08T09:00Z', end: '2030-01-08T09:30Z' }), 'ok');
    });

    it('refuses an appointment that ends before it starts', async () => {
      assert.equal(await book({ dentist: dentistId, patient: patientId, start: '2030-01-09T10:00Z', end: '2030-01-09T09:00Z' }), '23514');
    });

    it("lets exactly one of many simultaneous bookings of one dentist's slot in", async () => {
      const patients = Array.from({ length: 10 }, () => newId());
      await asClinic(clinicId, (c) =>
        c.query("insert into patients (clinic_id, id, first_name, last_name) select $1, unnest($2::text[]), 'P', 'Q'", [
          clinicId,
          patients,
        ]),
      );
      const results = await Promise.all(
        patients.map((patient) => book({ dentist: secondDentistId, patient, start: '2030-01-10T09:00Z', end: '2030-01-10T09:30Z' })),
      );
      assert.equal(results.filter((r) => r === 'ok').length, 1);
      assert.equal(results.filter((r) => r === '23P01').length, 9);
      const { rows } = await app.admin.query(
        "select count(*)::int as n from appointments where dentist_id = $1 and start_at = '2030-01-10T09:00Z'",
        [secondDentistId],
      );
      assert.equal(rows[0].n, 1);
    });
  });
});
