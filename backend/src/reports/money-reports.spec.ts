import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Decimal } from 'decimal.js';
import { STRONG_PASSWORD, startTestApp, type TestApp } from '../../test/harness.js';
import { addStaff, assertProblem, type BillingClinic, billingClinic, idempotencyKey, type Staff } from '../../test/factories.js';
import { newId } from '../common/ids.js';

describe('revenue and receivables reports', () => {
  let app: TestApp;
  let c: BillingClinic;
  const token = () => ({ token: c.owner.token });
  const issue = async (patientId: string, serviceId: string) => {
    const created = await c.owner.client.post('/api/invoices', { ...token(), body: { patientId, items: [{ serviceId, quantity: 1 }] } });
    const issued = await c.owner.client.post(`/api/invoices/${created.body.id}/issue`, token());
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
    return issued.body;
  };
  const pay = async (invoiceId: string, amount: string, receivedAt?: string) => {
    const response = await c.owner.client.post(`/api/invoices/${invoiceId}/payments`, {
      ...token(),
      headers: { 'idempotency-key': randomUUID() },
      body: { amount, method: 'cash', ...(receivedAt ? { receivedAt } : {}) },
    });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return response.body;
  };
  const sum = async (query: string, params: unknown[]) => new Decimal((await app.admin.query(query, params)).rows[0].total ?? 0).toFixed(2);

  /** Moves the API's clock; the staff log in again, as their tokens expired on the way. */
  const setClock = async (instant: string) => {
    app.clock.set(instant);
    for (const staff of [c.owner, c.accountant, c.receptionist, c.dentist] as Staff[]) {
      const login = await staff.client.post('/api/auth/login', { body: { email: staff.user.email, password: STRONG_PASSWORD } });
      assert.equal(login.status, 200, JSON.stringify(login.body));
      staff.token = login.body.accessToken;
    }
  };

  before(async () => {
    app = await startTestApp();
    c = await billingClinic(app.baseUrl);
    await setClock('2027-01-10T09:00:00Z');
    const first = await issue(c.residentId, c.serviceIds.scaling);
    await setClock('2027-02-02T09:00:00Z');
    // 23:30 on 31 January in Riyadh (20:30Z) is January's money.
    await pay(first.id, '100.00', '2027-01-31T20:30:00Z');
    const second = await issue(c.saudiId, c.serviceIds.scaling);
    await pay(second.id, '250.00');
    const credit = await c.owner.client.post(`/api/invoices/${first.id}/credit-notes`, {
      headers: idempotencyKey(),
      ...token(),
      body: { reason: 'Price corrected', items: [{ invoiceItemId: first.items[0].id, amount: '50' }] },
    });
    assert.equal(credit.status, 201, JSON.stringify(credit.body));
    const third = await issue(c.residentId, c.serviceIds.fluoride);
    const payment = await pay(third.id, '38.33');
    const refund = await c.owner.client.post(`/api/payments/${payment.id}/refund`, {
      headers: idempotencyKey(),
      ...token(),
      body: { amount: '10.00', reason: 'Goodwill' },
    });
    assert.equal(refund.status, 201, JSON.stringify(refund.body));
  });
  after(() => app.close());

  it('reconciles with the ledger: collected is the period’s payments, invoiced the issued totals less credit notes', async () => {
    const response = await c.accountant.client.get('/api/reports/revenue?from=2027-01-01&to=2027-03-31&groupBy=month', {
      token: c.accountant.token,
    });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const [january, february, march] = response.body.rows;
    assert.deepEqual(
      response.body.rows.map((r: any) => r.key),
      ['2027-01-01', '2027-02-01', '2027-03-01'],
    );
    assert.equal(january.collected, '100.00');
    assert.equal(january.invoiced, '287.50');
    assert.deepEqual([march.invoiced, march.collected, march.refunded], ['0.00', '0.00', '0.00']);
    const range = [c.clinicId, '2026-12-31T21:00:00Z', '2027-03-31T21:00:00Z'];
    const { totals } = response.body;
    assert.equal(
      totals.collected,
      await sum(`select sum(amount) as total from payments where clinic_id = $1 and processed_at >= $2 and processed_at < $3`, range),
    );
    const issuedTotals = await sum(
      `select sum(total_amount) as total from invoices where clinic_id = $1 and issued_at >= $2 and issued_at < $3`,
      range,
    );
    const credits = await sum(
      `select sum(total_amount) as total from credit_notes where clinic_id = $1 and issued_at >= $2 and issued_at < $3`,
      range,
    );
    assert.equal(totals.invoiced, new Decimal(issuedTotals).minus(credits).toFixed(2));
    assert.equal(totals.refunded, '10.00');
    assert.equal(new Decimal(january.collected).plus(february.collected).plus(march.collected).toFixed(2), totals.collected);
    assert.equal(response.body.currency, 'SAR');
  });

  it('ages what patients owe; the buckets sum to the outstanding balance', async () => {
    for (const asOf of ['2027-02-02', '2027-04-20']) {
      const response = await c.owner.client.get(`/api/reports/receivables?asOf=${asOf}`, token());
      assert.equal(response.status, 200, JSON.stringify(response.body));
      const { totals, rows } = response.body;
      const buckets = [totals.current, totals.days1to30, totals.days31to60, totals.days61to90, totals.over90];
      assert.equal(buckets.reduce((a: Decimal, b: string) => a.plus(b), new Decimal(0)).toFixed(2), totals.total);
      assert.equal(rows.reduce((a: Decimal, r: any) => a.plus(r.total), new Decimal(0)).toFixed(2), totals.total);
      const owed = await sum(
        `select sum(balance_due) as total from invoices where clinic_id = $1 and balance_due > 0 and status <> 'DRAFT'`,
        [c.clinicId],
      );
      assert.equal(totals.total, owed);
    }
    const later = await c.owner.client.get('/api/reports/receivables?asOf=2027-04-20', token());
    assert.equal(later.body.totals.current, '0.00');
    const early = await c.owner.client.get('/api/reports/receivables?asOf=2027-01-05', token());
    assert.deepEqual([early.body.rows, early.body.totals.total], [[], '0.00']);
  });

  it('exports revenue as CSV; refuses the Receptionist and bad dates', async () => {
    const csv = await c.owner.client.get('/api/reports/revenue?from=2027-01-01&to=2027-02-28&format=csv', { ...token(), binary: true });
    assert.equal(csv.status, 200);
    const lines = (csv.body as Buffer).subarray(3).toString('utf8').split('\r\n');
    assert.match(lines[0]!, /^Month,Invoiced \(net of credit notes\),VAT,Collected,Refunded$/);
    assert.match(lines[1]!, /^2027-01,287\.50,37\.50,100\.00,0\.00$/);
    assertProblem(
      await c.receptionist.client.get('/api/reports/revenue?from=2027-01-01&to=2027-01-31', { token: c.receptionist.token }),
      403,
    );
    assertProblem(await c.owner.client.get('/api/reports/receivables?asOf=2027-13-01', token()), 400, ['asOf']);
    const hygienist = await addStaff(app.baseUrl, c.owner, 'HYGIENIST');
    const own = await hygienist.client.get('/api/reports/revenue?from=2027-01-01&to=2027-03-31', { token: hygienist.token });
    assert.equal(own.body.totals.invoiced, '0.00');
  });

  it('shares money out by service: each line its own invoiced and VAT, payments and refunds pro rata; rows add up to the month', async () => {
    const query = 'from=2027-01-01&to=2027-02-28';
    const byService = await c.accountant.client.get(`/api/reports/revenue?${query}&groupBy=service`, { token: c.accountant.token });
    assert.equal(byService.status, 200, JSON.stringify(byService.body));
    const byMonth = await c.accountant.client.get(`/api/reports/revenue?${query}&groupBy=month`, { token: c.accountant.token });
    // Only services that moved money, by name: Fluoride varnish, then Scaling.
    assert.deepEqual(
      byService.body.rows.map((r: any) => [r.key, r.label]),
      [
        [c.serviceIds.fluoride, 'Fluoride varnish'],
        [c.serviceIds.scaling, 'Scaling'],
      ],
    );
    const [fluoride, scaling] = byService.body.rows;
    // Fluoride: one invoice (33.33 + 15 % VAT = 38.33), paid in full, 10.00 refunded.
    assert.deepEqual([fluoride.invoiced, fluoride.vat, fluoride.collected, fluoride.refunded], ['38.33', '5.00', '38.33', '10.00']);
    // Scaling: 287.50 (resident, 15 %) + 250.00 (Saudi, zero-rated) less the 57.50 credit note; 100 + 250 paid.
    assert.deepEqual([scaling.invoiced, scaling.vat, scaling.collected, scaling.refunded], ['480.00', '30.00', '350.00', '0.00']);
    assert.deepEqual(byService.body.totals, byMonth.body.totals);
    const csv = await c.owner.client.get(`/api/reports/revenue?${query}&groupBy=service&format=csv&locale=ar`, {
      ...token(),
      binary: true,
    });
    const lines = (csv.body as Buffer).subarray(3).toString('utf8').split('\r\n');
    assert.match(lines[0]!, /^الخدمة,/);
  });

  it("sums up the dashboard's money in one read, equal to the reports' own figures; only for Owner, Admin and Accountant", async () => {
    // This week in Riyadh is Sunday 31 January to Saturday 6 February 2027 (the clock says 2 February).
    const noShow = async (start: string) =>
      app.admin.query(
        `insert into appointments (clinic_id, id, patient_id, dentist_id, service_id, start_at, end_at, status)
         values ($1, $2, $3, $4, $5, $6, $6::timestamptz + interval '30 minutes', 'no_show')`,
        [c.clinicId, newId(), c.residentId, c.dentist.user.id, c.serviceIds.scaling, start],
      );
    await noShow('2027-01-31T00:30+03:00'); // Sunday, just after midnight in Riyadh (30 January in UTC): this week.
    await noShow('2027-02-01T10:00+03:00');
    await noShow('2027-01-30T23:30+03:00'); // Last Saturday: last week.
    const summary = await c.accountant.client.get('/api/reports/summary', { token: c.accountant.token });
    assert.equal(summary.status, 200, JSON.stringify(summary.body));
    const today = await c.accountant.client.get('/api/reports/revenue?from=2027-02-02&to=2027-02-02', { token: c.accountant.token });
    const owed = await c.accountant.client.get('/api/reports/receivables?asOf=2027-02-02', { token: c.accountant.token });
    const week = await c.accountant.client.get('/api/reports/appointments?from=2027-01-31&to=2027-02-06&groupBy=week', {
      token: c.accountant.token,
    });
    assert.deepEqual(summary.body, {
      date: '2027-02-02',
      timezone: 'Asia/Riyadh',
      currency: 'SAR',
      weekFrom: '2027-01-31',
      weekTo: '2027-02-06',
      invoicedToday: today.body.totals.invoiced,
      collectedToday: today.body.totals.collected,
      noShowsThisWeek: 2,
      outstanding: owed.body.totals.total,
    });
    assert.equal(week.body.totals.noShow, 2);
    // 250.00 + 38.33 issued today less the 57.50 credit note; 250.00 + 38.33 paid today (the 100.00 was back-dated).
    assert.deepEqual([summary.body.invoicedToday, summary.body.collectedToday], ['230.83', '288.33']);
    assert.notEqual(summary.body.outstanding, '0.00');
    for (const who of [c.receptionist, c.dentist]) {
      assertProblem(await who.client.get('/api/reports/summary', { token: who.token }), 403);
    }
  });
});

/** The revenue ledger (revenue_entries) that the database keeps from the billing tables, as reports read it. */
describe('the revenue ledger', () => {
  let app: TestApp;
  let c: BillingClinic;
  let otherDentist: Staff;
  let appointmentId: string;
  let invoice: any;
  const token = () => ({ token: c.owner.token });
  const byDentist = async () => {
    const response = await c.accountant.client.get('/api/reports/revenue?from=2027-01-01&to=2027-01-31&groupBy=dentist', {
      token: c.accountant.token,
    });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return new Map<string, any>(response.body.rows.map((row: any) => [row.key, row]));
  };

  before(async () => {
    app = await startTestApp();
    app.clock.set('2027-01-10T09:00:00Z');
    c = await billingClinic(app.baseUrl);
    otherDentist = await addStaff(app.baseUrl, c.owner, 'DENTIST');
    appointmentId = newId();
    await app.admin.query(
      `insert into appointments (clinic_id, id, patient_id, dentist_id, service_id, start_at, end_at, status)
       values ($1, $2, $3, $4, $5, '2027-01-10T06:00Z', '2027-01-10T06:30Z', 'completed')`,
      [c.clinicId, appointmentId, c.residentId, c.dentist.user.id, c.serviceIds.scaling],
    );
    // Three lines whose totals do not divide a payment evenly: 287.50, 38.33 and 76.66 (resident, 15 % VAT).
    const items = [
      { serviceId: c.serviceIds.scaling, quantity: 1 },
      { serviceId: c.serviceIds.fluoride, quantity: 1 },
      { serviceId: c.serviceIds.fluoride, quantity: 2 },
    ];
    const created = await c.owner.client.post('/api/invoices', { ...token(), body: { patientId: c.residentId, appointmentId, items } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    invoice = (await c.owner.client.post(`/api/invoices/${created.body.id}/issue`, token())).body;
    const payment = await c.owner.client.post(`/api/invoices/${invoice.id}/payments`, {
      ...token(),
      headers: idempotencyKey(),
      body: { amount: '100.00', method: 'card' },
    });
    assert.equal(payment.status, 201, JSON.stringify(payment.body));
    const refund = await c.owner.client.post(`/api/payments/${payment.body.id}/refund`, {
      ...token(),
      headers: idempotencyKey(),
      body: { amount: '33.33', reason: 'Goodwill' },
    });
    assert.equal(refund.status, 201, JSON.stringify(refund.body));
    const credit = await c.owner.client.post(`/api/invoices/${invoice.id}/credit-notes`, {
      ...token(),
      headers: idempotencyKey(),
      body: { reason: 'Not done', items: [{ invoiceItemId: invoice.items[1].id, amount: '33.33' }] },
    });
    assert.equal(credit.status, 201, JSON.stringify(credit.body));
  });
  after(() => app.close());

  it('splits a payment and a refund over the lines so the shares add up to each exactly', async () => {
    const { rows } = await app.admin.query(
      `select source_id, (sum(collected_micros) / 1e6)::numeric(20, 6)::text as collected,
              (sum(refunded_micros) / 1e6)::numeric(20, 6)::text as refunded, count(*)::int as lines,
              bool_and(collected_micros >= 0 and refunded_micros >= 0) as non_negative
       from revenue_entries where clinic_id = $1 and (collected_micros <> 0 or refunded_micros <> 0) group by source_id order by 2 desc`,
      [c.clinicId],
    );
    assert.deepEqual(rows, [
      { source_id: rows[0].source_id, collected: '100.000000', refunded: '0.000000', lines: 3, non_negative: true },
      { source_id: rows[1].source_id, collected: '0.000000', refunded: '33.330000', lines: 3, non_negative: true },
    ]);
  });

  it('recomputes the same rows in bulk, under one lock per clinic (a bulk load, the backfill)', async () => {
    const ledger = () =>
      app.admin.query('select * from revenue_entries where clinic_id = $1 order by source_id, line_id', [c.clinicId]).then((r) => r.rows);
    const before = await ledger();
    const refreshed = await app.admin.query(
      `begin;
       select revenue_entries_refresh(array_fill(clinic_id, array[65]), array_fill(id, array[65])) from invoices where id = '${invoice.id}';
       select count(*)::int as n from pg_locks where locktype = 'advisory' and pid = pg_backend_pid();
       commit;`,
    );
    assert.equal((refreshed as unknown as { rows: { n: number }[] }[])[2]!.rows[0]!.n, 1, 'one clinic lock, not 65 invoice locks');
    assert.deepEqual(await ledger(), before);
  });

  it('equals the billing tables it is kept from, invoice by invoice', async () => {
    const { rows } = await app.admin.query(
      `with sources as (
         select id as source_id, total_amount as amount, 'invoiced' as kind from invoices where clinic_id = $1 and issued_at is not null
         union all select id, -total_amount, 'invoiced' from credit_notes where clinic_id = $1
         union all select id, amount, 'collected' from payments where clinic_id = $1 and status in ('SUCCEEDED', 'REFUNDED')
         union all select id, amount, 'refunded' from payment_refunds where clinic_id = $1
       ), ledger as (
         select source_id, sum(invoiced_micros) / 1e6 as invoiced, sum(collected_micros) / 1e6 as collected,
                sum(refunded_micros) / 1e6 as refunded
         from revenue_entries where clinic_id = $1 group by source_id
       )
       select s.source_id, s.kind, s.amount, l.* from sources s full join ledger l on l.source_id = s.source_id
       where s.amount is distinct from case s.kind when 'invoiced' then l.invoiced when 'collected' then l.collected else l.refunded end`,
      [c.clinicId],
    );
    assert.deepEqual(rows, []);
    const count = await app.admin.query('select count(*)::int as n from revenue_entries where clinic_id = $1', [c.clinicId]);
    assert.equal(count.rows[0].n, 3 + 1 + 3 + 3, 'three lines, one credited line, a payment and a refund over three lines');
  });

  it('takes one refresh of an invoice at a time: a dentist change waits for a payment being recorded, then counts it', async () => {
    const [paying, moving] = [await app.admin.connect(), await app.admin.connect()];
    try {
      await paying.query('begin');
      await paying.query(
        `insert into payments (clinic_id, id, invoice_id, amount, status, method, processed_at)
         values ($1, $2, $3, 10, 'SUCCEEDED', 'cash', '2027-01-20T10:00Z')`,
        [c.clinicId, newId(), invoice.id],
      );
      const movingPid = (await moving.query('select pg_backend_pid() as pid')).rows[0].pid;
      await moving.query('begin');
      const moved = moving.query('update appointments set dentist_id = $1 where clinic_id = $2 and id = $3', [
        otherDentist.user.id,
        c.clinicId,
        appointmentId,
      ]);
      for (let waited = 0; waited < 100; waited++) {
        const { rows } = await paying.query('select count(*)::int as n from pg_locks where pid = $1 and not granted', [movingPid]);
        if (rows[0].n > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await paying.query('commit');
      await moved;
      await moving.query('commit');
    } finally {
      // Closed, not pooled: a failed step would leave a connection inside its transaction.
      paying.release(true);
      moving.release(true);
    }
    const { rows } = await app.admin.query(
      `select count(distinct source_id)::int as payments, bool_and(dentist_id = $2) as moved
       from revenue_entries where clinic_id = $1 and collected_micros > 0`,
      [c.clinicId, otherDentist.user.id],
    );
    assert.deepEqual(rows[0], { payments: 2, moved: true });
    // As it was for the next test: the first dentist's visit, without the extra payment.
    await app.admin.query('delete from payments where clinic_id = $1 and amount = 10', [c.clinicId]);
    await app.admin.query('update appointments set dentist_id = $1 where clinic_id = $2 and id = $3', [
      c.dentist.user.id,
      c.clinicId,
      appointmentId,
    ]);
  });

  it("follows the appointment's dentist: reassigned later, the visit's money moves with it", async () => {
    const before = await byDentist();
    assert.deepEqual(
      [before.get(c.dentist.user.id).invoiced, before.get(c.dentist.user.id).collected, before.get(c.dentist.user.id).refunded],
      ['364.16', '100.00', '33.33'], // 402.49 invoiced less the 38.33 credit note (33.33 net + VAT)
    );
    assert.equal(before.get(otherDentist.user.id).invoiced, '0.00');
    await app.admin.query('update appointments set dentist_id = $1 where clinic_id = $2 and id = $3', [
      otherDentist.user.id,
      c.clinicId,
      appointmentId,
    ]);
    const after = await byDentist();
    assert.deepEqual(after.get(otherDentist.user.id), {
      ...before.get(c.dentist.user.id),
      key: otherDentist.user.id,
      label: after.get(otherDentist.user.id).label,
    });
    assert.deepEqual([after.get(c.dentist.user.id).invoiced, after.get(c.dentist.user.id).collected], ['0.00', '0.00']);
    const own = await otherDentist.client.get('/api/reports/revenue?from=2027-01-01&to=2027-01-31&groupBy=month', {
      token: otherDentist.token,
    });
    assert.equal(own.body.totals.collected, '100.00');
  });
  it('gives an invoice issued while its visit changes dentist to the new dentist, whichever commits first', async () => {
    const visit = newId();
    await app.admin.query(
      `insert into appointments (clinic_id, id, patient_id, dentist_id, service_id, start_at, end_at, status)
       values ($1, $2, $3, $4, $5, '2027-01-10T07:00Z', '2027-01-10T07:30Z', 'completed')`,
      [c.clinicId, visit, c.saudiId, c.dentist.user.id, c.serviceIds.scaling],
    );
    const draft = await c.owner.client.post('/api/invoices', {
      ...token(),
      body: { patientId: c.saudiId, appointmentId: visit, items: [{ serviceId: c.serviceIds.scaling, quantity: 1 }] },
    });
    assert.equal(draft.status, 201, JSON.stringify(draft.body));
    const moving = await app.admin.connect();
    try {
      await moving.query('begin');
      await moving.query('update appointments set dentist_id = $1 where clinic_id = $2 and id = $3', [
        otherDentist.user.id,
        c.clinicId,
        visit,
      ]);
      const issued = c.owner.client.post(`/api/invoices/${draft.body.id}/issue`, token());
      for (let waited = 0; waited < 100; waited++) {
        const { rows } = await moving.query("select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted");
        if (rows[0].n > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await moving.query('commit');
      assert.equal((await issued).status, 200);
    } finally {
      moving.release(true);
    }
    const { rows } = await app.admin.query('select distinct dentist_id from revenue_entries where clinic_id = $1 and invoice_id = $2', [
      c.clinicId,
      draft.body.id,
    ]);
    assert.deepEqual(rows, [{ dentist_id: otherDentist.user.id }]);
  });
});
