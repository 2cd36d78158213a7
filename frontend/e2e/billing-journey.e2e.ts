import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectAccessible } from './a11y.js';
import { launchBrowser, openPage, type TestPage } from './browser.js';
import { frontendRoot } from './stack.js';

/**
 * A visit from the chair to the money, through the browser: the receptionist completes the visit,
 * invoices it, issues the invoice, takes part of the payment (a double click records it once), then
 * the rest, emails it, and opens the Arabic PDF; the accountant's navigation shows Billing. The clinic, its staff
 * and the booked visit are set up through the API.
 */
const WEB = process.env.WEB_URL!;
const API = process.env.API_URL!;
const ARTIFACTS = path.resolve(frontendRoot, '..', 'test-artifacts');
const PASSWORD = 'Molar-Canine-2026';
const ZONE = 'Asia/Riyadh';
const unique = Date.now().toString(36);

let browser: Browser;
let receptionist: TestPage;
let context: BrowserContext;
let page: Page;
let ownerToken = '';
let patientId = '';

async function apiCall(method: string, url: string, body?: unknown, token = ownerToken): Promise<any> {
  const response = await fetch(`${API}${url}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${url}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Invites and accepts a colleague; returns their email. */
async function addStaff(role: string, firstName: string, lastName: string): Promise<{ email: string; id: string }> {
  const email = `${role.toLowerCase()}-${unique}@clinic.test`;
  const invite = await apiCall('POST', '/api/auth/invite', { email, role });
  const accepted = await apiCall(
    'POST',
    '/api/auth/accept-invite',
    { token: invite.inviteToken, password: PASSWORD, firstName, lastName },
    '',
  );
  return { email, id: accepted.user.id };
}

async function login(target: Page, email: string): Promise<void> {
  await target.goto(`${WEB}/en/login`);
  await target.getByLabel('Email').fill(email);
  await target.getByLabel('Password').fill(PASSWORD);
  await target.getByRole('button', { name: 'Log in' }).click();
  await target.waitForURL(/\/en\/dashboard$/);
}

const amountOf = async (testId: string) => (await page.getByTestId(testId).innerText()).replace(/\s/g, ' ');

before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  browser = await launchBrowser();
  receptionist = await openPage(browser);
  ({ context, page } = receptionist);

  const signup = await apiCall(
    'POST',
    '/api/auth/signup',
    { clinicName: 'Riyadh Smiles', email: `owner-${unique}@clinic.test`, password: PASSWORD, firstName: 'Nora', lastName: 'Alqahtani' },
    '',
  );
  ownerToken = signup.accessToken;
  await apiCall('PATCH', '/api/clinics/me', {
    legalNameEn: 'Riyadh Smiles Dental Co.',
    legalNameAr: 'شركة ابتسامات الرياض لطب الأسنان',
    vatNumber: '310122393500003',
    commercialRegistration: '1010010000',
    address: {
      street: 'King Fahd Road',
      buildingNumber: '1234',
      additionalNumber: '5678',
      district: 'Al Olaya',
      city: 'Riyadh',
      postalCode: '12211',
    },
  });
  const dentist = await addStaff('DENTIST', 'Omar', 'Khalid');
  await apiCall('PUT', `/api/staff/${dentist.id}/schedule`, {
    weekly: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '07:00', end: '22:00' })),
    breaks: [],
  });
  const service = await apiCall('POST', '/api/services', {
    name: 'Scaling and polishing',
    nameAr: 'تنظيف وتلميع الأسنان',
    price: '250',
    durationMinutes: 30,
  });
  const patient = await apiCall('POST', '/api/patients', {
    firstName: 'أحمد',
    lastName: 'الزهراني',
    nationality: 'EG',
    nationalId: '2000000006',
  });
  patientId = patient.id;
  const start = DateTime.now().setZone(ZONE).startOf('day').set({ hour: 9 });
  await apiCall('POST', '/api/appointments', {
    patientId,
    dentistId: dentist.id,
    serviceId: service.id,
    startAt: start.toISO(),
    // 09:00 today may already be past when the suite runs: the Owner records it as a back-entry.
    backEntry: true,
  });
  await addStaff('RECEPTIONIST', 'Lina', 'Saleh').then(async ({ email }) => login(page, email));
});

after(async () => {
  await browser?.close();
});

// Every step fails on a console error or uncaught exception of the page, as the other journeys do.
afterEach(() => receptionist.assertNoConsoleErrors());

describe('billing a visit', () => {
  let invoiceUrl = '';

  it('completes the visit on the calendar and invoices it', async () => {
    await page.getByTestId('nav-calendar').click();
    await page.getByTestId('calendar-entry').filter({ hasText: 'أحمد الزهراني' }).click();
    const details = page.getByTestId('appointment-details');
    for (const action of ['Check in', 'Start treatment', 'Complete']) {
      await details.getByRole('button', { name: action }).click();
      await details.getByRole('button', { name: action }).waitFor({ state: 'detached' });
    }
    await details.getByText('Completed').waitFor();
    await details.getByTestId('create-visit-invoice').click();
    await page.waitForURL(/\/en\/billing\/[0-9a-f-]{36}$/);
    invoiceUrl = page.url();
    await page.getByRole('heading', { name: 'Draft invoice' }).waitFor();
    const line = page.getByTestId('draft-line');
    assert.equal(await line.count(), 1);
    assert.equal(await line.getByLabel('Description').inputValue(), 'Scaling and polishing');
    assert.match(await amountOf('draft-total'), /SAR 287\.50/);
    await expectAccessible(page, 'draft invoice en');
  });

  it('edits the draft with a catalog line and a free-text line, and issues it', async () => {
    await page.getByTestId('add-free-line').click();
    const free = page.getByTestId('draft-line').nth(1);
    await free.getByLabel('Description').fill('Fluoride varnish');
    await free.getByLabel('Qty').fill('3');
    await free.getByLabel('Unit price').fill('33.33');
    assert.match(await amountOf('draft-total'), /SAR 402\.49/, 'the preview adds VAT per line: 287.50 + 114.99');
    assert.equal(await free.getByLabel('VAT category').inputValue(), '', 'a new line is left to the automatic choice');
    await page.getByTestId('save-draft').click();
    await page.getByTestId('save-draft').and(page.locator('[disabled]')).waitFor();
    // Saved: the lines show what the server stored (standard rate for this Egyptian patient), not "Automatic".
    await page.getByTestId('draft-line').nth(1).locator('select:has(option[value="S"]:checked)').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'billing-draft-en.png'), fullPage: true });
    await page.getByTestId('issue-invoice').click();
    await expectAccessible(page, 'issue confirmation en');
    await page.getByTestId('confirm-issue').click();
    await page.getByRole('heading', { name: /^Invoice INV-000001$/ }).waitFor();
    await page.getByTestId('invoice-status').getByText('Issued').waitFor();
    assert.match(await amountOf('balance-due'), /SAR 402\.49/);
  });

  it('takes part of the payment: a double click records it once', async () => {
    await page.getByTestId('record-payment').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/Amount/).fill('100');
    await dialog.getByLabel('Method').selectOption('card');
    await dialog.getByLabel('Reference').fill('POS 7781');
    await expectAccessible(page, 'record-payment dialog en');
    await dialog.getByTestId('submit-payment').dblclick();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('invoice-status').getByText('Partly paid').waitFor();
    assert.equal(await page.getByTestId('payment-row').count(), 1, 'one payment, not two');
    assert.match(await amountOf('balance-due'), /SAR 302\.49/);
  });

  it('takes the rest: the invoice is paid', async () => {
    await page.getByTestId('record-payment').click();
    const dialog = page.getByRole('dialog');
    assert.equal(await dialog.getByLabel(/Amount/).inputValue(), '302.49', 'the balance is proposed');
    await dialog.getByTestId('submit-payment').click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('invoice-status').getByText('Paid', { exact: true }).waitFor();
    assert.equal(await page.getByTestId('payment-row').count(), 2);
    assert.equal(await page.getByTestId('record-payment').count(), 0, 'nothing is left to pay');
    await page.screenshot({ path: path.join(ARTIFACTS, 'billing-invoice-en.png'), fullPage: true });
    await expectAccessible(page, 'paid invoice en');
    // The refund and credit-note dialogs, opened and left (the API's tests do the money).
    for (const [opener, submit] of [
      ['refund-payment', 'submit-refund'],
      ['new-credit-note', 'submit-credit-note'],
    ] as const) {
      await page.getByTestId(opener).first().click();
      await page.getByRole('dialog').getByTestId(submit).waitFor();
      await expectAccessible(page, `${opener} dialog en`);
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
    }
  });

  it('emails the invoice: refused for a patient without email, then sent to another address and followed to the outbox', async () => {
    const emails = page.getByTestId('invoice-emails');
    await emails.getByText('This invoice has not been emailed yet.').waitFor();
    await emails.getByTestId('email-invoice').click();
    await emails.getByText('The patient has no email address. Add one to their record, or send to another address.').waitFor();
    await emails.getByTestId('email-other-address').click();
    await emails.getByLabel('Send to').fill('guardian@example.test');
    await emails.getByTestId('email-invoice').click();
    const row = emails.getByTestId('invoice-email-row');
    await row.filter({ hasText: 'guardian@example.test' }).waitFor();
    // The e2e stack has no SMTP server: the worker renders the email (PDF attached) into the outbox.
    await row.and(page.locator('[data-status="sent"]')).getByText('In outbox').waitFor({ timeout: 30_000 });
    assert.equal(await row.count(), 1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'billing-invoice-emailed-en.png'), fullPage: true });
    await expectAccessible(page, 'emailed invoice en');
  });

  it('opens the Arabic PDF: a tax invoice with the Arabic text in logical order', async () => {
    const pdfResponse = page.waitForResponse((response) => response.url().includes('/pdf?locale=ar'));
    const popup = page.waitForEvent('popup');
    await page.getByTestId('pdf-ar').click();
    const response = await pdfResponse;
    assert.equal(response.status(), 200);
    assert.equal(response.headers()['content-type'], 'application/pdf');
    await (await popup).close();
    // The same document, read with the browser's session (the button's fetch body is not kept by the page).
    const pdf = await (await context.request.get(response.url())).body();
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const file = path.join(ARTIFACTS, 'invoice-ar.pdf');
    await writeFile(file, pdf);
    // pdftotext/pdftoppm (poppler-utils) read it back as a person would see it.
    const text = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    if (text.status === 0) {
      const plain = text.stdout.replace(/[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '');
      for (const expected of [
        'فاتورة ضريبية مبسطة',
        'INV-000001',
        'أحمد الزهراني',
        'تنظيف وتلميع الأسنان',
        'الإجمالي شامل الضريبة',
        '402.49',
      ]) {
        assert.ok(plain.includes(expected), `the Arabic PDF has "${expected}"`);
      }
      spawnSync('pdftoppm', ['-png', '-r', '80', '-singlefile', file, path.join(ARTIFACTS, 'invoice-ar')]);
    }
  });

  it('shows the invoice and the Billing page in Arabic, right to left', async () => {
    await page.goto(invoiceUrl.replace('/en/', '/ar/'));
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    await page.getByRole('heading', { name: 'الفاتورة INV-000001' }).waitFor();
    await page.getByTestId('invoice-status').getByText('مدفوعة').waitFor();
    await page.getByTestId('invoice-email-row').getByText('في صندوق الصادر').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'billing-invoice-ar.png'), fullPage: true });
    await expectAccessible(page, 'paid invoice ar');
    await page.getByTestId('nav-billing').click();
    await page.getByTestId('invoice-row').filter({ hasText: 'INV-000001' }).waitFor();
    await page
      .getByTestId('total-collected')
      .getByText(/402\.49/)
      .waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'billing-list-ar.png'), fullPage: true });
    await expectAccessible(page, 'billing page ar');
  });

  it("shows the patient's statement on the billing tab, and today's collections on the dashboard", async () => {
    await page.goto(`${WEB}/en/patients/${patientId}`);
    await page.getByTestId('tab-billing').click();
    const statement = page.getByTestId('statement');
    await statement.waitFor();
    assert.equal(await statement.getByTestId('statement-entry').count(), 3, 'the invoice and its two payments');
    assert.deepEqual(await page.getByTestId('patient-invoices').getByRole('columnheader').allTextContents(), [
      'Number',
      'Date',
      'Total',
      'Balance due',
      'Status',
    ]);
    assert.match(await amountOf('account-balance'), /SAR 0\.00/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'billing-patient-tab-en.png'), fullPage: true });
    await expectAccessible(page, 'patient billing tab en');
    await page.getByTestId('nav-dashboard').click();
    await page
      .getByTestId('todays-collections-amount')
      .getByText(/402\.49/)
      .waitFor();
  });

  it('refunds part of a payment (a double click records one refund), then credits the invoice once', async () => {
    const invoiceId = invoiceUrl.split('/').pop()!;
    await page.goto(invoiceUrl);
    await page.getByTestId('invoice-status').getByText('Paid', { exact: true }).waitFor();
    await page.getByTestId('refund-payment').first().click();
    let dialog = page.getByRole('dialog');
    await dialog.getByLabel(/Amount/).fill('10');
    await dialog.getByLabel('Reason').fill('Overcharged');
    await dialog.getByTestId('submit-refund').dblclick();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('invoice-status').getByText('Partly paid').waitFor();
    assert.match(await amountOf('balance-due'), /SAR 10\.00/);
    let invoice = await apiCall('GET', `/api/invoices/${invoiceId}`);
    const refunds = invoice.payments.flatMap((payment: { refunds: { amount: string }[] }) => payment.refunds);
    assert.deepEqual(
      refunds.map((refund: { amount: string }) => refund.amount),
      ['10.00'],
      'one refund, not two',
    );

    await page.getByTestId('new-credit-note').click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('Reason').fill('Treatment cancelled');
    await dialog.getByTestId('submit-credit-note').click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('invoice-status').getByText('Void').waitFor();
    await page.getByTestId('credit-note-row').first().waitFor();
    assert.equal(await page.getByTestId('credit-note-row').count(), 1);
    // Everything credited after 392.49 was kept: the clinic owes the patient that much.
    assert.match(await amountOf('refund-due'), /SAR 392\.49/);
    invoice = await apiCall('GET', `/api/invoices/${invoiceId}`);
    assert.deepEqual([invoice.status, invoice.creditNotes.length, invoice.creditedAmount], ['VOID', 1, '402.49']);
    await page.screenshot({ path: path.join(ARTIFACTS, 'billing-invoice-credited-en.png'), fullPage: true });
    await expectAccessible(page, 'credited invoice en');
  });

  it("shows Billing in the accountant's navigation, without the calendar", async () => {
    const accountant = await addStaff('ACCOUNTANT', 'Huda', 'Nasser');
    const { context: own, page: accountantPage, assertNoConsoleErrors } = await openPage(browser);
    await login(accountantPage, accountant.email);
    await accountantPage.getByTestId('nav-billing').click();
    await accountantPage.getByTestId('invoice-row').filter({ hasText: 'INV-000001' }).waitFor();
    assert.equal(await accountantPage.getByTestId('nav-calendar').count(), 0);
    await accountantPage.getByTestId('status-chip-VOID').click();
    await accountantPage.getByTestId('invoice-row').first().waitFor();
    // An overdue invoice (its due date given in the past) is found from any period: choosing Overdue looks through all time.
    const overdue = await apiCall('POST', '/api/invoices', {
      patientId,
      items: [{ description: 'Panoramic X-ray', quantity: 1, unitPrice: '100' }],
      dueAt: DateTime.now().minus({ days: 2 }).toUTC().toISO(),
    });
    const { number: overdueNumber } = await apiCall('POST', `/api/invoices/${overdue.id}/issue`);
    await accountantPage.reload();
    await accountantPage.getByTestId('billing-period').selectOption('lastMonth');
    await accountantPage.getByTestId('status-chip-OVERDUE').click();
    await accountantPage.getByTestId('invoice-row').filter({ hasText: overdueNumber }).waitFor();
    assert.equal(await accountantPage.getByTestId('billing-period').inputValue(), 'all');
    assert.equal(await accountantPage.getByTestId('invoice-row').count(), 1);
    await accountantPage.getByTestId('all-time-hint').waitFor();
    await accountantPage.screenshot({ path: path.join(ARTIFACTS, 'billing-list-overdue-en.png'), fullPage: true });
    await accountantPage.getByTestId('status-chip-VOID').click();
    await accountantPage.getByTestId('invoice-row').filter({ hasText: 'INV-000001' }).waitFor();
    await accountantPage.waitForTimeout(400); // the chips' colour transition
    await accountantPage.screenshot({ path: path.join(ARTIFACTS, 'billing-list-accountant-en.png'), fullPage: true });
    await expectAccessible(accountantPage, 'billing page en');
    assertNoConsoleErrors();
    await own.close();
  });
});
