import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, TEST_NOW, type TestApp, withMovingClock } from '../../test/harness.js';
import {
  addStaff,
  assertProblem,
  type BillingClinic,
  billingClinic,
  idempotencyKey,
  putDailySchedule,
  type Staff,
} from '../../test/factories.js';
import { DocumentsRepository } from './documents.repository.js';
import { invoiceHash } from './zatca/hash.js';
import { decodeTlv } from './zatca/qr.js';

describe('invoices', () => {
  let app: TestApp;
  let c: BillingClinic;
  let stranger: BillingClinic;
  let hygienist: Staff;
  let assistant: Staff;
  before(async () => {
    app = await startTestApp();
    c = await billingClinic(app.baseUrl);
    stranger = await billingClinic(app.baseUrl);
    [hygienist, assistant] = [await addStaff(app.baseUrl, c.owner, 'HYGIENIST'), await addStaff(app.baseUrl, c.owner, 'ASSISTANT')];
  });
  after(() => app.close());

  const draft = (by: Staff, body: Record<string, unknown>) => by.client.post('/api/invoices', { token: by.token, body });
  const issue = (by: Staff, id: string) => by.client.post(`/api/invoices/${id}/issue`, { token: by.token });
  const count = async (table: string, clinicId = c.clinicId) =>
    Number((await app.admin.query(`select count(*) from ${table} where clinic_id = $1`, [clinicId])).rows[0].count);
  const residentDraft = async (by: Staff = c.accountant) => {
    const response = await draft(by, {
      patientId: c.residentId,
      items: [
        { serviceId: c.serviceIds.scaling, quantity: 1 },
        { description: 'Fluoride varnish', quantity: 3, unitPrice: '33.33' },
      ],
    });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return response.body;
  };

  describe('drafts', () => {
    it('prices catalog and free-text lines with VAT per line, rounded half-up; no number, no QR', async () => {
      const invoice = await residentDraft();
      assert.equal(invoice.status, 'DRAFT');
      assert.equal(invoice.number, null);
      assert.equal(invoice.zatca, null);
      assert.equal(invoice.currency, 'SAR');
      assert.equal(invoice.patientName, 'Omar Hassan');
      assert.deepEqual(
        invoice.items.map((i: any) => [
          i.description,
          i.quantity,
          i.unitPrice,
          i.vatCategory,
          i.vatRate,
          i.netAmount,
          i.vatAmount,
          i.lineTotal,
        ]),
        [
          ['Scaling', 1, '250.00', 'S', '15.00', '250.00', '37.50', '287.50'],
          ['Fluoride varnish', 3, '33.33', 'S', '15.00', '99.99', '15.00', '114.99'],
        ],
      );
      assert.deepEqual(
        [invoice.subtotal, invoice.vatTotal, invoice.total, invoice.amountPaid, invoice.balanceDue],
        ['349.99', '52.50', '402.49', '0.00', '402.49'],
      );
      const { rows } = await app.admin.query('select action, user_id from audit_logs where entity_id = $1', [invoice.id]);
      assert.deepEqual(rows, [{ action: 'INVOICE_CREATED', user_id: c.accountant.user.id }]);
    });

    it("zero-rates a Saudi citizen's healthcare (VATEX-SA-HEA) and lets a line keep the standard rate", async () => {
      const response = await draft(c.receptionist, {
        patientId: c.saudiId,
        items: [
          { serviceId: c.serviceIds.scaling, quantity: 1 },
          { description: 'Electric toothbrush', quantity: 1, unitPrice: '199.99', vatCategory: 'S' },
        ],
      });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      assert.deepEqual(
        response.body.items.map((i: any) => [i.vatCategory, i.vatExemptionCode, i.vatRate, i.vatAmount]),
        [
          ['Z', 'VATEX-SA-HEA', '0.00', '0.00'],
          ['S', null, '15.00', '30.00'],
        ],
      );
      assert.equal(response.body.total, '479.99');
      assertProblem(
        await draft(c.owner, { patientId: c.residentId, items: [{ description: 'x', quantity: 1, unitPrice: '5', vatCategory: 'Z' }] }),
        422,
      );
    });

    it("invoices a visit: without items the appointment's service is the line, and a visit is invoiced once", async () => {
      await putDailySchedule(c.owner, c.dentist.user.id);
      const booked = await c.receptionist.client.post('/api/appointments', {
        token: c.receptionist.token,
        body: {
          patientId: c.residentId,
          dentistId: c.dentist.user.id,
          serviceId: c.serviceIds.scaling,
          startAt: '2027-03-07T10:00:00+03:00',
        },
      });
      assert.equal(booked.status, 201, JSON.stringify(booked.body));
      const appointmentId = booked.body.id;
      const first = await draft(c.receptionist, { patientId: c.residentId, appointmentId });
      assert.equal(first.status, 201, JSON.stringify(first.body));
      assert.equal(first.body.appointmentId, appointmentId);
      assert.deepEqual(
        first.body.items.map((i: any) => [i.serviceId, i.description, i.lineTotal]),
        [[c.serviceIds.scaling, 'Scaling', '287.50']],
      );
      const again = await draft(c.accountant, { patientId: c.residentId, appointmentId });
      assertProblem(again, 409);
      assert.equal(again.body.invoiceId, first.body.id);
      assertProblem(await draft(c.accountant, { patientId: c.saudiId, appointmentId }), 422);
      const listed = await c.owner.client.get(`/api/invoices?appointmentId=${appointmentId}`, { token: c.owner.token });
      assert.deepEqual(
        listed.body.items.map((i: any) => i.id),
        [first.body.id],
      );
      // Deleting the draft frees the visit.
      assert.equal(
        (await c.accountant.client.request('DELETE', `/api/invoices/${first.body.id}`, { token: c.accountant.token })).status,
        204,
      );
      assert.equal((await draft(c.accountant, { patientId: c.residentId, appointmentId })).status, 201);
    });

    const badBodies: [string, (patientId: string) => Record<string, unknown>, string[]][] = [
      ['no patient', () => ({ items: [] }), ['patientId']],
      ['a malformed patient id', () => ({ patientId: 'abc' }), ['patientId']],
      [
        'fields that are not the client’s to set',
        (patientId) => ({ patientId, clinicId: 'x', status: 'PAID', total: '1' }),
        ['clinicId', 'status', 'total'],
      ],
      [
        'a zero quantity and a float price',
        (patientId) => ({ patientId, items: [{ description: 'x', quantity: 0, unitPrice: 1.5 }] }),
        ['items.0.quantity', 'items.0.unitPrice'],
      ],
      [
        'a negative price',
        (patientId) => ({ patientId, items: [{ description: 'x', quantity: 1, unitPrice: '-1' }] }),
        ['items.0.unitPrice'],
      ],
      ['a due date without a zone', (patientId) => ({ patientId, dueAt: '2026-12-01T10:00:00' }), ['dueAt']],
      ['a due date in year 0', (patientId) => ({ patientId, dueAt: '0000-01-01T00:00:00Z' }), ['dueAt']],
      [
        'a line name with a text-direction override or a line break',
        (patientId) => ({
          patientId,
          items: [
            { description: 'Scaling \u202Eevil', quantity: 1, unitPrice: '1' },
            { description: 'Scaling\nfree', quantity: 1, unitPrice: '1' },
          ],
        }),
        ['items.0.description', 'items.1.description'],
      ],
      [
        'an unknown VAT category',
        (patientId) => ({ patientId, items: [{ description: 'x', quantity: 1, unitPrice: '1', vatCategory: 'E' }] }),
        ['items.0.vatCategory'],
      ],
    ];
    for (const [label, body, paths] of badBodies) {
      it(`rejects ${label} with 400 and writes nothing`, async () => {
        const before = await count('invoices');
        assertProblem(await draft(c.owner, body(c.residentId)), 400, paths);
        assert.equal(await count('invoices'), before);
      });
    }

    it('rejects a price with more decimals than the currency has, and a line without a name (400)', async () => {
      assertProblem(
        await draft(c.owner, { patientId: c.residentId, items: [{ description: 'x', quantity: 1, unitPrice: '1.005' }] }),
        400,
        ['items.0.unitPrice'],
      );
      assertProblem(await draft(c.owner, { patientId: c.residentId, items: [{ quantity: 1, unitPrice: '1' }] }), 400, [
        'items.0.description',
      ]);
    });

    it("answers 404 for another clinic's patient, service or appointment, writing nothing", async () => {
      const before = await count('invoices');
      assertProblem(await draft(c.owner, { patientId: stranger.residentId }), 404);
      assertProblem(
        await draft(c.owner, { patientId: c.residentId, items: [{ serviceId: stranger.serviceIds.scaling, quantity: 1 }] }),
        404,
      );
      assertProblem(await draft(c.owner, { patientId: c.residentId, appointmentId: '01900000-0000-7000-8000-000000000000' }), 404);
      assert.equal(await count('invoices'), before);
    });

    it('edits a draft (lines replaced, due date, notes) and deletes one; both audited', async () => {
      const invoice = await residentDraft();
      const patched = await c.receptionist.client.patch(`/api/invoices/${invoice.id}`, {
        token: c.receptionist.token,
        body: { items: [{ serviceId: c.serviceIds.fluoride, quantity: 2 }], dueAt: '2026-12-01T23:59:59+03:00', notes: 'Pay at the desk' },
      });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      assert.deepEqual(
        [patched.body.items.length, patched.body.total, patched.body.dueAt, patched.body.notes],
        [1, '76.66', '2026-12-01T20:59:59.000Z', 'Pay at the desk'],
      );
      assertProblem(await c.owner.client.patch(`/api/invoices/${invoice.id}`, { token: c.owner.token, body: {} }), 400);
      assert.equal((await c.owner.client.request('DELETE', `/api/invoices/${invoice.id}`, { token: c.owner.token })).status, 204);
      assertProblem(await c.owner.client.get(`/api/invoices/${invoice.id}`, { token: c.owner.token }), 404);
      const { rows } = await app.admin.query('select action from audit_logs where entity_id = $1 order by created_at, id', [invoice.id]);
      assert.deepEqual(
        rows.map((r) => r.action),
        ['INVOICE_CREATED', 'INVOICE_UPDATED', 'INVOICE_DELETED'],
      );
    });
  });

  describe('who', () => {
    it('refuses Dentists, Hygienists and Assistants (403) everywhere, and lets the billing roles in', async () => {
      const invoice = await residentDraft(c.owner);
      for (const member of [c.dentist, hygienist, assistant]) {
        assertProblem(await member.client.get('/api/invoices', { token: member.token }), 403);
        assertProblem(await draft(member, { patientId: c.residentId }), 403);
        assertProblem(await member.client.get(`/api/invoices/${invoice.id}`, { token: member.token }), 403);
        assertProblem(await issue(member, invoice.id), 403);
        assertProblem(await member.client.get(`/api/patients/${c.residentId}/statement`, { token: member.token }), 403);
      }
      for (const member of [c.owner, c.accountant, c.receptionist]) {
        assert.equal((await member.client.get(`/api/invoices/${invoice.id}`, { token: member.token })).status, 200);
      }
    });

    it("answers 404 for another clinic's invoice on every route, changing nothing", async () => {
      const foreign = await draft(stranger.owner, {
        patientId: stranger.residentId,
        items: [{ serviceId: stranger.serviceIds.scaling, quantity: 1 }],
      });
      const id = foreign.body.id;
      const by = { token: c.owner.token };
      for (const target of [id, '01900000-0000-7000-8000-000000000000', 'nope']) {
        assertProblem(await c.owner.client.get(`/api/invoices/${target}`, by), 404);
        assertProblem(await c.owner.client.patch(`/api/invoices/${target}`, { ...by, body: { notes: 'x' } }), 404);
        assertProblem(await c.owner.client.request('DELETE', `/api/invoices/${target}`, by), 404);
        assertProblem(await issue(c.owner, target), 404);
        assertProblem(await c.owner.client.get(`/api/invoices/${target}/pdf`, by), 404);
        assertProblem(await c.owner.client.get(`/api/invoices/${target}/xml`, by), 404);
        assertProblem(
          await c.owner.client.post(`/api/invoices/${target}/payments`, {
            ...by,
            headers: { 'idempotency-key': 'key-404-test' },
            body: { amount: '1', method: 'cash' },
          }),
          404,
        );
        assertProblem(
          await c.owner.client.post(`/api/invoices/${target}/credit-notes`, { headers: idempotencyKey(), ...by, body: { reason: 'x' } }),
          404,
        );
      }
      const { rows } = await app.admin.query('select status, notes from invoices where id = $1', [id]);
      assert.deepEqual(rows[0], { status: 'DRAFT', notes: null });
    });
  });

  describe('issuing', () => {
    it('numbers, dates and freezes the invoice, with the ZATCA QR and the XML chained to the previous document', async () => {
      const invoice = await residentDraft();
      const issued = await issue(c.accountant, invoice.id);
      assert.equal(issued.status, 200, JSON.stringify(issued.body));
      const body = issued.body;
      assert.match(body.number, /^INV-\d{6}$/);
      assert.equal(body.status, 'SENT');
      assert.equal(body.issuedAt, new Date(TEST_NOW).toISOString());
      // Due at the end of the clinic's day 14 days later (payment terms), Riyadh time.
      assert.equal(body.dueAt, '2026-11-16T20:59:59.999Z');
      assert.deepEqual(
        decodeTlv(body.zatca.qr).map((f) => [f.tag, f.value]),
        [
          [1, 'شركة عيادة الابتسامة لطب الأسنان'],
          [2, '310122393500003'],
          [3, '2026-11-02T06:00:00Z'],
          [4, '402.49'],
          [5, '52.50'],
        ],
      );
      assert.equal(body.zatca.uuid, invoice.id);
      const xml = await c.accountant.client.get(`/api/invoices/${invoice.id}/xml`, { token: c.accountant.token });
      assert.equal(xml.status, 200);
      assert.match(xml.contentType, /^application\/xml/);
      assert.equal(invoiceHash(xml.body), body.zatca.invoiceHash, 'the stored hash is the XML’s canonical hash');
      assert.ok(xml.body.includes(`<cbc:ID>${body.number}</cbc:ID>`));
      assert.ok(xml.body.includes(`<cbc:UUID>${body.zatca.icv}</cbc:UUID>`));
      assert.ok(xml.body.includes(body.zatca.previousHash));
      const { rows } = await app.admin.query("select metadata from audit_logs where entity_id = $1 and action = 'INVOICE_ISSUED'", [
        invoice.id,
      ]);
      assert.equal(rows[0].metadata.number, body.number);
      // Frozen: the API refuses, and so does the database.
      assertProblem(await c.owner.client.patch(`/api/invoices/${invoice.id}`, { token: c.owner.token, body: { notes: 'late edit' } }), 409);
      assertProblem(await c.owner.client.request('DELETE', `/api/invoices/${invoice.id}`, { token: c.owner.token }), 409);
      assertProblem(await issue(c.owner, invoice.id), 409);
      await assert.rejects(app.admin.query('update invoices set total_amount = 1 where id = $1', [invoice.id]), /cannot be changed/);
      await assert.rejects(app.admin.query('delete from invoice_items where invoice_id = $1', [invoice.id]), /cannot be changed/);
      await assert.rejects(app.admin.query('delete from invoices where id = $1', [invoice.id]), /cannot be deleted/);
    });

    it('gives 20 drafts issued at once 20 consecutive numbers, and a chain without gaps or forks; drafts consume none', async () => {
      const clinic = await billingClinic(app.baseUrl);
      const drafts: string[] = [];
      for (let i = 0; i < 22; i++) {
        const response = await draft(clinic.accountant, {
          patientId: clinic.residentId,
          items: [{ serviceId: clinic.serviceIds.fluoride, quantity: i + 1 }],
        });
        drafts.push(response.body.id);
      }
      // Two drafts are deleted; drafts consume no number.
      for (const id of drafts.splice(0, 2))
        await clinic.owner.client.request('DELETE', `/api/invoices/${id}`, { token: clinic.owner.token });
      // A clock that moves a second at every reading: an issue time read before the numbering lock would fall out of order.
      const results = await withMovingClock(app, () =>
        Promise.all(drafts.map((id, i) => issue(i % 2 ? clinic.accountant : clinic.receptionist, id))),
      );
      assert.deepEqual(
        results.map((r) => r.status),
        drafts.map(() => 200),
      );
      const numbers = results.map((r) => Number(r.body.number.slice(4))).sort((a, b) => a - b);
      assert.deepEqual(
        numbers,
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
      // Issue order = number order = chain order.
      const { rows } = await app.admin.query(
        `select i.number, i.issued_at, z.icv, z.previous_hash, z.invoice_hash, z.xml
         from invoices i join zatca_documents z on z.clinic_id = i.clinic_id and z.id = i.id where i.clinic_id = $1 order by z.icv`,
        [clinic.clinicId],
      );
      assert.deepEqual(
        rows.map((r) => r.icv),
        numbers,
      );
      assert.deepEqual(
        rows.map((r) => Number(r.number.slice(4))),
        numbers,
      );
      rows.forEach((row, i) => {
        assert.equal(
          row.previous_hash,
          i === 0 ? 'NWZlY2ViNjZmZmM4NmYzOGQ5NTI3ODZjNmQ2OTZjNzljMmRiYzIzOWRkNGU5MWI0NjcyOWQ3M2EyN2ZiNTdlOQ==' : rows[i - 1].invoice_hash,
        );
        assert.equal(invoiceHash(row.xml), row.invoice_hash);
        // Issue times never go down in number order (they are in the QR, the XML and the PDF).
        if (i > 0) assert.ok(row.issued_at >= rows[i - 1].issued_at, `${row.number} issued before ${rows[i - 1].number}`);
      });
    });

    it('dates an issue when its number is claimed: an issuer that waited for the lock is not dated before the one it waited for', async () => {
      const clinic = await billingClinic(app.baseUrl);
      const body = { patientId: clinic.residentId, items: [{ serviceId: clinic.serviceIds.fluoride, quantity: 1 }] };
      const [first, second] = [(await draft(clinic.accountant, body)).body.id, (await draft(clinic.accountant, body)).body.id];
      // The first issuer is held just before it claims its number, while the second issues; then it goes on.
      const documents = app.get(DocumentsRepository);
      const claimNext = documents.claimNext.bind(documents);
      let reached!: () => void;
      let release!: () => void;
      const atClaim = new Promise<void>((resolve) => (reached = resolve));
      const held = new Promise<void>((resolve) => (release = resolve));
      documents.claimNext = async (...args) => {
        documents.claimNext = claimNext;
        reached();
        await held;
        return claimNext(...args);
      };
      try {
        const late = issue(clinic.accountant, first);
        await atClaim;
        app.clock.advance(60_000);
        const early = await issue(clinic.receptionist, second);
        assert.equal(early.status, 200);
        app.clock.advance(60_000);
        release();
        const waited = await late;
        assert.equal(waited.status, 200);
        assert.deepEqual([early.body.number, waited.body.number], ['INV-000001', 'INV-000002']);
        assert.ok(waited.body.issuedAt > early.body.issuedAt, `${waited.body.issuedAt} is not after ${early.body.issuedAt}`);
        assert.equal(waited.body.issuedAt, new Date(Date.parse(TEST_NOW) + 120_000).toISOString());
        assert.equal(decodeTlv(waited.body.zatca.qr).find((f) => f.tag === 3)?.value, '2026-11-02T06:02:00Z');
      } finally {
        documents.claimNext = claimNext;
        app.clock.set(TEST_NOW);
      }
    });

    it('refuses an empty draft (422), a clinic without its tax profile (422), and zero rating without a national ID (422)', async () => {
      const empty = await draft(c.owner, { patientId: c.residentId });
      assertProblem(await issue(c.owner, empty.body.id), 422);

      const bare = await billingClinic(app.baseUrl, { taxProfile: false });
      const untaxed = await draft(bare.owner, { patientId: bare.residentId, items: [{ serviceId: bare.serviceIds.scaling, quantity: 1 }] });
      const refused = await issue(bare.owner, untaxed.body.id);
      assertProblem(refused, 422);
      assert.equal(refused.body.type, 'tax-profile-incomplete');
      assert.deepEqual(refused.body.missing, ['vatNumber', 'legalNameAr']);

      const citizen = await c.owner.client.post('/api/patients', {
        token: c.owner.token,
        body: { firstName: 'Fahad', lastName: 'Alotaibi', nationality: 'SA' },
      });
      const zero = await draft(c.owner, { patientId: citizen.body.id, items: [{ serviceId: c.serviceIds.scaling, quantity: 1 }] });
      assert.equal(zero.body.items[0].vatCategory, 'Z');
      const noId = await issue(c.owner, zero.body.id);
      assertProblem(noId, 422);
      assert.equal(noId.body.type, 'national-id-required');
      assert.equal(await count('zatca_documents', bare.clinicId), 0);
      const { rows } = await app.admin.query('select status, number from invoices where id = any($1)', [[empty.body.id, zero.body.id]]);
      assert.ok(rows.every((r) => r.status === 'DRAFT' && r.number === null));
    });
  });

  describe('lists', () => {
    it('filters by status (OVERDUE derived from the due date when read), patient and date, and pages newest first', async () => {
      const clinic = await billingClinic(app.baseUrl);
      const make = async (patientId: string, dueAt?: string) => {
        const response = await draft(clinic.owner, {
          patientId,
          items: [{ serviceId: clinic.serviceIds.scaling, quantity: 1 }],
          ...(dueAt ? { dueAt } : {}),
        });
        return response.body.id as string;
      };
      const soon = await make(clinic.residentId, '2026-11-01T23:59:59+03:00');
      const later = await make(clinic.saudiId, '2026-12-30T23:59:59+03:00');
      await issue(clinic.owner, soon);
      await issue(clinic.owner, later);
      app.clock.advance(60_000);
      const draftId = await make(clinic.residentId);
      const list = async (query: string) => {
        const response = await clinic.owner.client.get(`/api/invoices?${query}`, { token: clinic.owner.token });
        assert.equal(response.status, 200, JSON.stringify(response.body));
        return response.body.items.map((i: any) => i.id);
      };
      assert.deepEqual(await list(''), [draftId, later, soon]);
      assert.deepEqual(await list('status=DRAFT'), [draftId]);
      assert.deepEqual(await list(`patientId=${clinic.saudiId}`), [later]);
      assert.deepEqual(await list(`from=${encodeURIComponent('2026-11-02T06:00:30Z')}`), [draftId]);
      assert.deepEqual(await list(`to=${encodeURIComponent('2026-11-02T06:00:30Z')}`), [later, soon]);

      // Issued with a due date already past: overdue as soon as it is read.
      assert.deepEqual(await list('status=OVERDUE'), [soon]);
      assert.deepEqual(await list('status=SENT'), [later]);
      const one = await clinic.owner.client.get(`/api/invoices/${soon}`, { token: clinic.owner.token });
      assert.equal(one.body.status, 'OVERDUE');
      const { rows } = await app.admin.query('select status from invoices where id = $1', [soon]);
      assert.equal(rows[0].status, 'SENT', 'OVERDUE is derived, not stored');
      app.clock.set(TEST_NOW);

      const first = await clinic.owner.client.get('/api/invoices?limit=2', { token: clinic.owner.token });
      const second = await clinic.owner.client.get(`/api/invoices?limit=2&cursor=${first.body.nextCursor}`, { token: clinic.owner.token });
      assert.deepEqual(
        [...first.body.items, ...second.body.items].map((i: any) => i.id),
        [draftId, later, soon],
      );
      assert.equal(second.body.nextCursor, null);
      for (const query of ['status=LATE', 'patientId=x', 'from=yesterday', 'limit=0', 'cursor=abc', 'sort=total']) {
        assertProblem(await clinic.owner.client.get(`/api/invoices?${query}`, { token: clinic.owner.token }), 400);
      }
    });
  });
});
