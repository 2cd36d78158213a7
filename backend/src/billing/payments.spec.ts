import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { assertProblem, type BillingClinic, billingClinic, idempotencyKey, type Staff } from '../../test/factories.js';

describe('payments and refunds', () => {
  let app: TestApp;
  let c: BillingClinic;
  let stranger: BillingClinic;
  before(async () => {
    app = await startTestApp();
    c = await billingClinic(app.baseUrl);
    stranger = await billingClinic(app.baseUrl);
  });
  after(() => app.close());

  /** An issued invoice for the resident: 250.00 + 3 x 33.33, VAT 52.50, total 402.49. */
  async function issuedInvoice(clinic: BillingClinic = c): Promise<string> {
    const created = await clinic.owner.client.post('/api/invoices', {
      token: clinic.owner.token,
      body: {
        patientId: clinic.residentId,
        items: [
          { serviceId: clinic.serviceIds.scaling, quantity: 1 },
          { serviceId: clinic.serviceIds.fluoride, quantity: 3 },
        ],
      },
    });
    const issued = await clinic.owner.client.post(`/api/invoices/${created.body.id}/issue`, { token: clinic.owner.token });
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
    assert.equal(issued.body.total, '402.49');
    return created.body.id;
  }
  const pay = (by: Staff, invoiceId: string, body: Record<string, unknown>, key: string | null = randomUUID()) =>
    by.client.post(`/api/invoices/${invoiceId}/payments`, {
      token: by.token,
      body,
      headers: key === null ? {} : { 'idempotency-key': key },
    });
  const invoice = async (id: string) => (await c.owner.client.get(`/api/invoices/${id}`, { token: c.owner.token })).body;
  const paymentCount = async (invoiceId: string) =>
    Number((await app.admin.query('select count(*) from payments where invoice_id = $1', [invoiceId])).rows[0].count);

  it('pays part, then the rest: PARTIALLY_PAID, then PAID, each payment audited', async () => {
    const id = await issuedInvoice();
    const first = await pay(c.receptionist, id, { amount: '100', method: 'cash' });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.deepEqual(
      [first.body.amount, first.body.method, first.body.status, first.body.receivedAt, first.body.receivedById],
      ['100.00', 'cash', 'SUCCEEDED', '2026-11-02T06:00:00.000Z', c.receptionist.user.id],
    );
    let current = await invoice(id);
    assert.deepEqual([current.status, current.amountPaid, current.balanceDue], ['PARTIALLY_PAID', '100.00', '302.49']);
    const rest = await pay(c.accountant, id, {
      amount: '302.49',
      method: 'card',
      reference: 'POS 4411',
      receivedAt: '2026-11-02T08:30:00+03:00',
    });
    assert.equal(rest.status, 201, JSON.stringify(rest.body));
    current = await invoice(id);
    assert.deepEqual([current.status, current.amountPaid, current.balanceDue], ['PAID', '402.49', '0.00']);
    assert.deepEqual(
      current.payments.map((p: any) => [p.amount, p.method, p.reference]),
      [
        ['302.49', 'card', 'POS 4411'],
        ['100.00', 'cash', null],
      ],
      'in the order the money was received',
    );
    const { rows } = await app.admin.query(
      "select metadata from audit_logs where action = 'PAYMENT_RECORDED' and metadata->>'invoiceId' = $1",
      [id],
    );
    assert.equal(rows.length, 2);
    assertProblem(await pay(c.owner, id, { amount: '0.01', method: 'cash' }), 422);
  });

  it('records a retried request once: same key and body give the same payment; the same key with another body is 422', async () => {
    const id = await issuedInvoice();
    const key = randomUUID();
    const first = await pay(c.receptionist, id, { amount: '50.00', method: 'cash' }, key);
    const retry = await pay(c.receptionist, id, { amount: '50', method: 'cash' }, key);
    assert.deepEqual([first.status, retry.status], [201, 201]);
    assert.equal(retry.body.id, first.body.id);
    assert.equal(await paymentCount(id), 1);
    assert.equal((await invoice(id)).amountPaid, '50.00');
    const other = await pay(c.receptionist, id, { amount: '60.00', method: 'cash' }, key);
    assertProblem(other, 422);
    assert.equal(other.body.type, 'idempotency-key-reused');
    const otherInvoice = await issuedInvoice();
    assertProblem(await pay(c.receptionist, otherInvoice, { amount: '50.00', method: 'cash' }, key), 422);
    assert.equal(await paymentCount(otherInvoice), 0);
    assert.equal(await paymentCount(id), 1);
  });

  it('needs an Idempotency-Key (400) and refuses bad amounts and methods (400), writing nothing', async () => {
    const id = await issuedInvoice();
    assertProblem(await pay(c.owner, id, { amount: '10', method: 'cash' }, null), 400, ['Idempotency-Key']);
    assertProblem(await pay(c.owner, id, { amount: '10', method: 'cash' }, 'short'), 400, ['Idempotency-Key']);
    const bad: [Record<string, unknown>, string[]][] = [
      [{ amount: 10, method: 'cash' }, ['amount']],
      [{ amount: '0', method: 'cash' }, ['amount']],
      [{ amount: '-5', method: 'cash' }, ['amount']],
      [{ amount: 'abc', method: 'cash' }, ['amount']],
      [{ amount: '10.001', method: 'cash' }, ['amount']],
      [{ amount: '10', method: 'bitcoin' }, ['method']],
      [{ amount: '10', method: 'cash', receivedAt: '2026-11-03T06:00:00Z' }, ['receivedAt']],
      [{ amount: '10', method: 'cash', status: 'SUCCEEDED' }, ['status']],
    ];
    for (const [body, paths] of bad) assertProblem(await pay(c.owner, id, body), 400, paths);
    assert.equal(await paymentCount(id), 0);
  });

  it('refuses more than the balance (422) and a payment on a draft (409), writing nothing', async () => {
    const id = await issuedInvoice();
    const over = await pay(c.owner, id, { amount: '402.50', method: 'cash' });
    assertProblem(over, 422);
    assert.equal(over.body.balanceDue, '402.49');
    const draft = await c.owner.client.post('/api/invoices', {
      token: c.owner.token,
      body: { patientId: c.residentId, items: [{ description: 'x', quantity: 1, unitPrice: '5' }] },
    });
    assertProblem(await pay(c.owner, draft.body.id, { amount: '1', method: 'cash' }), 409);
    assert.equal(await paymentCount(id), 0);
    assert.equal(await paymentCount(draft.body.id), 0);
  });

  it('never overdraws under concurrent payments: of ten 50.00 payments on 402.49, eight go through', async () => {
    const id = await issuedInvoice();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => pay(i % 2 ? c.accountant : c.receptionist, id, { amount: '50', method: 'cash' })),
    );
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 201, 201, 201, 201, 201, 201, 201, 422, 422]);
    const current = await invoice(id);
    assert.deepEqual([current.amountPaid, current.balanceDue, current.status], ['400.00', '2.49', 'PARTIALLY_PAID']);
    assert.equal(await paymentCount(id), 8);
  });

  it('records a double-submitted payment once: ten concurrent requests with one key', async () => {
    const id = await issuedInvoice();
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 10 }, () => pay(c.receptionist, id, { amount: '402.49', method: 'card' }, key)));
    assert.deepEqual(
      results.map((r) => r.status),
      Array.from({ length: 10 }, () => 201),
    );
    assert.equal(new Set(results.map((r) => r.body.id)).size, 1);
    assert.equal(await paymentCount(id), 1);
    assert.equal((await invoice(id)).status, 'PAID');
  });

  describe('refunds', () => {
    it('gives back part of a payment (the invoice owes it again), then the rest (payment REFUNDED), audited', async () => {
      const id = await issuedInvoice();
      const payment = (await pay(c.owner, id, { amount: '402.49', method: 'card' })).body;
      const part = await c.accountant.client.post(`/api/payments/${payment.id}/refund`, {
        headers: idempotencyKey(),
        token: c.accountant.token,
        body: { amount: '100', reason: 'Overcharged' },
      });
      assert.equal(part.status, 201, JSON.stringify(part.body));
      assert.deepEqual([part.body.amount, part.body.reason, part.body.invoiceId], ['100.00', 'Overcharged', id]);
      let current = await invoice(id);
      assert.deepEqual([current.status, current.amountPaid, current.balanceDue], ['PARTIALLY_PAID', '302.49', '100.00']);
      assert.deepEqual(
        [current.payments[0].refundedAmount, current.payments[0].status, current.payments[0].refunds.length],
        ['100.00', 'SUCCEEDED', 1],
      );
      const over = await c.owner.client.post(`/api/payments/${payment.id}/refund`, {
        headers: idempotencyKey(),
        token: c.owner.token,
        body: { amount: '302.50', reason: 'x' },
      });
      assertProblem(over, 422);
      const rest = await c.owner.client.post(`/api/payments/${payment.id}/refund`, {
        headers: idempotencyKey(),
        token: c.owner.token,
        body: { amount: '302.49', reason: 'Treatment cancelled' },
      });
      assert.equal(rest.status, 201);
      current = await invoice(id);
      assert.deepEqual(
        [current.status, current.amountPaid, current.balanceDue, current.payments[0].status],
        ['SENT', '0.00', '402.49', 'REFUNDED'],
      );
      const { rows } = await app.admin.query(
        "select count(*)::int as n from audit_logs where action = 'PAYMENT_REFUNDED' and entity_id = $1",
        [payment.id],
      );
      assert.equal(rows[0].n, 2);
    });

    it('never refunds more than was paid under concurrent refunds', async () => {
      const id = await issuedInvoice();
      const payment = (await pay(c.owner, id, { amount: '100', method: 'cash' })).body;
      const results = await Promise.all(
        Array.from({ length: 6 }, () =>
          c.owner.client.post(`/api/payments/${payment.id}/refund`, {
            headers: idempotencyKey(),
            token: c.owner.token,
            body: { amount: '30', reason: 'Split' },
          }),
        ),
      );
      assert.deepEqual(results.map((r) => r.status).sort(), [201, 201, 201, 422, 422, 422]);
      const { rows } = await app.admin.query('select refunded_amount from payments where id = $1', [payment.id]);
      assert.equal(rows[0].refunded_amount, '90.000');
    });

    it('refunds once per Idempotency-Key: a retry returns the same refund, another body is 422, no key is 400', async () => {
      const id = await issuedInvoice();
      const payment = (await pay(c.owner, id, { amount: '402.49', method: 'card' })).body;
      const key = randomUUID();
      const refund = (body: Record<string, unknown>, headers: Record<string, string> = idempotencyKey(key)) =>
        c.accountant.client.post(`/api/payments/${payment.id}/refund`, { token: c.accountant.token, headers, body });
      const refunds = async () =>
        (await app.admin.query('select amount from payment_refunds where payment_id = $1', [payment.id])).rows.map((r) => r.amount);
      const first = await refund({ amount: '100', reason: 'Overcharged' });
      assert.equal(first.status, 201, JSON.stringify(first.body));
      // The same request again (a lost response, a second click): the same refund, nothing new.
      const retry = await refund({ amount: '100.00', reason: 'Overcharged' });
      assert.equal(retry.status, 201);
      assert.deepEqual(retry.body, first.body);
      assert.deepEqual(await refunds(), ['100.000']);
      // The same key for another refund: 422, nothing written.
      const other = await refund({ amount: '50', reason: 'Overcharged' });
      assertProblem(other, 422);
      assert.equal(other.body.type, 'idempotency-key-reused');
      assertProblem(await refund({ amount: '100', reason: 'Something else' }), 422);
      // No key: 400 naming the header.
      assertProblem(await refund({ amount: '100', reason: 'Overcharged' }, {}), 400);
      assert.deepEqual(await refunds(), ['100.000']);
      const current = await invoice(id);
      assert.deepEqual([current.amountPaid, current.balanceDue, current.payments[0].refundedAmount], ['302.49', '100.00', '100.00']);
      const { rows } = await app.admin.query(
        "select count(*)::int as n from audit_logs where action = 'PAYMENT_REFUNDED' and entity_id = $1",
        [payment.id],
      );
      assert.equal(rows[0].n, 1);
    });

    it('records a double-submitted refund once: ten concurrent requests with one key', async () => {
      const id = await issuedInvoice();
      const payment = (await pay(c.owner, id, { amount: '402.49', method: 'card' })).body;
      const headers = idempotencyKey();
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          c.owner.client.post(`/api/payments/${payment.id}/refund`, {
            token: c.owner.token,
            headers,
            body: { amount: '40', reason: 'Split' },
          }),
        ),
      );
      assert.deepEqual(
        results.map((r) => r.status),
        Array.from({ length: 10 }, () => 201),
      );
      assert.equal(new Set(results.map((r) => r.body.id)).size, 1);
      const { rows } = await app.admin.query('select count(*)::int as n, sum(amount) as total from payment_refunds where payment_id = $1', [
        payment.id,
      ]);
      assert.deepEqual([rows[0].n, rows[0].total], [1, '40.000']);
      assert.equal((await invoice(id)).amountPaid, '362.49');
    });

    it("answers 404 for another clinic's payment, 400 for a bad body, 403 for clinical roles", async () => {
      const foreignInvoice = await issuedInvoice(stranger);
      const foreign = (await pay(stranger.owner, foreignInvoice, { amount: '10', method: 'cash' })).body;
      assertProblem(
        await c.owner.client.post(`/api/payments/${foreign.id}/refund`, {
          headers: idempotencyKey(),
          token: c.owner.token,
          body: { amount: '1', reason: 'x' },
        }),
        404,
      );
      const id = await issuedInvoice();
      const payment = (await pay(c.owner, id, { amount: '10', method: 'cash' })).body;
      assertProblem(
        await c.owner.client.post(`/api/payments/${payment.id}/refund`, {
          headers: idempotencyKey(),
          token: c.owner.token,
          body: { amount: '1' },
        }),
        400,
        ['reason'],
      );
      assertProblem(
        await c.dentist.client.post(`/api/payments/${payment.id}/refund`, {
          headers: idempotencyKey(),
          token: c.dentist.token,
          body: { amount: '1', reason: 'x' },
        }),
        403,
      );
      assertProblem(await pay(c.dentist, id, { amount: '1', method: 'cash' }), 403);
      const { rows } = await app.admin.query('select refunded_amount from payments where id = any($1)', [[foreign.id, payment.id]]);
      assert.ok(rows.every((r) => r.refunded_amount === '0.000'));
    });
  });
});
