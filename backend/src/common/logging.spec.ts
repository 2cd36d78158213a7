import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PassThrough } from 'node:stream';
import { startTestApp, STRONG_PASSWORD, type TestApp, uniqueEmail } from '../../test/harness.js';
import { Client } from '../../test/http.js';

describe('structured logs', () => {
  let app: TestApp;
  const lines: string[] = [];
  before(async () => {
    const sink = new PassThrough();
    sink.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
    app = await startTestApp({ LOG_LEVEL: 'info' }, sink);
  });
  after(() => app.close());

  it('logs one JSON line per request with its request id, and never a password, token or cookie', async () => {
    const browser = new Client(app.baseUrl);
    const email = uniqueEmail('logged');
    const signup = await browser.post('/api/auth/signup', {
      body: { clinicName: 'Log Clinic', email, password: STRONG_PASSWORD, firstName: 'Lina', lastName: 'Aziz' },
      headers: { 'x-request-id': 'signup-req-1' },
    });
    assert.equal(signup.status, 201);
    await browser.post('/api/auth/login', { body: { email, password: 'Wrong-password-1' } });
    await browser.post('/api/auth/refresh', { headers: browser.csrfHeader() });
    await browser.get('/api/users/me', { token: signup.body.accessToken });
    await new Promise((resolve) => setTimeout(resolve, 100));

    const entries = lines.map((line) => JSON.parse(line) as { req?: { id: string; url: string }; res?: { statusCode: number } });
    const signupEntry = entries.find((e) => e.req?.id === 'signup-req-1');
    assert.ok(signupEntry, 'the signup request is logged under its request id');
    assert.equal(signupEntry.req?.url, '/api/auth/signup');
    assert.equal(signupEntry.res?.statusCode, 201);
    const everything = lines.join('\n');
    const secrets = [STRONG_PASSWORD, 'Wrong-password-1', signup.body.accessToken, ...browser.cookies.values()];
    for (const secret of secrets) assert.ok(!everything.includes(secret), `a secret (${secret.slice(0, 6)}...) was logged`);
  });
});

describe('cookies in production', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({
      NODE_ENV: 'production',
      JWT_SECRET: 'production-like-secret-production-like-secret',
      APP_DATABASE_URL: process.env.TEST_APP_DATABASE_URL!,
    });
  });
  after(() => app.close());

  it('marks every session cookie Secure', async () => {
    const response = await new Client(app.baseUrl).post('/api/auth/signup', {
      body: { clinicName: 'Prod Clinic', email: uniqueEmail(), password: STRONG_PASSWORD, firstName: 'Sami', lastName: 'Odeh' },
    });
    assert.equal(response.status, 201);
    const cookies = response.headers.getSetCookie();
    assert.equal(cookies.length, 3);
    for (const cookie of cookies) assert.match(cookie, /; Secure/);
  });
});
