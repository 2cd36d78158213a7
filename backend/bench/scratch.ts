import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { appRoleUrl, migrateDatabase } from '../src/db/migrate.js';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { seedBigClinic } from './clinic-seed.js';
const fresh = !existsSync('/tmp/benchdb/postgres');
const server = await startEmbeddedPostgres({ dataDir: '/tmp/benchdb', port: 54500, database: 'bench' });
await migrateDatabase(server.adminUrl, 'bench_app_password');
const admin = new pg.Client({ connectionString: server.adminUrl }); await admin.connect();
if (fresh) {
  const clinicId = (await admin.query("insert into clinics (id, name, slug) values (gen_random_uuid()::text, 'Big', 'big') returning id")).rows[0].id;
  await seedBigClinic(server.adminUrl, clinicId, 100000, 142858);
}
console.log(JSON.stringify({ admin: server.adminUrl, app: appRoleUrl(server.adminUrl, 'bench_app_password') }));
await admin.end();
process.on('SIGTERM', async () => { await server.stop(); process.exit(0); });
setInterval(() => {}, 1 << 30);
