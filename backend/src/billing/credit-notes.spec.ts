import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp, withMovingClock } from '../../test/harness.js';
import { assertProblem, type BillingClinic, billingClinic, idempotencyKey } from '../../test/factories.js';
import { invoiceHash } from './zatca/hash.js';

/** The text poppler extracts from a PDF, without the bidi controls it wraps lines in. */
function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'invoice-pdf-'));
  try {
    const file = path.join(dir, 'document.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', [file, '-'])
      .toString('utf8')
      .replace(/[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('credit notes, statements and documents', () => {
  let app: TestApp;
  let c: BillingClinic;
  let stranger: BillingClinic;
  before(async () => {
    app = await startTestApp();
    c = await billingClinic(app.baseUrl);
    stranger = await billingClinic(app.baseUrl);
  });
  after(() => app.close());

  const token = () => ({ token: c.owner.token });
  async function issued(
    patientId = c.residentId,
    items: Record<string, unknown>[] = [
      { serviceId: c.serviceIds.scaling, quantity: 1 },
      { serviceId: c.serviceIds.fluoride, quantity: 3 },
    ],
  ) {
    const created = await c.owner.client.post('/api/invoices', { ...token(), body: { patientId, items } });
    const response = await c.owner.client.post(`/api/invoices/${created.body.id}/issue`, token());
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body;
  }
  const credit = (invoiceId: string, body: Record<string, unknown>, headers: Record<string, string> = idempotencyKey()) =>
    c.accountant.client.post(`/api/invoices/${invoiceId}/credit-notes`, { headers, token: c.accountant.token, body });
  const creditNotes = async (invoiceId: string) =>
    (await app.admin.query('select id, number, total_amount from credit_notes where invoice_id = $1 order by sequence', [invoiceId])).rows;
  const pay = (invoiceId: string, amount: string) =>
    c.owner.client.post(`/api/invoices/${invoiceId}/payments`, {
      ...token(),
      headers: { 'idempotency-key': randomUUID() },
      body: { amount, method: 'cash' },
    });
  const get = async (invoiceId: string) => (await c.owner.client.get(`/api/invoices/${invoiceId}`, token())).body;

  it('credits part of an invoice by units: its own number, QR and XML in the chain; the invoice owes less', async () => {
    const invoice = await issued();
    const fluoride = invoice.items[1];
    const response = await credit(invoice.id, {
      reason: 'One application not given',
      items: [{ invoiceItemId: fluoride.id, quantity: 1 }],
    });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    const note = response.body;
    assert.match(note.number, /^CN-\d{6}$/);
    assert.deepEqual([note.invoiceNumber, note.subtotal, note.vatTotal, note.total], [invoice.number, '33.33', '5.00', '38.33']);
    assert.equal(note.zatca.previousHash, invoice.zatca.invoiceHash, "the credit note is the chain's next link");
    assert.equal(note.zatca.icv, invoice.zatca.icv + 1);
    const xml = await c.owner.client.get(`/api/credit-notes/${note.id}/xml`, token());
    assert.match(xml.body, /<cbc:InvoiceTypeCode name="0200000">381<\/cbc:InvoiceTypeCode>/);
    assert.ok(xml.body.includes(`<cbc:ID>${invoice.number}</cbc:ID>`));
    assert.equal(invoiceHash(xml.body), note.zatca.invoiceHash);
    const after = await get(invoice.id);
    assert.deepEqual([after.status, after.creditedAmount, after.balanceDue], ['SENT', '38.33', '364.16']);
    assert.equal(after.items[1].creditedAmount, '38.33');
    assert.deepEqual(
      after.creditNotes.map((n: any) => n.number),
      [note.number],
    );
    const { rows } = await app.admin.query("select metadata from audit_logs where action = 'CREDIT_NOTE_ISSUED' and entity_id = $1", [
      note.id,
    ]);
    assert.equal(rows[0].metadata.invoiceNumber, invoice.number);
  });

  it('voids an invoice credited in full; nothing more can be credited or paid', async () => {
    const invoice = await issued();
    const response = await credit(invoice.id, { reason: 'Issued to the wrong patient' });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    assert.equal(response.body.total, invoice.total);
    const after = await get(invoice.id);
    assert.deepEqual([after.status, after.balanceDue], ['VOID', '0.00']);
    assertProblem(await credit(invoice.id, { reason: 'again' }), 422);
    assertProblem(await pay(invoice.id, '1'), 409);
  });

  it('credits a paid invoice: the clinic then owes the patient, until the refund', async () => {
    const invoice = await issued();
    const payment = (await pay(invoice.id, '402.49')).body;
    await credit(invoice.id, { reason: 'Price corrected', items: [{ invoiceItemId: invoice.items[0].id, amount: '50' }] });
    let after = await get(invoice.id);
    assert.deepEqual([after.status, after.creditedAmount, after.balanceDue], ['PAID', '57.50', '-57.50']);
    await c.owner.client.post(`/api/payments/${payment.id}/refund`, {
      headers: idempotencyKey(),
      ...token(),
      body: { amount: '57.50', reason: 'Price corrected' },
    });
    after = await get(invoice.id);
    assert.deepEqual([after.status, after.amountPaid, after.balanceDue], ['PAID', '344.99', '0.00']);
  });

  it('numbers credit notes in their own gapless series', async () => {
    const clinic = await billingClinic(app.baseUrl);
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await clinic.owner.client.post('/api/invoices', {
        token: clinic.owner.token,
        body: { patientId: clinic.residentId, items: [{ serviceId: clinic.serviceIds.scaling, quantity: 1 }] },
      });
      const invoice = (await clinic.owner.client.post(`/api/invoices/${created.body.id}/issue`, { token: clinic.owner.token })).body;
      const note = await clinic.owner.client.post(`/api/invoices/${invoice.id}/credit-notes`, {
        headers: idempotencyKey(),
        token: clinic.owner.token,
        body: { reason: 'Test' },
      });
      numbers.push(invoice.number, note.body.number);
    }
    assert.deepEqual(numbers, ['INV-000001', 'CN-000001', 'INV-000002', 'CN-000002', 'INV-000003', 'CN-000003']);
  });

  it('refuses bad credit notes: a draft (409), a line of another invoice (400), more than is left (422), writing nothing', async () => {
    const draft = await c.owner.client.post('/api/invoices', {
      ...token(),
      body: { patientId: c.residentId, items: [{ description: 'x', quantity: 1, unitPrice: '5' }] },
    });
    assertProblem(await credit(draft.body.id, { reason: 'x' }), 409);
    const invoice = await issued();
    const other = await issued();
    const before = Number((await app.admin.query('select count(*) from credit_notes where clinic_id = $1', [c.clinicId])).rows[0].count);
    assertProblem(await credit(invoice.id, { reason: 'x', items: [{ invoiceItemId: other.items[0].id }] }), 400, ['items.0.invoiceItemId']);
    assertProblem(await credit(invoice.id, { reason: 'x', items: [{ invoiceItemId: invoice.items[1].id, quantity: 4 }] }), 422);
    assertProblem(
      await credit(invoice.id, { reason: 'x', items: [{ invoiceItemId: invoice.items[1].id, quantity: 1, amount: '1' }] }),
      400,
    );
    assertProblem(await credit(invoice.id, { items: [] }), 400, ['reason', 'items']);
    assert.equal(
      Number((await app.admin.query('select count(*) from credit_notes where clinic_id = $1', [c.clinicId])).rows[0].count),
      before,
    );
    assertProblem(await c.owner.client.get(`/api/credit-notes/${draft.body.id}`, token()), 404);
  });

  describe('double submission', () => {
    it('issues once per Idempotency-Key: a retry returns the same credit note, another body is 422, no key is 400', async () => {
      const invoice = await issued();
      const fluoride = invoice.items[1].id;
      const headers = idempotencyKey();
      const first = await credit(invoice.id, { reason: 'Not given', items: [{ invoiceItemId: fluoride, quantity: 1 }] }, headers);
      assert.equal(first.status, 201, JSON.stringify(first.body));
      // The same request again (a lost response, a second click): the same note, nothing new.
      const retry = await credit(invoice.id, { reason: 'Not given', items: [{ invoiceItemId: fluoride, quantity: 1 }] }, headers);
      assert.equal(retry.status, 201);
      assert.deepEqual(retry.body, first.body);
      assert.deepEqual(
        (await creditNotes(invoice.id)).map((n) => n.number),
        [first.body.number],
      );
      // The same key for another credit note (another line, quantity, reason or invoice): 422, nothing written.
      for (const [target, body] of [
        [invoice.id, { reason: 'Not given', items: [{ invoiceItemId: fluoride, quantity: 2 }] }],
        [invoice.id, { reason: 'Not given' }],
        [invoice.id, { reason: 'Another reason', items: [{ invoiceItemId: fluoride, quantity: 1 }] }],
        [(await issued()).id, { reason: 'Not given' }],
      ] as const) {
        const refused = await credit(target, body, headers);
        assertProblem(refused, 422);
        assert.equal(refused.body.type, 'idempotency-key-reused');
      }
      assertProblem(await credit(invoice.id, { reason: 'Not given' }, {}), 400);
      assert.equal((await creditNotes(invoice.id)).length, 1);
      assert.equal((await get(invoice.id)).creditedAmount, '38.33');
      // A full credit retried after it voided the invoice still answers with the note it issued.
      const full = idempotencyKey();
      const voiding = await credit(invoice.id, { reason: 'Wrong patient' }, full);
      assert.equal(voiding.status, 201);
      assert.deepEqual((await credit(invoice.id, { reason: 'Wrong patient' }, full)).body, voiding.body);
      assert.equal((await creditNotes(invoice.id)).length, 2);
    });

    it('records a double-submitted credit note once: ten concurrent requests with one key', async () => {
      const invoice = await issued();
      const headers = idempotencyKey();
      const body = { reason: 'Discount', items: [{ invoiceItemId: invoice.items[0].id, amount: '10' }] };
      const results = await Promise.all(Array.from({ length: 10 }, () => credit(invoice.id, body, headers)));
      assert.deepEqual(
        results.map((r) => r.status),
        Array.from({ length: 10 }, () => 201),
      );
      assert.equal(new Set(results.map((r) => r.body.id)).size, 1);
      assert.equal((await creditNotes(invoice.id)).length, 1);
      assert.equal((await get(invoice.id)).creditedAmount, '11.50');
    });
  });

  describe('concurrency', () => {
    it('never credits more than the invoice under concurrent credit notes', async () => {
      const invoice = await issued();
      const fluoride = invoice.items[1].id;
      // Three units of fluoride; eight requests for one unit each.
      const units = await Promise.all(
        Array.from({ length: 8 }, () => credit(invoice.id, { reason: 'Unit', items: [{ invoiceItemId: fluoride, quantity: 1 }] })),
      );
      assert.deepEqual(units.map((r) => r.status).sort(), [201, 201, 201, 422, 422, 422, 422, 422]);
      // Then five requests for everything left: one takes it, the others find nothing.
      const rest = await Promise.all(Array.from({ length: 5 }, () => credit(invoice.id, { reason: 'Rest' })));
      assert.deepEqual(rest.map((r) => r.status).sort(), [201, 422, 422, 422, 422]);
      const notes = await creditNotes(invoice.id);
      assert.equal(notes.length, 4);
      const { rows } = await app.admin.query(
        `select i.total_amount, i.credited_amount, i.balance_due, i.status, (select sum(total_amount) from credit_notes n where n.invoice_id = i.id) as notes,
                (select bool_and(credited_net = net_amount and credited_vat = vat_amount) from invoice_items t where t.invoice_id = i.id) as all_credited
         from invoices i where i.id = $1`,
        [invoice.id],
      );
      assert.deepEqual(rows[0], {
        total_amount: '402.490',
        credited_amount: '402.490',
        balance_due: '0.000',
        status: 'VOID',
        notes: '402.490',
        all_credited: true,
      });
    });

    it('a payment racing a full credit note: either the credit comes first (the payment is refused) or the payment does (the clinic owes it back)', async () => {
      for (let round = 0; round < 4; round++) {
        const invoice = await issued();
        // A moving clock: each side's time says in which order the invoice's lock let them in.
        const [payment, note] = await withMovingClock(app, () =>
          Promise.all([pay(invoice.id, invoice.total), credit(invoice.id, { reason: 'Cancelled' })]),
        );
        assert.equal(note.status, 201, JSON.stringify(note.body));
        const after = await get(invoice.id);
        assert.equal(after.status, 'VOID');
        assert.equal(after.creditedAmount, invoice.total);
        if (payment.status === 201) {
          // Paid first: the credit note then leaves the clinic owing the patient the payment, as when done one after the other.
          assert.ok(payment.body.receivedAt < note.body.issuedAt, `${payment.body.receivedAt} vs ${note.body.issuedAt}`);
          assert.deepEqual([after.amountPaid, after.balanceDue], [invoice.total, `-${invoice.total}`]);
        } else {
          // Credited first: no payment is ever taken on a void invoice, nothing is owed either way.
          assertProblem(payment, 409);
          assert.equal(payment.body.type, 'invoice-void');
          assert.deepEqual([after.amountPaid, after.balanceDue, after.payments.length], ['0.00', '0.00', 0]);
        }
        const { rows } = await app.admin.query(
          `select i.amount_paid = coalesce((select sum(p.amount - p.refunded_amount) from payments p where p.invoice_id = i.id), 0) as paid_matches,
                  i.balance_due = i.total_amount - i.credited_amount - i.amount_paid as balance_matches
           from invoices i where i.id = $1`,
          [invoice.id],
        );
        assert.deepEqual(rows[0], { paid_matches: true, balance_matches: true });
      }
    });

    it('gives credit notes issued at once on different invoices consecutive numbers of their own series, in time order', async () => {
      const clinic = await billingClinic(app.baseUrl);
      const by = { token: clinic.owner.token };
      const invoices: { id: string; number: string }[] = [];
      for (let i = 0; i < 8; i++) {
        const created = await clinic.owner.client.post('/api/invoices', {
          ...by,
          body: { patientId: clinic.residentId, items: [{ serviceId: clinic.serviceIds.fluoride, quantity: i + 1 }] },
        });
        invoices.push((await clinic.owner.client.post(`/api/invoices/${created.body.id}/issue`, by)).body);
      }
      const notes = await withMovingClock(app, () =>
        Promise.all(
          invoices.map((invoice, i) =>
            (i % 2 ? clinic.accountant : clinic.owner).client.post(`/api/invoices/${invoice.id}/credit-notes`, {
              token: (i % 2 ? clinic.accountant : clinic.owner).token,
              headers: idempotencyKey(),
              body: { reason: 'Cancelled' },
            }),
          ),
        ),
      );
      assert.deepEqual(
        notes.map((n) => n.status),
        invoices.map(() => 201),
      );
      assert.deepEqual(
        notes.map((n) => n.body.number).sort(),
        Array.from({ length: 8 }, (_, i) => `CN-${String(i + 1).padStart(6, '0')}`),
      );
      // The credit notes follow the eight invoices in the clinic's chain, in number order and time order.
      const { rows } = await app.admin.query(
        `select n.number, n.issued_at, z.icv, z.previous_hash, lag(z.invoice_hash) over (order by z.icv) as previous
         from credit_notes n join zatca_documents z on z.clinic_id = n.clinic_id and z.id = n.id where n.clinic_id = $1 order by z.icv`,
        [clinic.clinicId],
      );
      assert.deepEqual(
        rows.map((r) => [r.number, r.icv]),
        Array.from({ length: 8 }, (_, i) => [`CN-${String(i + 1).padStart(6, '0')}`, 9 + i]),
      );
      rows.forEach((row, i) => {
        if (i > 0) {
          assert.equal(row.previous_hash, row.previous);
          assert.ok(row.issued_at >= rows[i - 1].issued_at, `${row.number} issued before ${rows[i - 1].number}`);
        }
      });
    });
  });

  it("gives a patient's statement: every invoice, payment, refund and credit note with the running balance", async () => {
    const clinic = await billingClinic(app.baseUrl);
    const by = { token: clinic.owner.token };
    const created = await clinic.owner.client.post('/api/invoices', {
      ...by,
      body: { patientId: clinic.residentId, items: [{ serviceId: clinic.serviceIds.scaling, quantity: 1 }] },
    });
    const invoice = (await clinic.owner.client.post(`/api/invoices/${created.body.id}/issue`, by)).body;
    app.clock.advance(60_000);
    const payment = (
      await clinic.owner.client.post(`/api/invoices/${invoice.id}/payments`, {
        ...by,
        headers: { 'idempotency-key': randomUUID() },
        body: { amount: '287.50', method: 'card', reference: 'POS 1' },
      })
    ).body;
    app.clock.advance(60_000);
    await clinic.owner.client.post(`/api/invoices/${invoice.id}/credit-notes`, {
      headers: idempotencyKey(),
      ...by,
      body: { reason: 'Discount', items: [{ invoiceItemId: invoice.items[0].id, amount: '20' }] },
    });
    app.clock.advance(60_000);
    await clinic.owner.client.post(`/api/payments/${payment.id}/refund`, {
      headers: idempotencyKey(),
      ...by,
      body: { amount: '23.00', reason: 'Discount' },
    });
    const statement = await clinic.accountant.client.get(`/api/patients/${clinic.residentId}/statement`, {
      token: clinic.accountant.token,
    });
    assert.equal(statement.status, 200, JSON.stringify(statement.body));
    assert.deepEqual(
      statement.body.entries.map((e: any) => [e.kind, e.debit, e.credit, e.balance, e.invoiceNumber]),
      [
        ['invoice', '287.50', '0.00', '287.50', 'INV-000001'],
        ['payment', '0.00', '287.50', '0.00', 'INV-000001'],
        ['credit_note', '0.00', '23.00', '-23.00', 'INV-000001'],
        ['refund', '23.00', '0.00', '0.00', 'INV-000001'],
      ],
    );
    assert.equal(statement.body.closingBalance, '0.00');
    const later = await clinic.owner.client.get(
      `/api/patients/${clinic.residentId}/statement?from=${encodeURIComponent('2026-11-02T06:02:30Z')}`,
      by,
    );
    assert.deepEqual([later.body.openingBalance, later.body.entries.length, later.body.closingBalance], ['-23.00', 1, '0.00']);
    assertProblem(await clinic.owner.client.get(`/api/patients/${c.residentId}/statement`, by), 404);
    app.clock.set('2026-11-02T06:00:00Z');
  });

  it("sums a period: invoices by status and the day's collections by method", async () => {
    const clinic = await billingClinic(app.baseUrl);
    const by = { token: clinic.owner.token };
    const make = async (quantity: number) => {
      const created = await clinic.owner.client.post('/api/invoices', {
        ...by,
        body: { patientId: clinic.residentId, items: [{ serviceId: clinic.serviceIds.scaling, quantity }] },
      });
      return (await clinic.owner.client.post(`/api/invoices/${created.body.id}/issue`, by)).body;
    };
    const [one, two] = [await make(1), await make(2)];
    const payWith = (id: string, amount: string, method: string) =>
      clinic.owner.client.post(`/api/invoices/${id}/payments`, {
        ...by,
        headers: { 'idempotency-key': randomUUID() },
        body: { amount, method },
      });
    const cash = (await payWith(one.id, '287.50', 'cash')).body;
    await payWith(two.id, '100', 'card');
    await clinic.owner.client.post(`/api/payments/${cash.id}/refund`, {
      headers: idempotencyKey(),
      ...by,
      body: { amount: '7.50', reason: 'Change' },
    });
    const summary = await clinic.receptionist.client.get(
      `/api/billing/summary?from=${encodeURIComponent('2026-11-02T00:00:00+03:00')}&to=${encodeURIComponent('2026-11-03T00:00:00+03:00')}`,
      { token: clinic.receptionist.token },
    );
    assert.equal(summary.status, 200, JSON.stringify(summary.body));
    const statuses = Object.fromEntries(summary.body.invoices.map((s: any) => [s.status, [s.count, s.total, s.balanceDue]]));
    assert.deepEqual(statuses, { PARTIALLY_PAID: [2, '862.50', '482.50'] });
    assert.deepEqual(
      [
        summary.body.collections.received,
        summary.body.collections.refunded,
        summary.body.collections.net,
        summary.body.collections.payments,
      ],
      ['387.50', '7.50', '380.00', 2],
    );
    assert.deepEqual(summary.body.collections.byMethod.map((m: any) => [m.method, m.amount]).sort(), [
      ['card', '100.00'],
      ['cash', '287.50'],
    ]);
    assertProblem(await clinic.owner.client.get('/api/billing/summary?from=2026-11-02T00:00:00Z', by), 400, ['to']);
    assertProblem(
      await clinic.dentist.client.get(`/api/billing/summary?from=2026-11-02T00:00:00Z&to=2026-11-03T00:00:00Z`, {
        token: clinic.dentist.token,
      }),
      403,
    );
  });

  describe('PDF', () => {
    it('renders the Arabic tax invoice right to left, with the Arabic words extractable in logical order', async () => {
      const invoice = await issued(c.saudiId, [
        { serviceId: c.serviceIds.scaling, quantity: 1, descriptionAr: 'تنظيف الأسنان' },
        { description: 'Electric toothbrush', descriptionAr: 'فرشاة أسنان كهربائية', quantity: 1, unitPrice: '199.99', vatCategory: 'S' },
      ]);
      await pay(invoice.id, '100');
      const response = await c.receptionist.client.get(`/api/invoices/${invoice.id}/pdf?locale=ar`, {
        token: c.receptionist.token,
        binary: true,
      });
      assert.equal(response.status, 200);
      assert.equal(response.contentType, 'application/pdf');
      assert.match(response.headers.get('content-disposition') ?? '', new RegExp(`filename="${invoice.number}.pdf"`));
      const pdf = response.body as Buffer;
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      const text = pdfText(pdf);
      for (const expected of [
        'فاتورة ضريبية مبسطة',
        invoice.number,
        'شركة عيادة الابتسامة لطب الأسنان',
        'Smile Dental Clinic Co.',
        'الرقم الضريبي',
        '310122393500003',
        'محمد القحطاني',
        'تنظيف الأسنان',
        'فرشاة أسنان كهربائية',
        'الإجمالي شامل الضريبة',
        '479.99',
        'المدفوع',
        'الرصيد المستحق',
        '379.99',
        'الخدمات الصحية الخاصة للمواطنين',
      ]) {
        assert.ok(text.includes(expected), `the Arabic PDF's text has "${expected}":\n${text}`);
      }
    });

    it('renders the English tax invoice and the credit note; a draft has none (409), a bad locale is 400', async () => {
      const invoice = await issued();
      const english = await c.owner.client.get(`/api/invoices/${invoice.id}/pdf?locale=en`, { ...token(), binary: true });
      const text = pdfText(english.body);
      for (const expected of [
        'Simplified Tax Invoice',
        invoice.number,
        'Omar Hassan',
        'Fluoride varnish',
        'Total incl. VAT',
        'SAR 402.49',
      ]) {
        assert.ok(text.includes(expected), `the English PDF's text has "${expected}":\n${text}`);
      }
      const note = (await credit(invoice.id, { reason: 'Wrong patient' })).body;
      const notePdf = await c.owner.client.get(`/api/credit-notes/${note.id}/pdf?locale=ar`, { ...token(), binary: true });
      const noteText = pdfText(notePdf.body);
      for (const expected of ['إشعار دائن', note.number, invoice.number, 'Wrong patient']) assert.ok(noteText.includes(expected), expected);
      const draft = await c.owner.client.post('/api/invoices', {
        ...token(),
        body: { patientId: c.residentId, items: [{ description: 'x', quantity: 1, unitPrice: '5' }] },
      });
      assertProblem(await c.owner.client.get(`/api/invoices/${draft.body.id}/pdf`, token()), 409);
      assertProblem(await c.owner.client.get(`/api/invoices/${draft.body.id}/xml`, token()), 409);
      assertProblem(await c.owner.client.get(`/api/invoices/${invoice.id}/pdf?locale=fr`, token()), 400, ['locale']);
      assertProblem(await c.owner.client.get(`/api/credit-notes/${note.id}/pdf`, { token: stranger.owner.token }), 404);
    });
  });
});
