import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startTestApp, STRONG_PASSWORD, type TestApp, uniqueEmail } from '../../test/harness.js';
import { Client } from '../../test/http.js';
import { signupClinic } from '../../test/factories.js';

describe('response headers', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app.close());

  it('marks every answer with patient data uncacheable, unsniffable and unreferred, streamed calendars and errors included', async () => {
    const { owner } = await signupClinic(app.baseUrl);
    const created = await owner.client.post('/api/patients', { token: owner.token, body: { firstName: 'Hana', lastName: 'Saleh' } });
    const responses = [
      created,
      await owner.client.get(`/api/patients/${created.body.id}`, { token: owner.token }),
      await owner.client.get('/api/appointments?from=2027-01-01T00:00:00Z&to=2027-01-08T00:00:00Z', { token: owner.token }),
      await owner.client.get('/api/patients/00000000-0000-7000-8000-000000000000', { token: owner.token }),
      await new Client(app.baseUrl).get('/api/users/me'),
    ];
    for (const response of responses) {
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(response.headers.get('x-frame-options'), 'DENY');
      // A link followed from an API answer (a file, a PDF) tells the next site nothing of the URL (ids).
      assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
      assert.equal(response.headers.get('strict-transport-security'), null, 'HSTS only in production');
    }
  });
});

describe('HSTS in production', () => {
  let app: TestApp;
  before(
    async () =>
      (app = await startTestApp({ NODE_ENV: 'production', APP_DATABASE_URL: process.env.TEST_APP_DATABASE_URL!, COOKIE_SECURE: 'false' })),
  );
  after(() => app.close());

  it('tells browsers to use HTTPS only', async () => {
    const response = await new Client(app.baseUrl).get('/api/health');
    assert.equal(response.headers.get('strict-transport-security'), 'max-age=31536000; includeSubDomains');
  });
});

describe('client addresses behind the web app proxy', () => {
  const secret = randomBytes(32).toString('base64url');
  let app: TestApp;
  before(async () => (app = await startTestApp({ API_PROXY_SECRET: secret, RATE_LIMIT_SIGNUP_PER_IP: '3' })));
  after(() => app.close());

  const signup = (headers: Record<string, string>) =>
    new Client(app.baseUrl).post('/api/auth/signup', {
      headers,
      body: { clinicName: 'Proxy Dental', email: uniqueEmail(), password: STRONG_PASSWORD, firstName: 'A', lastName: 'B' },
    });
  const auditedIp = async (clinicId: string) =>
    (await app.admin.query("select ip_address from audit_logs where clinic_id = $1 and action = 'CLINIC_CREATED'", [clinicId])).rows[0]
      .ip_address;

  it("ignores X-Forwarded-For from anyone but the web app's proxy: a local client cannot rotate its way past the limit", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await signup({ 'x-forwarded-for': `203.0.113.${i + 1}` })).status);
    assert.deepEqual(statuses, [201, 201, 201, 429, 429]);
    const first = await app.admin.query(
      "select distinct ip_address from audit_logs where action = 'CLINIC_CREATED' and ip_address like '203.0.113.%'",
    );
    assert.equal(first.rows.length, 0, 'no forged address reached the audit log');
  });

  it("believes the last X-Forwarded-For entry on requests that carry the proxy's secret, and a wrong secret not at all", async () => {
    const proxied = await signup({ 'x-forwarded-for': '198.51.100.7, 192.0.2.44', 'x-dental-proxy-secret': secret });
    assert.equal(proxied.status, 201);
    assert.equal(await auditedIp(proxied.body.clinic.id), '192.0.2.44');
    const forged = await signup({ 'x-forwarded-for': '192.0.2.99', 'x-dental-proxy-secret': 'x'.repeat(43) });
    assert.equal(forged.status, 429, 'counted against the real (local) address, already over its limit');
  });
});
