import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestApp, startTestWorker, type TestApp, type TestWorker } from '../../test/harness.js';
import { addStaff, assertProblem, type BillingClinic, billingClinic, idempotencyKey, type Staff } from '../../test/factories.js';
import { SmtpSink } from '../../test/smtp-sink.js';
import { renderInvoiceEmail, type InvoiceEmailDetails } from './invoice-message.js';
import { settledNotification } from '../../test/notifications.js';

/** The text poppler extracts from a PDF, without bidi controls. */
function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'invoice-mail-'));
  try {
    const file = path.join(dir, 'invoice.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', [file, '-'])
      .toString('utf8')
      .replace(/[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('invoice email text', () => {
  const details: InvoiceEmailDetails = {
    clinic: { name: 'Smile Dental', timezone: 'Asia/Riyadh', phone: '+966 11 555 0000' },
    patient: { firstName: 'Omar' },
    number: 'INV-000007',
    currency: 'SAR',
    total: '402.49',
    balanceDue: '102.49',
    dueAt: '2026-12-02T20:59:59.999Z',
    issuedAt: '2026-11-02T06:00:00.000Z',
  };
  const cases: [string, InvoiceEmailDetails, 'en' | 'ar', string, string[], string[]][] = [
    [
      'English, money owed',
      details,
      'en',
      'Invoice INV-000007 from Smile Dental',
      [
        'Dear Omar,',
        'Invoice number: INV-000007',
        'Issue date: November 2, 2026',
        'Balance due: SAR',
        '102.49',
        'Due date: December 2, 2026',
      ],
      ['fully paid'],
    ],
    [
      'Arabic, money owed',
      details,
      'ar',
      'فاتورة رقم INV-000007 من Smile Dental',
      ['مرحبًا', 'رقم الفاتورة', 'الرصيد المستحق', 'تاريخ الاستحقاق', '+966 11 555 0000'],
      ['Balance'],
    ],
    [
      'English, paid',
      { ...details, balanceDue: '0.00' },
      'en',
      'Invoice INV-000007 from Smile Dental',
      ['fully paid'],
      ['Balance due', 'Due date'],
    ],
  ];
  for (const [name, input, locale, subject, has, hasNot] of cases) {
    it(name, () => {
      const message = renderInvoiceEmail(input, locale);
      assert.equal(message.subject, subject);
      for (const part of has) assert.ok(message.text.replace(/[\u2066-\u2069]/g, '').includes(part), `"${part}" in:\n${message.text}`);
      for (const part of hasNot) assert.ok(!message.text.includes(part), `no "${part}" in:\n${message.text}`);
      assert.match(String(message.html), locale === 'ar' ? /dir="rtl"/ : /dir="ltr"/);
    });
  }
});

/** "Email invoice": the API queues it, the worker sends it through a real SMTP server with the PDF attached. */
describe('emailing invoices', () => {
  let app: TestApp;
  let worker: TestWorker;
  let sink: SmtpSink;
  let c: BillingClinic;
  let stranger: BillingClinic;
  let hygienist: Staff;

  before(async () => {
    sink = await SmtpSink.start();
    app = await startTestApp({ SMTP_URL: sink.url, MAIL_FROM: 'Smile Dental <billing@smile.example>' });
    worker = await startTestWorker(app);
    c = await billingClinic(app.baseUrl);
    stranger = await billingClinic(app.baseUrl);
    hygienist = await addStaff(app.baseUrl, c.owner, 'HYGIENIST');
  });
  after(async () => {
    await worker?.close();
    await app?.close();
    await sink?.close();
  });

  const setPatient = async (patientId: string, body: Record<string, unknown>) => {
    const response = await c.owner.client.patch(`/api/patients/${patientId}`, { token: c.owner.token, body });
    assert.equal(response.status, 200, JSON.stringify(response.body));
  };
  const invoice = async (patientId: string, options: { issue?: boolean } = {}) => {
    const draft = await c.accountant.client.post('/api/invoices', {
      token: c.accountant.token,
      body: { patientId, items: [{ serviceId: c.serviceIds.scaling, quantity: 1 }] },
    });
    assert.equal(draft.status, 201, JSON.stringify(draft.body));
    if (options.issue === false) return draft.body as { id: string; number: string };
    const issued = await c.accountant.client.post(`/api/invoices/${draft.body.id}/issue`, { token: c.accountant.token });
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
    return issued.body as { id: string; number: string };
  };
  const send = (by: Staff, invoiceId: string, body: unknown = {}) =>
    by.client.post(`/api/invoices/${invoiceId}/send`, { token: by.token, body: body as Record<string, unknown> });
  const settled = (id: string) => settledNotification(app.admin, id, 30_000);
  const written = async () => {
    const count = async (sql: string) => Number((await app.admin.query(sql, [c.clinicId])).rows[0].count);
    return {
      notifications: await count("select count(*) from notifications where clinic_id = $1 and template = 'invoice'"),
      audits: await count("select count(*) from audit_logs where clinic_id = $1 and action = 'INVOICE_SENT'"),
    };
  };

  it("sends the PDF to the patient's address in English: the attachment is the invoice, the row is sent, the send audited", async () => {
    await setPatient(c.residentId, { email: 'omar@example.test', preferredLanguage: 'en' });
    const issued = await invoice(c.residentId);
    const response = await send(c.accountant, issued.id);
    assert.equal(response.status, 201, JSON.stringify(response.body));
    assert.equal(response.body.template, 'invoice');
    assert.equal(response.body.type, 'email');
    assert.equal(response.body.invoiceId, issued.id);
    assert.equal(response.body.patientId, c.residentId);
    assert.equal(response.body.recipient, 'omar@example.test');
    assert.equal(response.body.locale, 'en');

    const mail = await sink.waitFor((m) => m.notificationId === response.body.id);
    assert.deepEqual(mail.to, ['omar@example.test']);
    const parsed = await sink.parse(mail);
    assert.equal(parsed.subject, `Invoice ${issued.number} from Smile Dental`);
    assert.ok(parsed.text?.includes('Dear Omar,'), parsed.text);
    assert.ok(parsed.text?.includes('287.50'), parsed.text);
    assert.equal(parsed.attachments.length, 1);
    const [pdf] = parsed.attachments;
    assert.equal(pdf!.contentType, 'application/pdf');
    assert.equal(pdf!.filename, `${issued.number}.pdf`);
    assert.equal(pdf!.content.subarray(0, 5).toString('latin1'), '%PDF-');
    const text = pdfText(pdf!.content);
    assert.ok(text.includes(issued.number), text);
    assert.ok(text.includes('Simplified Tax Invoice'), text);

    const sent = await settled(response.body.id);
    assert.equal(sent.status, 'sent');
    assert.equal(sent.subject, parsed.subject);
    const audit = await app.admin.query("select user_id, metadata from audit_logs where entity_id = $1 and action = 'INVOICE_SENT'", [
      issued.id,
    ]);
    assert.equal(audit.rows.length, 1);
    assert.equal(audit.rows[0].user_id, c.accountant.user.id);
    assert.equal(audit.rows[0].metadata.notificationId, response.body.id);

    const listed = await c.accountant.client.get(`/api/notifications?invoiceId=${issued.id}`, { token: c.accountant.token });
    assert.equal(listed.status, 200);
    assert.deepEqual(
      listed.body.items.map((n: { id: string; status: string }) => [n.id, n.status]),
      [[response.body.id, 'sent']],
    );
  });

  it("writes to an Arabic patient in Arabic (subject and PDF); sending again is a second message; 'to' sends elsewhere", async () => {
    await setPatient(c.saudiId, { email: 'mohammed@example.test', preferredLanguage: 'ar' });
    const issued = await invoice(c.saudiId);
    const first = await send(c.receptionist, issued.id);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.body.locale, 'ar');
    const parsed = await sink.parse(await sink.waitFor((m) => m.notificationId === first.body.id));
    assert.equal(parsed.subject, `فاتورة رقم ${issued.number} من Smile Dental`);
    assert.match(String(parsed.html), /dir="rtl"/);
    const text = pdfText(parsed.attachments[0]!.content);
    assert.ok(text.includes(issued.number) && text.includes('فاتورة ضريبية مبسطة'), text);

    const again = await send(c.owner, issued.id, { to: 'insurer@example.test' });
    assert.equal(again.status, 201, JSON.stringify(again.body));
    assert.notEqual(again.body.id, first.body.id);
    assert.equal(again.body.recipient, 'insurer@example.test');
    const second = await sink.waitFor((m) => m.notificationId === again.body.id);
    assert.deepEqual(second.to, ['insurer@example.test']);
    await settled(again.body.id);
    const listed = await c.receptionist.client.get(`/api/notifications?invoiceId=${issued.id}`, { token: c.receptionist.token });
    assert.deepEqual(
      listed.body.items.map((n: { id: string }) => n.id),
      [again.body.id, first.body.id],
    );
  });

  it('refuses drafts, void invoices, a patient without email, a bad address, other roles and clinics, writing nothing', async () => {
    const noEmail = (
      await c.owner.client.post('/api/patients', {
        token: c.owner.token,
        body: { firstName: 'Nadia', lastName: 'Salem', nationality: 'EG' },
      })
    ).body.id as string;
    const draft = await invoice(c.residentId, { issue: false });
    const unreachable = await invoice(noEmail);
    const voided = await invoice(c.residentId);
    const credit = await c.accountant.client.post(`/api/invoices/${voided.id}/credit-notes`, {
      headers: idempotencyKey(),
      token: c.accountant.token,
      body: { reason: 'Billed in error' },
    });
    assert.equal(credit.status, 201, JSON.stringify(credit.body));
    const theirs = await (async () => {
      const response = await stranger.accountant.client.post('/api/invoices', {
        token: stranger.accountant.token,
        body: { patientId: stranger.residentId, items: [{ serviceId: stranger.serviceIds.scaling, quantity: 1 }] },
      });
      await stranger.accountant.client.post(`/api/invoices/${response.body.id}/issue`, { token: stranger.accountant.token });
      return response.body.id as string;
    })();
    const issued = await invoice(c.residentId);
    const before = await written();

    const problem = async (response: Awaited<ReturnType<typeof send>>, status: number, type?: string, paths?: string[]) => {
      assertProblem(response, status, paths);
      if (type) assert.equal(response.body.type, type);
    };
    await problem(await send(c.accountant, draft.id), 422, 'invoice-not-issued');
    await problem(await send(c.accountant, voided.id), 422, 'invoice-void');
    await problem(await send(c.accountant, unreachable.id), 422, 'patient-no-email');
    await problem(await send(c.accountant, issued.id, { to: 'not-an-address' }), 400, undefined, ['to']);
    await problem(await send(c.accountant, issued.id, { to: 'a@example.test', cc: 'b@example.test' }), 400);
    await problem(await send(c.accountant, theirs), 404);
    await problem(await send(c.accountant, '0195f2c2-0000-7000-8000-000000000000'), 404);
    await problem(await send(c.dentist, issued.id), 403);
    await problem(await send(hygienist, issued.id), 403);
    assert.deepEqual(await written(), before, 'nothing written');
    // With an address given, a patient without one can still be sent their invoice.
    assert.equal((await send(c.accountant, unreachable.id, { to: 'nadia.parent@example.test' })).status, 201);
    assertProblem(await hygienist.client.get(`/api/notifications?invoiceId=${issued.id}`, { token: hygienist.token }), 403);
  });
});
