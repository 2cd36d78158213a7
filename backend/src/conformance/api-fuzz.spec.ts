import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { startTestApp, STRONG_PASSWORD, type TestApp, uniqueEmail } from '../../test/harness.js';
import {
  addStaff,
  bookableClinic,
  type BookableClinic,
  idempotencyKey,
  signupClinic,
  type SignedUpClinic,
  TAX_PROFILE,
} from '../../test/factories.js';
import { Client } from '../../test/http.js';
import { startPrivateTestDatabase, type TestDatabase } from '../../test/test-database.js';
import { sampleFiles, uploadFile } from '../../test/files.js';
import type { JsonSchema, KnownIds, Mode } from '../../test/schema-arbitraries.js';
import { hostileValue, valueFor } from '../../test/schema-arbitraries.js';

/**
 * Property-based conformance: for every write and list operation of the OpenAPI document, requests are
 * generated from the document itself (bodies, queries, path ids), well-formed and hostile alike. Each
 * response must conform to the document (the test client checks every one), never be a 5xx, and a 4xx
 * must leave the clinic's data exactly as it was. FUZZ_RUNS and FUZZ_SEED tune and reproduce a run.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: JsonSchema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema } | undefined> };
  security?: unknown[];
}

/** Auth's writes are fuzzed below, on a database of their own (AUTH_WRITES); health writes nothing. */
const SKIPPED = new Set([
  '/api/auth/signup',
  '/api/auth/login',
  '/api/auth/refresh',
  '/api/auth/logout',
  '/api/auth/accept-invite',
  '/api/health',
]);

/**
 * Operations whose body is not JSON, skipped here by name and each with its reason; a new one not listed
 * fails the test rather than going unfuzzed.
 *   POST /api/files: a multipart/form-data upload of bytes, not a JSON document: its text fields are the
 *   files tests' (every bad field, a file before the fields, no file, an unknown part, every type, too
 *   large: 400/413/415 and nothing stored). Of the files' other operations, those with a body or query
 *   parameters are fuzzed here (list, content, delete) with the four real file ids; the metadata and
 *   thumbnail reads take neither, so the GET filter below leaves them to the files tests.
 */
const NOT_JSON = new Map([['POST /api/files', 'multipart/form-data upload, covered by the files API tests']]);

/**
 * Operations that may never answer 2xx under generated input, each with its reason. Any other operation
 * that never does fails the test: its generators only made noise, and its rules went unreached.
 */
const ONE_ID = 'its path takes one particular record among the ~20 known ids (plus random uuids)';
const MANY_RULES = 'a valid body combines many fields, each with a rule beyond the document (below): at 25 runs, one rarely passes all';
const MAY_NEVER_SUCCEED = new Map<string, string>([
  ['POST /api/auth/invite-details', "needs a live invite link's token: no generated token matches one"],
  ['PATCH /api/patients/{id}', MANY_RULES],
  ['POST /api/patients/{id}/merge', 'needs two distinct live patients, the duplicate without clashing appointments'],
  ['PATCH /api/services/{id}', `${ONE_ID} (the service), and the currency a real one`],
  ['PUT /api/staff/{userId}/schedule', 'needs a consistent week: every item ends after it starts, nothing overlaps (rules across items)'],
  [
    'POST /api/appointments',
    "needs the patient, dentist and service ids in the right fields, and a future start on the slot grid within the dentist's hours",
  ],
  ['PATCH /api/appointments/{id}', `${ONE_ID} (the appointment), and its current version`],
  ['POST /api/appointments/{id}/cancel', `${ONE_ID} (the appointment), and its current version`],
  ['POST /api/appointments/{id}/status', `${ONE_ID} (the appointment), its current version, and a transition allowed from its status`],
  ['GET /api/availability', 'needs the service id, and "to" after "from" at most 35 days later (random instants rarely are)'],
  ['GET /api/availability/working-hours', '"to" after "from" at most 35 days later (random instants rarely are)'],
  ['POST /api/invoices', "needs the patient id, and each item a real service or a description, with prices in the currency's decimals"],
  ['PATCH /api/invoices/{id}', `${ONE_ID} (the draft: issued invoices are immutable), and ${MANY_RULES}`],
  ['POST /api/invoices/{id}/send', `${ONE_ID} (the issued invoice), whose patient has no email unless "to" is given`],
  ['POST /api/invoices/{id}/payments', `${ONE_ID} (the issued invoice), and an amount within its balance in the currency's decimals`],
  ['POST /api/invoices/{id}/credit-notes', `${ONE_ID} (the issued invoice), and items naming its own lines within what is left`],
  ['POST /api/payments/{id}/refund', `${ONE_ID} (the payment of 1.00), and an amount of at most what is left of it`],
  ['GET /api/files', 'needs entityType and entityId together naming a real record'],
  ['DELETE /api/services/{id}', ONE_ID],
  ['DELETE /api/invoices/{id}', `${ONE_ID} (only a draft can be deleted)`],
]);

/**
 * Rules the document cannot express, each named: a request valid per the document (mode 'valid') may be
 * refused with 400 validation-error only on these (operation or '*', field path with indexes as '*',
 * code). Any other validation-error on a valid request fails the test: the server is stricter than its
 * document says (issue 15, item 4), and the document or the server is wrong.
 */
const NAME = 'a display name needs a letter or digit and no control or bidi-override character (described: \\p{L} is no portable pattern)';
const RUNTIME_LIST = "membership in the runtime's ICU list (described; an enum would change with Node's ICU and stale the document)";
const FROM_TO = '"to" after "from", and the span at most the documented days (two fields)';
const SCHEDULE = 'a schedule is consistent: end after start, no overlaps, times with extra hours, start and end together (across items)';
const BEYOND_THE_DOCUMENT: [operation: string, field: string, code: string, reason: string][] = [
  ['*', '*', 'needs_letter_or_digit', NAME],
  ['*', '*', 'unsafe_characters', NAME],
  ['*', 'timezone', 'invalid_time_zone', RUNTIME_LIST],
  ['*', 'currency', 'invalid_currency', RUNTIME_LIST],
  ['*', 'country', 'invalid_country', RUNTIME_LIST],
  ['*', 'nationality', 'invalid_country', RUNTIME_LIST],
  ['*', 'phone', 'invalid_phone', "a real number (libphonenumber), national numbers read in the clinic's country (the clinic's setting)"],
  ['*', 'dateOfBirth', 'invalid_date_of_birth', 'in the past (depends on today)'],
  ['*', 'nationalId', 'invalid', "a Saudi national ID or Iqama's digits when the nationality is SA (two fields)"],
  ['PATCH /api/clinics/me', 'vatNumber', 'invalid', "a Saudi VAT number's 15 digits when the clinic is in SA (the clinic's country)"],
  ['*', 'price', 'too_many_decimals', "at most the currency's decimals (the currency field or the clinic's)"],
  ['*', 'password', 'password_needs_mix', 'described: letters and digits or symbols'],
  ['*', 'password', 'password_repetitive', 'described: at least 5 different characters'],
  ['*', 'password', 'password_too_common', 'described: not a common password'],
  ['GET /api/appointments', 'to', 'end_before_start', FROM_TO],
  ['GET /api/appointments', 'to', 'range_too_long', FROM_TO],
  ['GET /api/availability', 'to', 'end_before_start', FROM_TO],
  ['GET /api/availability', 'to', 'range_too_long', FROM_TO],
  ['GET /api/availability/working-hours', 'to', 'end_before_start', FROM_TO],
  ['GET /api/availability/working-hours', 'to', 'range_too_long', FROM_TO],
  ['GET /api/reports/appointments', 'to', 'invalid', FROM_TO],
  ['GET /api/reports/utilization', 'to', 'invalid', FROM_TO],
  ['GET /api/reports/revenue', 'to', 'invalid', FROM_TO],
  ['GET /api/reports/receivables', 'to', 'invalid', FROM_TO],
  ['GET /api/patients/{id}/statement', 'to', 'invalid', FROM_TO],
  ['GET /api/billing/summary', 'to', 'invalid', FROM_TO],
  ['GET /api/files', 'entityId', 'invalid', 'entityType and entityId come together (two fields)'],
  ['GET /api/files', 'entityType', 'invalid', 'entityType and entityId come together (two fields)'],
  ['POST /api/invoices/{id}/credit-notes', 'items.*', 'invalid', "an item's quantity or amount, not both (two fields)"],
  ['PATCH /api/clinics/me', 'contact.phone', 'too_short', 'trimmed before its length is checked (white space around is not counted)'],
  ['PUT /api/staff/{userId}/schedule', 'weekly.*', 'end_before_start', SCHEDULE],
  ['PUT /api/staff/{userId}/schedule', 'weekly.*', 'overlaps', SCHEDULE],
  ['PUT /api/staff/{userId}/schedule', 'breaks.*', 'end_before_start', SCHEDULE],
  ['PUT /api/staff/{userId}/schedule', 'breaks.*', 'overlaps', SCHEDULE],
  ['PUT /api/staff/{userId}/schedule', 'exceptions.*', 'end_before_start', SCHEDULE],
  ['PUT /api/staff/{userId}/schedule', 'exceptions.*', 'overlaps', SCHEDULE],
  ['PUT /api/staff/{userId}/schedule', 'exceptions.*', 'extra_hours_need_times', SCHEDULE],
  ['PUT /api/staff/{userId}/schedule', 'exceptions.*', 'start_and_end_together', SCHEDULE],
];

/** What valid requests met: rules of BEYOND_THE_DOCUMENT (counted), and refusals no rule there explains. */
interface Refusals {
  met: Map<string, number>;
  unexplained: Map<string, string>;
}

/**
 * In 'valid' mode a 400 validation-error must name only rules of BEYOND_THE_DOCUMENT. Refusals are
 * collected, not thrown at once, so that one run lists them all; the test asserts none is unexplained.
 */
function noteValidationRefusals(
  operation: string,
  request: { url: string; body: unknown; mode: Mode },
  response: { status: number; body: any },
  { met, unexplained }: Refusals,
): void {
  if (request.mode !== 'valid' || response.status !== 400 || response.body?.type !== 'validation-error') return;
  for (const error of response.body.errors as { path: string; code: string; message: string }[]) {
    const path = error.path.replace(/\.\d+(?=\.|$)/g, '.*');
    const rule = BEYOND_THE_DOCUMENT.find(
      ([op, field, code]) => (op === '*' || op === operation) && (field === '*' || field === path) && code === error.code,
    );
    if (!rule) {
      unexplained.set(
        `${operation} ${path} ${error.code}`,
        `${request.url} ${JSON.stringify(request.body)?.slice(0, 200)}: ${error.message}`,
      );
      continue;
    }
    const key = rule.slice(0, 3).join(' ');
    met.set(key, (met.get(key) ?? 0) + 1);
  }
}

/** Ids the generators pick from: the clinic's known records, and (for files' own paths) its files. */
interface IdPool {
  known: KnownIds;
  fileIds: string[];
}

/** A generated request for an operation of the document, well-formed ('valid') or not ('noisy'), tagged with its mode. */
const requestFor = (path: string, operation: Operation, pool: IdPool) =>
  fc.oneof(requestOfMode(path, operation, 'valid', pool), requestOfMode(path, operation, 'noisy', pool));

const requestOfMode = (path: string, operation: Operation, mode: Mode, { known, fileIds }: IdPool) => {
  const parameters = operation.parameters ?? [];
  const pathIds = fc.record(
    Object.fromEntries(
      parameters
        .filter((p) => p.in === 'path')
        .map((p) => [
          p.name,
          fc.oneof(
            { weight: 5, arbitrary: fc.constantFrom(...known.ids, ...(path.startsWith('/api/files/') ? fileIds : [])) },
            fc.uuid(),
            // Not ids at all: only when noisy (the document says uuid).
            ...(mode === 'valid' ? [] : [fc.constantFrom('not-an-id', '%00', '..')]),
          ),
        ]),
    ),
  );
  const query = fc.record(
    Object.fromEntries(parameters.filter((p) => p.in === 'query').map((p) => [p.name, valueFor(p.schema, known, mode)])),
    { requiredKeys: parameters.filter((p) => p.in === 'query' && p.required).map((p) => p.name) },
  );
  // Documented headers with a schema (Idempotency-Key): well-formed values, sometimes a short or absent
  // one when noisy (a header cannot carry NUL or non-ASCII, so no hostile values here).
  const headerParameters = parameters.filter((p) => p.in === 'header' && p.schema?.type === 'string');
  const headers = fc.record(
    Object.fromEntries(
      headerParameters.map((p) => {
        const wellFormed = valueFor(p.schema, known, 'valid').filter((v): v is string => typeof v === 'string' && /^[\x21-\x7e]*$/.test(v));
        return [
          p.name.toLowerCase(),
          mode === 'valid' ? wellFormed : fc.oneof({ weight: 4, arbitrary: wellFormed }, fc.constantFrom('x', '')),
        ];
      }),
    ),
    { requiredKeys: mode === 'valid' ? headerParameters.filter((p) => p.required).map((p) => p.name.toLowerCase()) : [] },
  );
  const schema = operation.requestBody?.content['application/json']?.schema;
  const body = !schema
    ? fc.constant(undefined)
    : mode === 'valid'
      ? valueFor(schema, known, 'valid')
      : fc.oneof({ weight: 6, arbitrary: valueFor(schema, known, 'noisy') }, hostileValue());
  return fc.record({ pathIds, query, body, headers }).map(({ pathIds: ids, query: q, body: b, headers: h }) => {
    let url = path;
    for (const [name, id] of Object.entries(ids)) url = url.replace(`{${name}}`, encodeURIComponent(String(id)));
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(q)) {
      if (value !== undefined) search.set(name, typeof value === 'string' ? value : JSON.stringify(value));
    }
    const qs = search.toString();
    return { url: qs ? `${url}?${qs}` : url, body: b, headers: h, mode };
  });
};

describe('the API under generated input', () => {
  let app: TestApp;
  let c: BookableClinic;
  let known: KnownIds;
  let operations: [string, string, Operation][];
  /** Files' own paths also get these ids (the other operations' id pool stays as it was). */
  let fileIds: string[];
  /** The lines of the draft and the issued invoice: credit notes' items reach the rules only with these. */
  let invoiceItemIds: string[];

  before(async () => {
    app = await startTestApp();
    c = await bookableClinic(app.baseUrl, { patients: 2 });
    const accountant = await addStaff(app.baseUrl, c.owner, 'ACCOUNTANT');
    // The booked patient can be reached: the booking schedules reminders, and one of them (marked
    // failed, so a retry can succeed once) joins the ids the generators pick from.
    const reachable = await c.owner.client.patch(`/api/patients/${c.patientIds[0]}`, {
      token: c.owner.token,
      body: { email: 'reachable@example.test', phone: '+966500000001' },
    });
    assert.equal(reachable.status, 200, JSON.stringify(reachable.body));
    const booked = await c.owner.client.post('/api/appointments', {
      token: c.owner.token,
      body: { patientId: c.patientIds[0], dentistId: c.dentist.user.id, serviceId: c.serviceId, startAt: '2027-05-03T09:00:00+03:00' },
    });
    assert.equal(booked.status, 201);
    // Billing: a tax profile, a draft, and an issued invoice with a payment and a credit note, so invoice,
    // payment and credit-note ids reach the rules too.
    const owner = { token: c.owner.token };
    assert.equal((await c.owner.client.patch('/api/clinics/me', { ...owner, body: TAX_PROFILE })).status, 200);
    const invoice = async () => {
      const created = await c.owner.client.post('/api/invoices', {
        ...owner,
        body: { patientId: c.patientIds[1], items: [{ serviceId: c.serviceId, quantity: 2 }] },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      return created.body.id as string;
    };
    const draftId = await invoice();
    const issuedId = await invoice();
    assert.equal((await c.owner.client.post(`/api/invoices/${issuedId}/issue`, owner)).status, 200);
    const paid = await c.owner.client.post(`/api/invoices/${issuedId}/payments`, {
      ...owner,
      headers: { 'idempotency-key': 'fuzz-setup-payment' },
      body: { amount: '1.00', method: 'cash' },
    });
    assert.equal(paid.status, 201, JSON.stringify(paid.body));
    const credited = await c.owner.client.post(`/api/invoices/${issuedId}/credit-notes`, {
      headers: idempotencyKey(),
      ...owner,
      body: { reason: 'Fuzz setup', items: [{ invoiceItemId: await firstItem(issuedId), quantity: 1 }] },
    });
    assert.equal(credited.status, 201, JSON.stringify(credited.body));
    const messages = await c.owner.client.get(`/api/notifications?appointmentId=${booked.body.id}`, { token: c.owner.token });
    const [failed] = messages.body.items as { id: string }[];
    assert.ok(failed, JSON.stringify(messages.body));
    await app.admin.query("update notifications set status = 'failed', error = 'SMTP 550' where id = $1", [failed.id]);
    // A pending invite, so that resending and withdrawing one can succeed.
    const invite = await c.owner.client.post('/api/auth/invite', {
      token: c.owner.token,
      body: { email: 'pending.invite@example.com', role: 'HYGIENIST' },
    });
    assert.equal(invite.status, 201);
    const samples = await sampleFiles();
    const files = [];
    for (const [entityType, entityId, sample] of [
      ['patient', c.patientIds[0]!, samples.png],
      ['appointment', booked.body.id as string, samples.pdf],
      ['patient', c.patientIds[1]!, samples.text],
      ['invoice', issuedId, samples.pdf],
    ] as const) {
      const uploaded = await uploadFile(app.baseUrl, c.owner, { entityType, entityId, bytes: sample.bytes, fileName: sample.name });
      assert.equal(uploaded.status, 201);
      files.push(uploaded.body.id as string);
    }
    fileIds = files;
    invoiceItemIds = [...(await itemIds(draftId)), ...(await itemIds(issuedId))];
    known = {
      ids: [
        c.dentist.user.id,
        c.serviceId,
        ...c.patientIds,
        booked.body.id,
        failed.id,
        accountant.user.id,
        c.receptionist.user.id,
        draftId,
        issuedId,
        paid.body.id,
        credited.body.id,
        invite.body.id,
        ...invoiceItemIds,
      ],
    };
    const document = (await c.owner.client.get('/api/docs-json')).body as { paths: Record<string, Record<string, Operation>> };
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      SKIPPED.has(path)
        ? []
        : Object.entries(methods)
            .filter(([method, operation]) => method !== 'get' || (operation.parameters ?? []).some((p) => p.in === 'query'))
            .filter(([method, operation]) => {
              const types = Object.keys(operation.requestBody?.content ?? {});
              if (types.every((type) => type === 'application/json')) return true;
              assert.ok(
                NOT_JSON.has(`${method.toUpperCase()} ${path}`),
                `${method} ${path} takes ${types.join(', ')}: fuzz it or say why not`,
              );
              return false;
            })
            .map(([method, operation]): [string, string, Operation] => [method.toUpperCase(), path, operation]),
    );
    // Deletions last, so that the other operations still find the known records (files above all).
    operations.sort((a, b) => Number(a[0] === 'DELETE') - Number(b[0] === 'DELETE'));
  });
  after(() => app.close());

  async function itemIds(invoiceId: string): Promise<string[]> {
    const invoice = await c.owner.client.get(`/api/invoices/${invoiceId}`, { token: c.owner.token });
    return (invoice.body.items as { id: string }[]).map((item) => item.id);
  }
  const firstItem = async (invoiceId: string) => (await itemIds(invoiceId))[0]!;

  /** Every row the clinic owns, in one digest: a 4xx must not change it. */
  async function clinicDigest(): Promise<string> {
    const { rows: tables } = await app.admin.query(
      "select table_name from information_schema.columns where table_schema = 'public' and column_name = 'clinic_id' order by 1",
    );
    const parts = tables.map(
      (t) =>
        `select '${t.table_name}' || coalesce(md5(string_agg(x::text, '|' order by x::text)), '') from ${t.table_name} x where clinic_id = $1`,
    );
    parts.push("select 'clinics' || md5(x::text) from clinics x where id = $1");
    const { rows } = await app.admin.query(`select md5(string_agg(d, ',')) as digest from (${parts.join(' union all ')}) as s(d)`, [
      c.owner.user.clinicId,
    ]);
    return rows[0].digest;
  }

  it('answers every generated request of every write and list operation within the document, never with 5xx, and writes nothing on a 4xx', async (t) => {
    assert.ok(operations.length >= 15, `found ${operations.length} operations`);
    const seen = new Map<string, Set<number>>();
    const refusals: Refusals = { met: new Map(), unexplained: new Map() };
    for (const [method, path, operation] of operations) {
      await fc.assert(
        fc.asyncProperty(requestFor(path, operation, { known, fileIds }), async (request) => {
          const { url, body, headers: documented } = request;
          const before = await clinicDigest();
          // A write needs its version; an If-Match sometimes stands in for it.
          const headers: Record<string, string> =
            method === 'PATCH' && path.includes('appointments') ? { 'if-match': '1' } : { ...documented };
          const response = await c.owner.client.request(method, url, {
            token: c.owner.token,
            headers,
            ...(body === undefined ? {} : { body }),
          });
          seen.set(`${method} ${path}`, (seen.get(`${method} ${path}`) ?? new Set()).add(response.status));
          assert.ok(
            response.status < 500,
            `${method} ${url} ${JSON.stringify(body)?.slice(0, 300)} -> ${response.status} ${JSON.stringify(response.body)}`,
          );
          if (response.status >= 400) assert.equal(await clinicDigest(), before, `${method} ${url} -> ${response.status} changed data`);
          noteValidationRefusals(`${method} ${path}`, request, response, refusals);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    }
    // Each operation was reached past validation at least once, or the generators only ever made noise.
    const neverSucceeded = [...seen].filter(([, statuses]) => ![...statuses].some((s) => s < 300));
    const listed = (op: string, statuses: Set<number>) => `${op} (${[...statuses].join('/')})`;
    t.diagnostic(
      `${operations.length} operations, ${RUNS} runs each, seed ${SEED}; never 2xx: ${neverSucceeded.map(([op, s]) => listed(op, s)).join(', ') || 'none'}`,
    );
    t.diagnostic(
      `valid requests refused by rules beyond the document: ${[...refusals.met].map(([rule, n]) => `${rule} x${n}`).join(', ') || 'none'}`,
    );
    assert.deepEqual(
      [...refusals.unexplained].map(([rule, example]) => `${rule} (e.g. ${example})`),
      [],
      'requests valid per the document refused with validation-error, and no rule of BEYOND_THE_DOCUMENT says why',
    );
    const unexplained = neverSucceeded.filter(([op]) => !MAY_NEVER_SUCCEED.has(op));
    assert.deepEqual(
      unexplained.map(([op, s]) => listed(op, s)),
      [],
      'never answered 2xx, and not on MAY_NEVER_SUCCEED with a reason',
    );
    const nowSucceeding = [...MAY_NEVER_SUCCEED.keys()].filter((op) => !neverSucceeded.some(([never]) => never === op));
    if (nowSucceeding.length > 0) t.diagnostic(`on MAY_NEVER_SUCCEED but answered 2xx this run: ${nowSucceeding.join(', ')}`);
  });
});

/** Auth's write operations: each creates sessions, and signup a whole clinic, so they get a database of their own. */
const AUTH_WRITES = ['/api/auth/signup', '/api/auth/login', '/api/auth/refresh', '/api/auth/logout', '/api/auth/accept-invite'];

/**
 * Rows a refused auth request writes on purpose are left out of the whole-database digest: the rate
 * limiter's counters (rate_limits: counting refusals is their job) and the audit trail of a failed login
 * or a replayed refresh token (audit_logs LOGIN_FAILED, REFRESH_TOKEN_REUSED; written by design).
 */
describe('auth writes under generated input (a database of their own)', () => {
  let database: TestDatabase;
  let app: TestApp;
  let owner: SignedUpClinic['owner'];
  let ownerEmail: string;
  let inviteTokens: string[];
  let operations: [string, Operation][];
  let tables: { schema: string; name: string }[];

  before(async () => {
    database = await startPrivateTestDatabase();
    app = await startTestApp({}, undefined, database);
    ({ owner } = await signupClinic(app.baseUrl));
    ownerEmail = owner.user.email;
    // Enough pending invites that a generated accept-invite can take a real one every time it tries.
    inviteTokens = [];
    for (let i = 0; i < RUNS; i++) {
      const invite = await owner.client.post('/api/auth/invite', {
        token: owner.token,
        body: { email: uniqueEmail('fuzz'), role: 'HYGIENIST' },
      });
      assert.equal(invite.status, 201, JSON.stringify(invite.body));
      inviteTokens.push(invite.body.inviteToken as string);
    }
    const document = (await owner.client.get('/api/docs-json')).body as { paths: Record<string, Record<string, Operation>> };
    operations = AUTH_WRITES.map((path) => {
      const operation = document.paths[path]?.post;
      assert.ok(operation, `POST ${path} is not in the document`);
      return [path, operation];
    });
    const { rows } = await app.admin.query<{ schema: string; name: string }>(
      `select table_schema as schema, table_name as name from information_schema.tables
        where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema') order by 1, 2`,
    );
    tables = rows.filter((t) => !(t.schema === 'public' && t.name === 'rate_limits'));
    assert.ok(tables.some((t) => t.name === 'clinics'));
  });
  after(async () => {
    await app.close();
    await database.stop();
  });

  /** The row count of every table of the database, less what a refusal writes on purpose (above). */
  async function databaseDigest(): Promise<string> {
    const counts = tables.map(({ schema, name }) => {
      const where = name === 'audit_logs' ? " where action not in ('LOGIN_FAILED', 'REFRESH_TOKEN_REUSED')" : '';
      return `select '${schema}.${name}:' || count(*) from "${schema}"."${name}"${where}`;
    });
    const { rows } = await app.admin.query(`select string_agg(c, ',') as digest from (${counts.join(' union all ')}) as s(c)`);
    return rows[0].digest;
  }

  it('answers generated signup, login, refresh, logout and accept-invite requests within the document, never 5xx, and writes no row on a 4xx', async (t) => {
    const seen = new Map<string, Set<number>>();
    const refusals: Refusals = { met: new Map(), unexplained: new Map() };
    for (const [path, operation] of operations) {
      const real = fc.record({ credentials: fc.boolean(), session: fc.boolean(), csrf: fc.boolean() });
      await fc.assert(
        fc.asyncProperty(requestFor(path, operation, { known: { ids: [] }, fileIds: [] }), real, async (request, use) => {
          // Now and then the body carries what the server knows (the owner's credentials, an unspent invite,
          // a strong password and a new address), so the generated request can succeed.
          let body = request.body;
          if (use.credentials && isRecord(body)) {
            const generated = body;
            if (path === '/api/auth/login') body = { ...generated, email: ownerEmail, password: STRONG_PASSWORD };
            if (path === '/api/auth/signup') body = { ...generated, email: uniqueEmail('signup'), password: STRONG_PASSWORD };
            if (path === '/api/auth/accept-invite')
              body = { ...generated, token: inviteTokens.pop() ?? 'spent', password: STRONG_PASSWORD };
          }
          // refresh and logout act on the session cookie: a signed-in client (logged in before the digest is
          // taken) or a fresh one, with or without its CSRF header.
          const client = new Client(app.baseUrl);
          if (use.session) {
            const login = await client.post('/api/auth/login', { body: { email: ownerEmail, password: STRONG_PASSWORD } });
            assert.equal(login.status, 200, JSON.stringify(login.body));
          }
          const before = await databaseDigest();
          const response = await client.post(path, {
            headers: use.csrf ? client.csrfHeader() : {},
            ...(body === undefined ? {} : { body }),
          });
          seen.set(path, (seen.get(path) ?? new Set()).add(response.status));
          assert.ok(
            response.status < 500,
            `POST ${path} ${JSON.stringify(body)?.slice(0, 300)} -> ${response.status} ${JSON.stringify(response.body)}`,
          );
          if (response.status >= 400) {
            assert.equal(
              await databaseDigest(),
              before,
              `POST ${path} ${JSON.stringify(body)?.slice(0, 300)} -> ${response.status} wrote rows`,
            );
          }
          noteValidationRefusals(`POST ${path}`, { ...request, body }, response, refusals);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    }
    t.diagnostic(`auth: ${[...seen].map(([path, statuses]) => `${path} ${[...statuses].sort().join('/')}`).join(', ')}`);
    t.diagnostic(
      `auth: valid requests refused by rules beyond the document: ${[...refusals.met].map(([rule, n]) => `${rule} x${n}`).join(', ') || 'none'}`,
    );
    assert.deepEqual(
      [...refusals.unexplained].map(([rule, example]) => `${rule} (e.g. ${example})`),
      [],
      'requests valid per the document refused with validation-error, and no rule of BEYOND_THE_DOCUMENT says why',
    );
    const never = [...seen].filter(([, statuses]) => ![...statuses].some((s) => s < 300)).map(([path]) => path);
    assert.deepEqual(never, [], 'auth operations that never answered 2xx');
  });
});

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
