import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
import { startTestDatabase } from '../test/test-database.js';
import { Client } from '../test/http.js';
import { STRONG_PASSWORD, uniqueEmail } from '../test/harness.js';

const database = await startTestDatabase();
const child = spawn(process.execPath, ['dist/bench/serve.js', 'api'], { env: { ...process.env, BENCH_APP_DATABASE_URL: database.appUrl, BENCH_JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0001' }, stdio: ['ignore', 'pipe', 'inherit'] });
const url: string = await new Promise((r) => child.stdout!.once('data', (c) => r(JSON.parse(String(c)).url)));
const s = await new Client(url).post('/api/auth/signup', { body: { clinicName: 'Profile Clinic', email: uniqueEmail(), password: STRONG_PASSWORD, firstName: 'a', lastName: 'b' } });
for (const path of ['/api/health', '/api/nothing', '/api/users/me', '/api/clinics/me']) {
  const r = await autocannon({ url: `${url}${path}`, connections: 10, duration: 4, headers: { authorization: `Bearer ${s.body.accessToken}` } });
  console.log(path, 'rps', r.requests.average, 'p50', r.latency.p50, 'non2xx', r.non2xx);
}
child.kill(); await database.stop();
