import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PASSWORD, apiGet, uniqueEmail } from './clinic.js';

/**
 * What the production web server promises every browser, checked on the server itself (no browser needed):
 * its security headers, and that the address the API records is the one the server saw, never one a
 * client wrote into X-Forwarded-For.
 */
const WEB = process.env.WEB_URL!;

describe('the web server', () => {
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

  it('gives the API the address it saw, not the X-Forwarded-For a client sent', async () => {
    const email = uniqueEmail('forwarded');
    const signup = await fetch(`${WEB}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.77' },
      body: JSON.stringify({ clinicName: 'Forwarded Smiles', email, password: PASSWORD, firstName: 'Lina', lastName: 'Saleh' }),
    });
    assert.equal(signup.status, 201, await signup.clone().text());
    const { accessToken, user } = (await signup.json()) as { accessToken: string; user: { id: string } };
    const audit = await apiGet<{ items: { action: string; ipAddress: string | null }[] }>(
      { token: accessToken, id: user.id, email },
      '/audit-logs?action=CLINIC_CREATED',
    );
    assert.equal(audit.items.length, 1);
    const recorded = audit.items[0]!.ipAddress ?? '';
    assert.notEqual(recorded, '203.0.113.77');
    assert.match(recorded, /^(::ffff:)?127\.0\.0\.1$|^::1$/);
  });
});
