import pg from 'pg';
import { Database } from '../src/db/database.js';
import { users } from '../src/db/schema/index.js';
import { and, eq } from 'drizzle-orm';
import { startTestDatabase } from '../test/test-database.js';
import { newId } from '../src/common/ids.js';

const database = await startTestDatabase();
const admin = new pg.Client({ connectionString: database.adminUrl });
await admin.connect();
const clinicId = newId(); const userId = newId();
await admin.query("insert into clinics (id, name, slug) values ($1, 'x', $1)", [clinicId]);
await admin.query("insert into users (clinic_id, id, email, password_hash, first_name, last_name, role) values ($1, $2, 'a@b.c', 'h', 'a', 'b', 'OWNER')", [clinicId, userId]);
await admin.end();
const db = new Database({ url: database.appUrl, poolSize: 10 });
const pool = new pg.Pool({ connectionString: database.appUrl, max: 10 });

async function run(label: string, op: () => Promise<unknown>) {
  const end = Date.now() + 4000; let n = 0;
  await Promise.all(Array.from({ length: 10 }, async () => { while (Date.now() < end) { await op(); n++; } }));
  console.log(label, (n / 4).toFixed(0), 'ops/s');
}
await run('drizzle withClinic', () => db.withClinic(clinicId, (tx) => tx.select().from(users).where(and(eq(users.clinicId, clinicId), eq(users.id, userId)))));
await run('raw pg', async () => { const c = await pool.connect(); try { await c.query('begin'); await c.query("select set_config('app.clinic_id', $1, true)", [clinicId]); await c.query('select * from users where clinic_id = $1 and id = $2', [clinicId, userId]); await c.query('commit'); } finally { c.release(); } });
await run('drizzle withClinic', () => db.withClinic(clinicId, (tx) => tx.select().from(users).where(and(eq(users.clinicId, clinicId), eq(users.id, userId)))));
await db.onModuleDestroy(); await pool.end(); await database.stop();
