import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, PHONE, type TestPage } from './browser.js';
import { addPatient, addService, addStaff, book, issuedInvoice, logIn, pay, signupClinic, ZONE, type Staff } from './clinic.js';
import { messagesOf } from './messages.js';
import { frontendRoot } from './stack.js';

/**
 * Two receptionists at two screens (two browsers, one in English on a desktop, one in Arabic on a phone):
 * what one books, moves or cancels appears on the other's calendar and dashboard without a reload,
 * through the WebSocket at /api/live on the web app's own origin.
 */
const WEB = process.env.WEB_URL!;
const ARTIFACTS = path.resolve(frontendRoot, '..', 'test-artifacts');

let browser: Browser;
let front: TestPage;
let back: TestPage;
let owner: Staff;
let dentist: Staff;
let serviceId: string;
let patientId: string;
const tomorrow = DateTime.now().setZone(ZONE).plus({ days: 1 }).startOf('day');

before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  browser = await launchBrowser();
  owner = await signupClinic('Live Smiles');
  dentist = await addStaff(owner, 'DENTIST', ['Omar', 'Khalid'], true);
  serviceId = await addService(owner, 'Check-up', 'فحص دوري');
  patientId = await addPatient(owner, 'محمد', 'العتيبي', '0551234567');
  const [first, second] = [
    await addStaff(owner, 'RECEPTIONIST', ['Lina', 'Saleh']),
    await addStaff(owner, 'RECEPTIONIST', ['Huda', 'Nasser']),
  ];
  front = await openPage(browser);
  back = await openPage(browser, { locale: 'ar-SA', viewport: PHONE });
  await logIn(front.page, WEB, first.email, 'en');
  await logIn(back.page, WEB, second.email, 'ar');
});

afterEach(() => {
  front.assertNoConsoleErrors();
  back.assertNoConsoleErrors();
});

after(async () => {
  await browser?.close();
});

const entry = (page: Page, name: string) => page.getByTestId('calendar-entry').filter({ hasText: name });

/** Ms from the moment `page` got the API's answer to `method` on /api/appointments... until `shown` resolves. */
async function timeToOtherScreen(page: Page, method: string, act: () => Promise<void>, shown: () => Promise<void>): Promise<number> {
  const answered = page.waitForResponse((r) => r.url().includes('/api/appointments') && r.request().method() === method && r.ok());
  await act();
  await answered;
  const start = Date.now();
  await shown();
  return Date.now() - start;
}

describe("two receptionists see each other's changes at once", () => {
  it('a booking on one calendar appears on the other within a second', async () => {
    const day = tomorrow.toISODate()!;
    await front.page.goto(`${WEB}/en/calendar?view=day&day=${day}`);
    await back.page.goto(`${WEB}/ar/calendar?view=day&day=${day}`);
    await back.page.getByRole('heading', { name: 'التقويم' }).waitFor();
    await back.page.getByTestId('calendar-grid').waitFor();

    await front.page.getByLabel('Free slots for').selectOption({ label: 'Check-up' });
    await front.page.getByTestId('free-slot').first().click();
    await front.page.getByRole('dialog').getByRole('combobox', { name: 'Patient' }).fill('العتيبي');
    await front.page.getByRole('option', { name: /محمد العتيبي/ }).click();
    const elapsed = await timeToOtherScreen(
      front.page,
      'POST',
      () => front.page.getByTestId('confirm-booking').click(),
      () => entry(back.page, 'محمد العتيبي').waitFor({ timeout: 5000 }),
    );
    console.log(`booking shown on the other screen ${elapsed} ms after the API answered`);
    assert.ok(elapsed < 1000, `the other receptionist saw the booking after ${elapsed} ms`);
    await back.page.screenshot({ path: path.join(ARTIFACTS, 'live-calendar-ar-phone.png') });
  });

  it('a cancellation on the other screen takes the visit off the first one', async () => {
    const m = await messagesOf('ar');
    await entry(back.page, 'محمد العتيبي').click();
    const details = back.page.getByTestId('appointment-details');
    await details.getByRole('button', { name: m.appointment.cancelAppointment }).click();
    await details.getByLabel(m.appointment.cancelReason).fill('سافر المريض');
    const elapsed = await timeToOtherScreen(
      back.page,
      'POST',
      () => details.getByRole('button', { name: m.appointment.confirmCancel }).click(),
      () => entry(front.page, 'محمد العتيبي').waitFor({ state: 'detached', timeout: 5000 }),
    );
    assert.ok(elapsed < 1000, `the cancellation reached the first screen after ${elapsed} ms`);
  });

  it("updates the other receptionist's dashboard when a visit is booked for today", async () => {
    await back.page.goto(`${WEB}/ar/dashboard`);
    await back.page.getByTestId('dashboard-dentist').first().waitFor();
    const noon = DateTime.now().setZone(ZONE).startOf('day').plus({ hours: 12 });
    await book(owner, { patientId, dentistId: dentist.id, serviceId, startAt: noon.toISO()! });
    await back.page.getByTestId('dashboard-dentist').getByText('محمد العتيبي').waitFor({ timeout: 5000 });
    await back.page.screenshot({ path: path.join(ARTIFACTS, 'live-dashboard-ar-phone.png') });
  });

  it('shows a payment taken at the other desk on the open invoice, without a reload', async () => {
    const invoiceId = await issuedInvoice(owner, patientId, serviceId);
    await back.page.goto(`${WEB}/ar/billing/${invoiceId}`);
    const status = back.page.getByTestId('invoice-status');
    const before = await status.innerText();
    await back.page.getByTestId('record-payment').waitFor();
    await pay(owner, invoiceId, '172.50');
    await back.page.waitForFunction((text) => document.querySelector('[data-testid="invoice-status"]')?.textContent !== text, before, {
      timeout: 5000,
    });
    assert.equal(await status.innerText(), (await messagesOf('ar')).invoiceStatus.PAID);
    await back.page.getByTestId('payment-row').waitFor();
    assert.equal(await back.page.getByTestId('record-payment').count(), 0, 'nothing is left to pay');
  });
});
