import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startTestApp, STRONG_PASSWORD, type TestApp, uniqueEmail } from '../../test/harness.js';
import { Client } from '../../test/http.js';
import { assertProblem, signupClinic } from '../../test/factories.js';
import { PasswordHasher } from './password-hasher.js';

const validSignup = () => ({
  clinicName: `Riyadh Smiles ${randomBytes(4).toString('hex')}`,
  email: uniqueEmail('owner'),
  password: STRONG_PASSWORD,
  firstName: 'Nora',
  lastName: 'Alqahtani',
});

describe('POST /api/auth/signup', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app.close());

  /** Rows this signup body could have written (other test files write concurrently). */
  const countRows = async (body: any) => {
    const name = typeof body?.clinicName === 'string' ? body.clinicName : '';
    const email = typeof body?.email === 'string' ? body.email : '';
    const { rows } = await app.admin.query(
      'select (select count(*) from clinics where name = $1) + (select count(*) from users where lower(email) = lower($2)) as n',
      [name, email],
    );
    return Number(rows[0].n);
  };

  it('creates the clinic and its Owner, returns a session and sets the cookies', async () => {
    const client = new Client(app.baseUrl);
    const body = {
      ...validSignup(),
      email: 'Mixed.Case@Example.TEST'.replace('Mixed', `M${Date.now()}`),
      timezone: 'Europe/Berlin',
      locale: 'ar',
    };
    const response = await client.post('/api/auth/signup', { body });
    assert.equal(response.status, 201);
    assert.equal(response.body.user.role, 'OWNER');
    assert.equal(response.body.user.email, body.email.toLowerCase());
    assert.equal(response.body.clinic.name, body.clinicName);
    assert.equal(response.body.clinic.timezone, 'Europe/Berlin');
    assert.equal(response.body.clinic.locale, 'ar');
    assert.equal(response.body.clinic.currency, 'SAR');
    assert.equal(response.body.clinic.ownerId, response.body.user.id);
    assert.equal(typeof response.body.accessToken, 'string');
    assert.equal(response.body.user.passwordHash, undefined);

    const setCookies = response.headers.getSetCookie().join('\n');
    assert.match(setCookies, /access_token=[^;]+;.*Path=\/api;.*HttpOnly;.*SameSite=Lax/);
    assert.match(setCookies, /refresh_token=[^;]+;.*Path=\/api\/auth;.*HttpOnly;.*SameSite=Lax/);
    assert.match(setCookies, /csrf_token=[^;]+; Path=\//);
    assert.doesNotMatch(
      setCookies.split('\n').find((c) => c.startsWith('csrf_token'))!,
      /HttpOnly/,
    );
    assert.doesNotMatch(setCookies, /Secure/, 'cookies are Secure only in production');

    const { rows } = await app.admin.query('select password_hash from users where id = $1', [response.body.user.id]);
    assert.match(rows[0].password_hash, /^\$argon2id\$/);
    const me = await client.get('/api/users/me', { token: response.body.accessToken });
    assert.equal(me.status, 200);
    assert.equal(me.body.id, response.body.user.id);
  });

  it('defaults the time zone to Asia/Riyadh and the language to English', async () => {
    const response = await new Client(app.baseUrl).post('/api/auth/signup', { body: validSignup() });
    assert.equal(response.status, 201);
    assert.equal(response.body.clinic.timezone, 'Asia/Riyadh');
    assert.equal(response.body.clinic.locale, 'en');
  });

  const badBodies: [string, unknown, string[]][] = [
    ['missing fields', { email: uniqueEmail() }, ['clinicName', 'firstName', 'lastName', 'password']],
    ['an unknown field (mass assignment)', { ...validSignup(), role: 'ADMIN', clinicId: 'x' }, ['clinicId', 'role']],
    ['wrong types', { ...validSignup(), clinicName: 42, firstName: ['a'] }, ['clinicName', 'firstName']],
    ['a bad email', { ...validSignup(), email: 'not-an-email' }, ['email']],
    ['a short password', { ...validSignup(), password: 'Ab1' }, ['password']],
    ['a letters-only password', { ...validSignup(), password: 'onlylettershere' }, ['password']],
    ['a common password', { ...validSignup(), password: 'Password123' }, ['password']],
    ['a bad time zone', { ...validSignup(), timezone: 'Mars/Olympus_Mons' }, ['timezone']],
    ['an abbreviation for a time zone', { ...validSignup(), timezone: 'EST' }, ['timezone']],
    ['an unsupported locale', { ...validSignup(), locale: 'fr' }, ['locale']],
    ['blank names', { ...validSignup(), firstName: '   ', clinicName: ' ' }, ['clinicName', 'firstName']],
  ];
  for (const [label, body, paths] of badBodies) {
    it(`rejects ${label} with 400 and writes nothing`, async () => {
      const before = await countRows(body);
      const response = await new Client(app.baseUrl).post('/api/auth/signup', { body });
      assertProblem(response, 400, paths);
      assert.equal(await countRows(body), before);
    });
  }

  it('rejects malformed JSON, a JSON array and a non-JSON body with 400', async () => {
    const client = new Client(app.baseUrl);
    const malformed = await client.post('/api/auth/signup', { rawBody: '{"clinicName": "x",' });
    assertProblem(malformed, 400);
    assert.equal(malformed.body.type, 'malformed-json');
    assertProblem(await client.post('/api/auth/signup', { rawBody: '[1,2]' }), 400);
    assertProblem(await client.post('/api/auth/signup', { rawBody: 'clinicName=x', headers: { 'content-type': 'text/plain' } }), 400);
    assert.equal((await app.admin.query("select 1 from clinics where name = 'x'")).rowCount, 0);
  });

  it('refuses an email that is already registered, whatever its case, with 409 and writes nothing', async () => {
    const body = validSignup();
    assert.equal((await new Client(app.baseUrl).post('/api/auth/signup', { body })).status, 201);
    const retry = { ...body, email: body.email.toUpperCase(), clinicName: `${body.clinicName} again` };
    const again = await new Client(app.baseUrl).post('/api/auth/signup', { body: retry });
    assertProblem(again, 409);
    assert.equal(again.body.type, 'email-taken');
    assert.equal(await countRows(retry), 1, "only the first signup's user; no second clinic");
  });
});

describe('POST /api/auth/login', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app.close());

  it('logs in with any case of the email and sets the session cookies', async () => {
    const { owner } = await signupClinic(app.baseUrl);
    const client = new Client(app.baseUrl);
    const response = await client.post('/api/auth/login', { body: { email: owner.user.email.toUpperCase(), password: STRONG_PASSWORD } });
    assert.equal(response.status, 200);
    assert.equal(response.body.user.id, owner.user.id);
    assert.ok(client.cookies.has('access_token') && client.cookies.has('refresh_token') && client.cookies.has('csrf_token'));
    const me = await client.get('/api/users/me');
    assert.equal(me.status, 200, 'the access cookie alone authenticates a GET');
  });

  it('answers a wrong password and an unknown email identically with 401, and audits the failure', async () => {
    const { owner } = await signupClinic(app.baseUrl);
    const client = new Client(app.baseUrl);
    const wrong = await client.post('/api/auth/login', { body: { email: owner.user.email, password: 'Wrong-password-1' } });
    const unknown = await client.post('/api/auth/login', { body: { email: uniqueEmail('nobody'), password: 'Wrong-password-1' } });
    assertProblem(wrong, 401);
    assertProblem(unknown, 401);
    assert.deepEqual(wrong.body, unknown.body);
    assert.equal(client.cookies.size, 0);
    // The failure is audited just after the response (so it costs the caller no time): poll briefly.
    let rows: { ip_address: string }[] = [];
    for (let i = 0; i < 50 && rows.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      ({ rows } = await app.admin.query("select ip_address from audit_logs where clinic_id = $1 and action = 'LOGIN_FAILED'", [
        owner.user.clinicId,
      ]));
    }
    assert.equal(rows.length, 1);
    assert.ok(rows[0]?.ip_address);
  });

  it('refuses a disabled user with the same 401', async () => {
    const { owner } = await signupClinic(app.baseUrl);
    await app.admin.query("update users set status = 'disabled' where id = $1", [owner.user.id]);
    const response = await new Client(app.baseUrl).post('/api/auth/login', {
      body: { email: owner.user.email, password: STRONG_PASSWORD },
    });
    assertProblem(response, 401);
    assert.equal(response.body.type, 'invalid-credentials');
  });

  it('rejects bad input with 400', async () => {
    const client = new Client(app.baseUrl);
    assertProblem(await client.post('/api/auth/login', { body: { email: 'x' } }), 400, ['email', 'password']);
    assertProblem(await client.post('/api/auth/login', { body: { email: uniqueEmail(), password: 'x', remember: true } }), 400, [
      'remember',
    ]);
    assertProblem(await client.post('/api/auth/login', { body: { email: uniqueEmail(), password: 'x'.repeat(2000) } }), 400, ['password']);
    assertProblem(await client.post('/api/auth/login', { rawBody: '{' }), 400);
  });
});

describe('POST /api/auth/accept-invite and the cost of a password hash', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app.close());

  /** Counts the argon2 hashes the API computes while `work` runs (the hasher is the app's one instance). */
  async function hashesDuring(work: () => Promise<void>): Promise<number> {
    const hasher = app.get(PasswordHasher);
    const original = hasher.hash.bind(hasher);
    let calls = 0;
    hasher.hash = (password: string) => {
      calls++;
      return original(password);
    };
    try {
      await work();
    } finally {
      hasher.hash = original;
    }
    return calls;
  }

  it('looks the token up before hashing the password: an unknown or used token costs no hash', async () => {
    const { owner } = await signupClinic(app.baseUrl);
    const invite = await owner.client.post('/api/auth/invite', {
      token: owner.token,
      body: { email: uniqueEmail('dentist'), role: 'DENTIST' },
    });
    assert.equal(invite.status, 201, JSON.stringify(invite.body));
    const accept = (token: string) =>
      new Client(app.baseUrl).post('/api/auth/accept-invite', {
        body: { token, password: STRONG_PASSWORD, firstName: 'Hala', lastName: 'Saeed' },
      });
    const unknown = await hashesDuring(async () => {
      for (let i = 0; i < 3; i++) assertProblem(await accept(randomBytes(32).toString('base64url')), 400);
    });
    assert.equal(unknown, 0, 'a made-up token was answered after an argon2 hash');
    // The count sees the hash a real acceptance needs...
    assert.equal(await hashesDuring(async () => assert.equal((await accept(invite.body.inviteToken)).status, 201)), 1);
    // ...and a token already used is refused before it.
    const used = await hashesDuring(async () => assert.ok((await accept(invite.body.inviteToken)).status >= 400));
    assert.equal(used, 0, 'a used token was answered after an argon2 hash');
  });
});

describe('rate limits on login and signup', () => {
  let app: TestApp;
  before(
    async () =>
      (app = await startTestApp({ RATE_LIMIT_LOGIN_PER_EMAIL: '3', RATE_LIMIT_LOGIN_PER_IP: '12', RATE_LIMIT_SIGNUP_PER_IP: '3' })),
  );
  after(() => app.close());

  it('blocks an email after repeated failures, even with the right password, with 429 and Retry-After', async () => {
    const { owner } = await signupClinic(app.baseUrl);
    const client = new Client(app.baseUrl);
    for (let i = 0; i < 3; i++) {
      assertProblem(await client.post('/api/auth/login', { body: { email: owner.user.email, password: 'Wrong-password-1' } }), 401);
    }
    const blocked = await client.post('/api/auth/login', { body: { email: owner.user.email, password: STRONG_PASSWORD } });
    assertProblem(blocked, 429);
    assert.ok(Number(blocked.headers.get('retry-after')) > 0);
  });

  it('limits login attempts per IP across emails', async () => {
    const client = new Client(app.baseUrl);
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) {
      statuses.push((await client.post('/api/auth/login', { body: { email: uniqueEmail(), password: 'Wrong-password-1' } })).status);
    }
    assert.ok(statuses.includes(429), `statuses: ${statuses.join(',')}`);
    assert.equal(statuses.at(-1), 429);
  });

  it('counts across API processes (the counters live in PostgreSQL) and stores no email address', async () => {
    const namespace = `shared-${randomBytes(4).toString('hex')}`;
    const [first, second] = await Promise.all([
      startTestApp({ RATE_LIMIT_LOGIN_PER_EMAIL: '3', RATE_LIMIT_NAMESPACE: namespace }),
      startTestApp({ RATE_LIMIT_LOGIN_PER_EMAIL: '3', RATE_LIMIT_NAMESPACE: namespace }),
    ]);
    try {
      const email = uniqueEmail('shared');
      const attempt = (target: TestApp) =>
        new Client(target.baseUrl).post('/api/auth/login', { body: { email, password: 'Wrong-password-1' } });
      assertProblem(await attempt(first), 401);
      assertProblem(await attempt(second), 401);
      assertProblem(await attempt(first), 401);
      assertProblem(await attempt(second), 429);
      const { rows } = await first.admin.query('select key from rate_limits where key like $1', [`${namespace}%`]);
      assert.ok(rows.length > 0 && rows.every((r) => !r.key.includes(email) && !r.key.includes('@')));
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('limits invite acceptance per IP like logins: made-up tokens get 400 and then 429, and create nobody', async () => {
    const client = new Client(app.baseUrl);
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) {
      const token = randomBytes(32).toString('base64url');
      statuses.push(
        (await client.post('/api/auth/accept-invite', { body: { token, password: STRONG_PASSWORD, firstName: 'Guess', lastName: 'Work' } }))
          .status,
      );
    }
    assert.deepEqual(statuses.slice(0, 12), Array(12).fill(400));
    assert.deepEqual(statuses.slice(12), [429, 429]);
    const { rows } = await app.admin.query("select count(*)::int as n from users where first_name = 'Guess'");
    assert.equal(rows[0].n, 0);
  });

  it('limits signups per IP', async () => {
    // signupClinic in the first test used one of the three.
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await new Client(app.baseUrl).post('/api/auth/signup', { body: validSignup() })).status);
    }
    assert.deepEqual(statuses, [201, 201, 429]);
  });
});
