import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { Client } from '../../test/http.js';

describe('GET /api/health', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app.close());

  it('reports the API and its database as up, without authentication', async () => {
    const response = await new Client(app.baseUrl).get('/api/health');
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { status: 'ok', database: 'ok' });
  });

  it('echoes a sane X-Request-Id and invents one otherwise', async () => {
    const client = new Client(app.baseUrl);
    const given = await client.get('/api/health', { headers: { 'x-request-id': 'trace-123' } });
    assert.equal(given.headers.get('x-request-id'), 'trace-123');
    const invented = await client.get('/api/health', { headers: { 'x-request-id': 'bad id\twith spaces' } });
    assert.match(invented.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });
});
