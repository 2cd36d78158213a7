import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contractFor, OpenApiContract, registerContract } from './openapi-contract.js';

describe('the OpenAPI contract the tests hold responses to', () => {
  const problem = {
    type: 'object',
    properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' } },
    required: ['type', 'title', 'status'],
    additionalProperties: false,
  };
  const contract = new OpenApiContract({
    paths: {
      '/api/things/{id}': {
        get: {
          responses: {
            '200': {
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: { id: { type: 'string', format: 'uuid' }, kind: { type: 'string', enum: ['a', 'b'], nullable: true } },
                    required: ['id', 'kind'],
                    additionalProperties: false,
                  },
                },
              },
            },
            '401': { content: { 'application/problem+json': { schema: problem } } },
          },
        },
        delete: { responses: { '204': {} } },
      },
    },
  });
  const url = 'http://x/api/things/4a7c2a6e-1f3b-7c11-8a5f-0d2b3c4d5e6f';
  const check = (method: string, status: number, type: string, body: unknown, raw = JSON.stringify(body)) =>
    contract.check(method, url, status, type, body, raw);

  it('accepts what the document describes, nullable enums included', () => {
    assert.deepEqual(check('GET', 200, 'application/json; charset=utf-8', { id: '4a7c2a6e-1f3b-7c11-8a5f-0d2b3c4d5e6f', kind: null }), []);
    assert.deepEqual(check('DELETE', 204, '', '', ''), []);
  });

  it('refuses an undocumented status, content type, field or format, and a body on a 204', () => {
    assert.match(check('GET', 409, 'application/problem+json', { type: 'x', title: 'y', status: 409 })[0]!, /not documented/);
    assert.match(check('GET', 200, 'text/html', '<p>')[0]!, /content type text\/html/);
    assert.match(
      check('GET', 200, 'application/json', { id: '4a7c2a6e-1f3b-7c11-8a5f-0d2b3c4d5e6f', kind: 'a', extra: 1 }).join(),
      /additional/,
    );
    assert.match(check('GET', 200, 'application/json', { id: 'not-a-uuid', kind: 'a' }).join(), /format/);
    assert.match(check('DELETE', 204, 'application/json', {}, '{}')[0]!, /without a body/);
  });

  it('allows only generic problems where there is no operation', () => {
    assert.deepEqual(
      check('PUT', 405, 'application/problem+json', { type: 'method-not-allowed', title: 'Method Not Allowed', status: 405 }),
      [],
    );
    assert.match(check('PUT', 200, 'application/json', {})[0]!, /not a documented operation/);
  });

  it('fails closed: an app that registered no document has no contract to pass', () => {
    assert.throws(() => contractFor('http://127.0.0.1:1'), /No OpenAPI contract is registered/);
    registerContract('http://registered.test', contract);
    assert.equal(contractFor('http://registered.test'), contract);
  });
});
