import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { request as httpRequest } from 'node:http';
import { apiGet, signupClinic, type Staff } from './clinic.js';

/**
 * What the production web server promises every browser, checked on the server itself (no browser needed):
 * its security headers, and that the address the API records is the one the server saw, never one a
 * client wrote into X-Forwarded-For.
 */
const WEB = process.env.WEB_URL!;

describe('the web server', () => {
  let owner: Staff;
  before(async () => {
    owner = await signupClinic('Forwarded Smiles');
  });

  it('sends a nonce CSP that forbids framing, and the other security headers, on every page', async () => {
    for (const path of ['/en/login', '/ar/signup']) {
      const response = await fetch(`${WEB}${path}`);
      assert.equal(response.status, 200, path);
      const csp = response.headers.get('content-security-policy') ?? '';
      assert.match(csp, /frame-ancestors 'none'/, path);
      assert.match(csp, /script-src 'self' 'nonce-[^']+' 'strict-dynamic'/, path);
      assert.match(csp, /object-src 'none'/, path);
      assert.doesNotMatch(csp, /unsafe-eval/, path);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(response.headers.get('referrer-policy'), 'strict-origin-when-cross-origin', path);
      assert.equal(response.headers.get('x-frame-options'), 'DENY', path);
      // Plain HTTP here: no HSTS (a browser would ignore it anyway).
      assert.equal(response.headers.get('strict-transport-security'), null, path);
    }
  });

  it('tells browsers to keep to HTTPS when the page came over HTTPS (behind a TLS proxy)', async () => {
    const response = await fetch(`${WEB}/en/login`, { headers: { 'x-forwarded-proto': 'https' } });
    assert.match(response.headers.get('strict-transport-security') ?? '', /max-age=31536000/);
  });

  it('keeps the proxy rules on /api: the API records the address the web server saw, not what a client claims', async () => {
    // From 127.0.0.2 (the whole of 127/8 is this machine): the web server sets X-Forwarded-For to that
    // address and proves itself with its secret, so the API believes it; the client's own header and
    // guessed secret are dropped.
    const created = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const sent = httpRequest(
        `${WEB}/api/patients`,
        {
          method: 'POST',
          localAddress: '127.0.0.2',
          headers: {
            authorization: `Bearer ${owner.token}`,
            'content-type': 'application/json',
            'x-forwarded-for': '203.0.113.9',
            'x-dental-proxy-secret': 'a-guess',
          },
        },
        (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        },
      );
      sent.on('error', reject);
      sent.end(JSON.stringify({ firstName: 'Via', lastName: 'Proxy' }));
    });
    assert.equal(created.status, 201, created.body);
    const { id } = JSON.parse(created.body) as { id: string };
    const audit = await apiGet<{ items: { ipAddress: string | null }[] }>(owner, `/audit-logs?action=PATIENT_CREATED&entityId=${id}`);
    assert.deepEqual(
      audit.items.map((entry) => entry.ipAddress),
      ['127.0.0.2'],
    );
  });
});
