import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { addStaff, bookableClinic, type BookableClinic, TAX_PROFILE } from '../../test/factories.js';
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

/** Operations a signed-in clinic uses (auth's own endpoints are covered by their own tests). */
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
 *   large: 400/413/415 and nothing stored). Of the JSON operations on files, the list, content and
 *   delete are fuzzed here with real file ids among the known ones; metadata and thumbnail take no
 *   query, so the GET filter below leaves them to the files API tests.
 */
const NOT_JSON = new Map([['POST /api/files', 'multipart/form-data upload, covered by the files API tests']]);

describe('the API under generated input', () => {
  let app: TestApp;
  let c: BookableClinic;
  let known: KnownIds;
  let operations: [string, string, Operation][];
  /** Files' own paths also get these ids (the other operations' id pool stays as it was). */
  let fileIds: string[];

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

  async function firstItem(invoiceId: string): Promise<string> {
    const invoice = await c.owner.client.get(`/api/invoices/${invoiceId}`, { token: c.owner.token });
    return invoice.body.items[0].id as string;
  }

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

  const requestFor = (path: string, operation: Operation) =>
    fc.oneof(requestOfMode(path, operation, 'valid'), requestOfMode(path, operation, 'noisy'));

  const requestOfMode = (path: string, operation: Operation, mode: Mode) => {
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
              fc.constantFrom('not-an-id', '%00', '..'),
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
          const wellFormed = valueFor(p.schema, known, 'valid').filter(
            (v): v is string => typeof v === 'string' && /^[\x21-\x7e]*$/.test(v),
          );
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
      return { url: qs ? `${url}?${qs}` : url, body: b, headers: h };
    });
  };

  it('answers every generated request of every write and list operation within the document, never with 5xx, and writes nothing on a 4xx', async (t) => {
    assert.ok(operations.length >= 15, `found ${operations.length} operations`);
    const seen = new Map<string, Set<number>>();
    for (const [method, path, operation] of operations) {
      await fc.assert(
        fc.asyncProperty(requestFor(path, operation), async ({ url, body, headers: documented }) => {
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
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    }
    // Each operation was reached past validation at least once, or the generators only ever made noise.
    const neverSucceeded = [...seen]
      .filter(([, statuses]) => ![...statuses].some((s) => s < 300))
      .map(([op, s]) => `${op} (${[...s].join('/')})`);
    t.diagnostic(`${operations.length} operations; never 2xx: ${neverSucceeded.join(', ') || 'none'}`);
    assert.ok(neverSucceeded.length <= operations.length / 2, `never answered 2xx: ${neverSucceeded.join(', ')}`);
  });
});
