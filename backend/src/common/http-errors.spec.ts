import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { Client } from '../../test/http.js';
import { assertProblem, signupClinic } from '../../test/factories.js';
import { assertConforms } from '../../test/files.js';

describe('HTTP error handling', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app.close());

  it('answers an unknown route with a 404 problem', async () => {
    assertProblem(await new Client(app.baseUrl).get('/api/nothing-here'), 404);
  });

  it('answers a body over 1 MB with 413', async () => {
    const response = await new Client(app.baseUrl).post('/api/auth/login', { rawBody: JSON.stringify({ email: 'a'.repeat(1_200_000) }) });
    assertProblem(response, 413);
  });

  it('answers a bad percent-encoding in the path with 400', async () => {
    const { owner } = await signupClinic(app.baseUrl);
    assertProblem(await owner.client.get('/api/users/%E0%A4%A', { token: owner.token }), 400);
  });

  it('answers an unknown route outside /api with a 404 problem too', async () => {
    assertProblem(await new Client(app.baseUrl).get('/nothing-here'), 404);
  });

  it('reads JSON bodies as before the move to Fastify: gzip inflated, another charset 415, other types unread', async () => {
    const login = (headers: Record<string, string>, body: string | Uint8Array<ArrayBuffer>) =>
      fetch(`${app.baseUrl}/api/auth/login`, { method: 'POST', headers, body }).then(async (r) => {
        const contentType = r.headers.get('content-type') ?? '';
        const raw = await r.text();
        const parsed = JSON.parse(raw) as { type?: string };
        // Raw fetch (the test client would re-encode the body): held to the document all the same.
        assertConforms(app.baseUrl, 'POST', '/api/auth/login', r.status, contentType, parsed, raw);
        return { status: r.status, contentType, body: parsed };
      });
    const credentials = JSON.stringify({ email: 'nobody@example.test', password: 'Wrong-password-1' });
    assertProblem(await login({ 'content-type': 'application/json', 'content-encoding': 'gzip' }, gzipSync(credentials)), 401);
    assertProblem(await login({ 'content-type': 'application/json; charset=latin1' }, credentials), 415);
    assertProblem(await login({ 'content-type': 'application/json', 'content-encoding': 'compress' }, credentials), 415);
    assertProblem(await login({ 'content-type': 'text/plain' }, credentials), 400, ['']);
    const malformed = await login({ 'content-type': 'application/json' }, 'null');
    assertProblem(malformed, 400);
    assert.equal(malformed.body.type, 'malformed-json');
  });

  it('routes a trailing slash and any letter case as before, and echoes a sane X-Request-Id', async () => {
    const { owner } = await signupClinic(app.baseUrl);
    for (const path of ['/api/users/me/', '/api/Users/Me'])
      assert.equal((await owner.client.get(path, { token: owner.token })).status, 200, path);
    const echoed = await owner.client.get('/api/users/me', { token: owner.token, headers: { 'x-request-id': 'abc-123' } });
    assert.equal(echoed.headers.get('x-request-id'), 'abc-123');
    const replaced = await owner.client.get('/api/users/me', { token: owner.token, headers: { 'x-request-id': 'not sane!' } });
    assert.match(replaced.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });

  it('answers an unknown method on a known path with 405 and Allow, and an unknown path with 404', async () => {
    const { owner } = await signupClinic(app.baseUrl);
    const put = await owner.client.request('PUT', '/api/patients', { token: owner.token, body: {} });
    assertProblem(put, 405);
    assert.equal(put.headers.get('allow'), 'GET, HEAD, POST');
    const deleteMe = await owner.client.request('DELETE', '/api/users/me', { token: owner.token });
    assertProblem(deleteMe, 405);
    assert.match(deleteMe.headers.get('allow') ?? '', /GET/);
    assertProblem(await owner.client.request('DELETE', '/api/no-such-thing', { token: owner.token }), 404);
  });

  it('keeps serving after a burst of hostile input', async () => {
    const client = new Client(app.baseUrl);
    const hostile = ['{"a":1', 'null', '"string"', '{"__proto__":{"admin":true}}', '\u0000', '{"email":{"$gt":""}}'];
    for (const rawBody of hostile) {
      const response = await client.post('/api/auth/login', { rawBody });
      assert.ok(response.status >= 400 && response.status < 500, `${rawBody} -> ${response.status}`);
      assert.match(response.contentType, /problem\+json/);
    }
    assert.equal((await client.get('/api/health')).status, 200);
  });
});

/**
 * A request that waits on a lock past the database's lock_timeout, or past its statement_timeout, is not a
 * fault of the API: 503 database-busy with Retry-After (it rolled back whole, so the client may retry).
 */
describe('a busy database', () => {
  const patient = { firstName: 'Lina', lastName: 'Nasser', phone: '050 123 4567' };

  /** Holds the clinic's row FOR UPDATE from the owner connection: every insert that references it waits. */
  async function whileClinicLocked(app: TestApp, clinicId: string, work: () => Promise<void>): Promise<void> {
    const holder = await app.admin.connect();
    try {
      await holder.query('begin');
      await holder.query('select 1 from clinics where id = $1 for update', [clinicId]);
      await work();
    } finally {
      await holder.query('rollback');
      holder.release();
    }
  }

  async function assertBusyAndNothingWritten(app: TestApp, timeout: Record<string, string>): Promise<void> {
    const { owner, clinic } = await signupClinic(app.baseUrl);
    const written = async () =>
      (
        await app.admin.query(
          'select (select count(*) from patients where clinic_id = $1) + (select count(*) from audit_logs where clinic_id = $1) as n',
          [clinic.id],
        )
      ).rows[0].n;
    const before = await written();
    await whileClinicLocked(app, clinic.id, async () => {
      const response = await owner.client.post('/api/patients', { token: owner.token, body: patient });
      assertProblem(response, 503);
      assert.equal(response.body.type, 'database-busy', JSON.stringify(timeout));
      assert.equal(response.headers.get('retry-after'), '1');
    });
    assert.equal(await written(), before);
    // Once the lock is gone the same request goes through.
    assert.equal((await owner.client.post('/api/patients', { token: owner.token, body: patient })).status, 201);
  }

  it('answers 503 with Retry-After, and writes nothing, when a lock is held past lock_timeout (55P03)', async () => {
    const settings = { DB_LOCK_TIMEOUT_MS: '300' };
    const app = await startTestApp(settings);
    try {
      await assertBusyAndNothingWritten(app, settings);
    } finally {
      await app.close();
    }
  });

  it('answers 503 with Retry-After, and writes nothing, when a statement runs past statement_timeout (57014)', async () => {
    // The lock wait counts towards statement_timeout: with the lock timeout far longer, the statement timeout fires.
    const settings = { DB_LOCK_TIMEOUT_MS: '600000', DB_STATEMENT_TIMEOUT_MS: '1000' };
    const app = await startTestApp(settings);
    try {
      await assertBusyAndNothingWritten(app, settings);
    } finally {
      await app.close();
    }
  });
});

describe('OpenAPI document', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app.close());

  it('documents every endpoint with its request and response shapes', async () => {
    const response = await new Client(app.baseUrl).get('/api/docs-json');
    assert.equal(response.status, 200);
    const paths = response.body.paths;
    const expected: [string, string, boolean][] = [
      ['/api/auth/signup', 'post', true],
      ['/api/auth/login', 'post', true],
      ['/api/auth/refresh', 'post', false],
      ['/api/auth/logout', 'post', false],
      ['/api/auth/invite', 'post', true],
      ['/api/auth/accept-invite', 'post', true],
      ['/api/clinics/me', 'get', false],
      ['/api/clinics/me', 'patch', true],
      ['/api/users/me', 'get', false],
      ['/api/users', 'get', false],
      ['/api/users/{id}', 'patch', true],
      ['/api/health', 'get', false],
      ['/api/patients', 'get', false],
      ['/api/patients', 'post', true],
      ['/api/patients/{id}', 'get', false],
      ['/api/patients/{id}', 'patch', true],
      ['/api/patients/{id}', 'delete', false],
      ['/api/services', 'get', false],
      ['/api/services', 'post', true],
      ['/api/services/{id}', 'patch', true],
      ['/api/services/{id}', 'delete', false],
      ['/api/staff/{userId}/schedule', 'get', false],
      ['/api/staff/{userId}/schedule', 'put', true],
      ['/api/appointments', 'get', false],
      ['/api/appointments', 'post', true],
      ['/api/appointments/{id}', 'get', false],
      ['/api/appointments/{id}', 'patch', true],
      ['/api/appointments/{id}/cancel', 'post', true],
      ['/api/appointments/{id}/status', 'post', true],
      ['/api/availability', 'get', false],
      ['/api/audit-logs', 'get', false],
    ];
    for (const [path, method, hasBody] of expected) {
      const operation = paths[path]?.[method];
      assert.ok(operation, `${method} ${path} is documented`);
      const success = Object.entries(operation.responses).find(([status]) => status.startsWith('2'));
      assert.ok(success, `${method} ${path} documents a success response`);
      if (hasBody) {
        const schema = operation.requestBody?.content?.['application/json']?.schema;
        assert.ok(schema?.properties, `${method} ${path} documents its body`);
        assert.equal(schema.additionalProperties, false);
      }
    }
    const signupBody = paths['/api/auth/signup'].post.requestBody.content['application/json'].schema;
    assert.deepEqual([...signupBody.required].sort(), ['clinicName', 'email', 'firstName', 'lastName', 'password']);
    const me = paths['/api/users/me'].get.responses['200'].content['application/json'].schema;
    assert.ok(me.properties.role.enum.includes('OWNER'));
    const calendarQuery = paths['/api/appointments'].get.parameters.map((p: { name: string }) => p.name).sort();
    assert.deepEqual(calendarQuery, ['cursor', 'dentistId', 'from', 'limit', 'patientId', 'room', 'status', 'to']);
    assert.ok(paths['/api/appointments'].post.responses['409'], 'double booking is documented');
  });

  it('matches the copy the web app generates its types from (run `npm run openapi` after changing the API)', async () => {
    const live = (await new Client(app.baseUrl).get('/api/docs-json')).body;
    const copy = JSON.parse(await readFile(new URL('../../../../frontend/src/api/openapi.json', import.meta.url), 'utf8'));
    assert.deepEqual(copy, live);
  });

  it('serves the interactive documentation page', async () => {
    const response = await new Client(app.baseUrl).get('/api/docs');
    assert.equal(response.status, 200);
    assert.match(String(response.body), /swagger/i);
  });
});
