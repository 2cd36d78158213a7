import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, openPage, type TestPage } from './browser.js';
import { frontendRoot } from './stack.js';

/**
 * One clinic's first day, through the browser: sign-up, invite and accept, service, schedule, an Arabic
 * patient, booking from a free slot, the double-booking conflict, reschedule, status, cancel, Arabic RTL,
 * and a receptionist's narrower navigation. The steps build on each other, in order.
 */
const WEB = process.env.WEB_URL!;
const ARTIFACTS = path.resolve(frontendRoot, '..', 'test-artifacts');
const PASSWORD = 'Molar-Canine-2026';
const ZONE = 'Asia/Riyadh';
const unique = Date.now().toString(36);
const ownerEmail = `owner-${unique}@clinic.test`;
const dentistEmail = `dentist-${unique}@clinic.test`;

let browser: Browser;
let ownerBrowser: TestPage;
let ownerContext: BrowserContext;
let owner: Page;

/** Accepts an invite in a browser of its own, as the invitee would; returns that browser's page. */
async function acceptInvite(link: string, firstName: string, lastName: string): Promise<TestPage> {
  const invitee = await openPage(browser);
  const { page } = invitee;
  await page.goto(link);
  await page.getByLabel('First name').fill(firstName);
  await page.getByLabel('Last name').fill(lastName);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Accept invitation' }).click();
  try {
    await page.waitForURL(/\/en\/dashboard$/);
  } catch (error) {
    await page.screenshot({ path: path.join(ARTIFACTS, 'accept-invite-failure.png') });
    console.log('accept-invite did not reach the dashboard:', page.url(), await page.locator('body').innerText());
    throw error;
  }
  return invitee;
}

before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  browser = await launchBrowser();
  ownerBrowser = await openPage(browser);
  ({ context: ownerContext, page: owner } = ownerBrowser);
});

afterEach(() => ownerBrowser.assertNoConsoleErrors());

after(async () => {
  await browser?.close();
});

describe('a clinic from sign-up to a booked appointment', () => {
  it('refuses a weak password beside the field, then signs the clinic up', async () => {
    await owner.goto(`${WEB}/en/signup`);
    assert.equal(await owner.locator('html').getAttribute('dir'), 'ltr');
    await owner.getByLabel('Clinic name').fill('Smile Street Dental');
    await owner.getByLabel('First name').fill('Sara');
    await owner.getByLabel('Last name').fill('Haddad');
    await owner.getByLabel('Email').fill(ownerEmail);
    await owner.getByLabel('Password').fill('short');
    await owner.getByRole('button', { name: 'Create clinic' }).click();
    await owner.getByText('Must be at least 10 characters').waitFor();
    assert.match(owner.url(), /\/en\/signup$/);

    await owner.getByLabel('Password').fill(PASSWORD);
    await owner.getByRole('button', { name: 'Create clinic' }).click();
    await owner.waitForURL(/\/en\/dashboard$/);
    await owner.getByTestId('clinic-name').getByText('Smile Street Dental').waitFor();
    await owner.getByRole('heading', { name: 'Today' }).waitFor();
  });

  it('invites a dentist, who accepts in another browser', async () => {
    await owner.getByTestId('nav-staff').click();
    await owner.getByTestId('invite-staff').click();
    const invite = owner.getByRole('dialog');
    await invite.getByLabel('Email').fill(dentistEmail);
    await invite.getByLabel('Role').selectOption('DENTIST');
    await owner.getByTestId('send-invite').click();
    const link = await owner.getByTestId('invite-link').inputValue();
    assert.match(link, /\/en\/accept-invite\?token=/);
    await owner.getByRole('button', { name: 'Done' }).click();

    const { context, page, assertNoConsoleErrors } = await acceptInvite(link, 'Omar', 'Khalid');
    await page.getByText('Omar Khalid').first().waitFor();
    await page.getByText('Dentist', { exact: true }).first().waitFor();
    assertNoConsoleErrors();
    await context.close();

    await owner.reload();
    await owner.locator(`[data-testid="staff-row"][data-email="${dentistEmail}"]`).waitFor();
  });

  it("sets the dentist's weekly hours, rejecting an inverted interval", async () => {
    await owner.locator(`[data-testid="staff-row"][data-email="${dentistEmail}"]`).getByText('Working hours').click();
    await owner.getByRole('heading', { name: 'Working hours: Omar Khalid' }).waitFor();
    for (const day of ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']) {
      await owner
        .getByRole('button', { name: `Add hours on ${day}` })
        .first()
        .click();
    }
    const sunday = owner.getByTestId('weekly-day-0');
    await sunday.getByLabel('To').fill('08:00');
    await owner.getByTestId('save-schedule').click();
    await sunday.getByRole('alert').waitFor();
    await sunday.getByLabel('To').fill('17:00');
    await owner.getByTestId('save-schedule').click();
    await owner.getByText('Working hours saved.').waitFor();
  });

  it('adds a service to the catalog', async () => {
    await owner.getByTestId('nav-services').click();
    await owner.getByTestId('new-service').click();
    await owner.getByLabel('Name (English)').fill('Check-up');
    await owner.getByLabel('Name (Arabic)').fill('فحص دوري');
    await owner.getByLabel('Price (SAR)').fill('150.00');
    await owner.getByLabel('Duration (minutes)').fill('30');
    await owner.getByTestId('save-service').click();
    const row = owner.getByTestId('service-row').filter({ hasText: 'Check-up' });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /SAR\s*150\.00/);
  });

  it('registers a patient with an Arabic name', async () => {
    await owner.getByTestId('nav-patients').click();
    await owner.getByTestId('new-patient').click();
    const dialog = owner.getByRole('dialog');
    await dialog.getByLabel('First name').fill('فاطمة');
    await dialog.getByLabel('Last name').fill('الزهراني');
    await dialog.getByLabel('Phone').fill('050 123 4567');
    await dialog.getByTestId('create-patient-submit').click();
    await owner.getByRole('heading', { name: 'فاطمة الزهراني' }).waitFor();
    await owner.getByText('+966501234567').waitFor();
    await owner.getByTestId('nav-patients').click();
    await owner.getByLabel('Search patients').fill('فاطم');
    await owner.getByTestId('patient-row').filter({ hasText: 'فاطمة الزهراني' }).waitFor();
  });

  let bookedStart = '';

  it('books a free slot from the calendar and shows it there', async () => {
    await owner.getByTestId('nav-calendar').click();
    await owner.getByRole('button', { name: 'Next' }).click();
    await owner.getByLabel('Free slots for').selectOption({ label: 'Check-up' });
    const slot = owner.getByTestId('free-slot').first();
    await slot.waitFor();
    bookedStart = (await slot.getAttribute('data-start'))!;
    assert.equal(DateTime.fromISO(bookedStart, { zone: ZONE }).toFormat('HH:mm'), '09:00', "the day starts at the dentist's first hour");
    await slot.click();
    await owner.getByRole('dialog').getByRole('combobox', { name: 'Patient' }).fill('الزهر');
    await owner.getByRole('option', { name: /فاطمة الزهراني/ }).click();
    await owner.getByTestId('confirm-booking').click();
    await owner.getByRole('dialog').waitFor({ state: 'detached' });
    const entry = owner.getByTestId('calendar-entry').filter({ hasText: 'فاطمة الزهراني' });
    await entry.waitFor();
    // The calendar and the free slots are two queries refreshed after booking: wait for the slot to go.
    await owner.locator(`[data-testid="free-slot"][data-start="${bookedStart}"]`).waitFor({ state: 'detached' });
    await owner.getByTestId('calendar-grid').screenshot({ path: path.join(ARTIFACTS, 'calendar-en.png') });
  });

  it('shows the conflicting appointment when the same time is booked again', async () => {
    await owner.getByTestId('free-slot').first().click();
    const dialog = owner.getByRole('dialog');
    await dialog.getByLabel('Starts').fill(DateTime.fromISO(bookedStart, { zone: ZONE }).toFormat("yyyy-LL-dd'T'HH:mm"));
    await dialog.getByRole('combobox', { name: 'Patient' }).fill('فاطمة');
    await owner.getByRole('option', { name: /فاطمة الزهراني/ }).click();
    await owner.getByTestId('confirm-booking').click();
    const conflict = owner.getByTestId('booking-conflict');
    await conflict.getByText('This time is already taken').waitFor();
    await conflict.getByText(/Omar Khalid already has an appointment/).waitFor();
    await conflict.getByRole('button', { name: 'Show that appointment' }).click();
    await owner.getByTestId('appointment-details').waitFor();
    await owner.keyboard.press('Escape');
    await owner.keyboard.press('Escape');
    await owner.getByRole('dialog').waitFor({ state: 'detached' });
    assert.equal(await owner.getByTestId('calendar-entry').count(), 1, 'nothing was written by the refused booking');
  });

  it('reschedules, confirms and cancels with a reason', async () => {
    await owner.getByTestId('calendar-entry').first().click();
    const details = owner.getByTestId('appointment-details');
    await details.getByRole('button', { name: 'Reschedule' }).click();
    const later = DateTime.fromISO(bookedStart, { zone: ZONE }).plus({ hours: 2 });
    await details.getByLabel('New start').fill(later.toFormat("yyyy-LL-dd'T'HH:mm"));
    await details.getByRole('button', { name: 'Move appointment' }).click();
    await details.getByText('11:00 AM').first().waitFor();
    await details.getByRole('button', { name: 'Confirm' }).click();
    await details.getByText('Confirmed').waitFor();
    await details.getByRole('button', { name: 'Cancel appointment' }).click();
    await details.getByLabel('Reason for cancelling').fill('Patient is travelling');
    await details.getByRole('button', { name: 'Cancel appointment' }).click();
    await owner.getByRole('dialog').waitFor({ state: 'detached' });
    await owner.getByTestId('calendar-entry').first().waitFor({ state: 'detached' });
  });

  it('switches to Arabic: right to left, translated, remembered', async () => {
    await owner.getByLabel('Free slots for').selectOption({ label: 'Check-up' });
    await owner.getByTestId('free-slot').first().click();
    await owner.getByRole('dialog').getByRole('combobox', { name: 'Patient' }).fill('فاطمة');
    await owner.getByRole('option', { name: /فاطمة الزهراني/ }).click();
    await owner.getByTestId('confirm-booking').click();
    await owner.getByRole('dialog').waitFor({ state: 'detached' });

    await owner.getByTestId('language-switcher').click();
    await owner.waitForURL(/\/ar\/calendar\?view=day&day=\d{4}-\d\d-\d\d$/);
    assert.equal(await owner.locator('html').getAttribute('dir'), 'rtl');
    assert.equal(await owner.locator('html').getAttribute('lang'), 'ar');
    await owner.getByRole('heading', { name: 'التقويم' }).waitFor();
    await owner.getByTestId('nav-patients').getByText('المرضى').waitFor();
    await owner.getByRole('button', { name: 'التالي' }).waitFor();
    await owner.getByTestId('calendar-entry').filter({ hasText: 'فاطمة الزهراني' }).waitFor();
    await owner.getByTestId('calendar-grid').screenshot({ path: path.join(ARTIFACTS, 'calendar-ar.png') });
    await owner.screenshot({ path: path.join(ARTIFACTS, 'calendar-ar-page.png') });

    await owner.goto(`${WEB}/`);
    await owner.waitForURL(/\/ar\/dashboard$/);
  });

  it('fits a 1024 px reception tablet without sideways scrolling', async () => {
    await owner.setViewportSize({ width: 1024, height: 768 });
    for (const section of ['dashboard', 'calendar', 'patients', 'billing', 'services', 'staff', 'settings']) {
      await owner.goto(`${WEB}/ar/${section}`);
      await owner.getByRole('heading', { level: 1 }).waitFor();
      const overflow = await owner.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `/ar/${section} is ${overflow}px wider than the screen`);
    }
    await owner.screenshot({ path: path.join(ARTIFACTS, 'settings-ar-1024.png') });
    await owner.setViewportSize({ width: 1280, height: 900 });
  });

  it('renews an expired access token without the user noticing', async () => {
    await ownerContext.clearCookies({ name: 'access_token' });
    await owner.getByTestId('nav-patients').click();
    await owner.getByTestId('patient-row').filter({ hasText: 'فاطمة الزهراني' }).waitFor();
    const cookies = await ownerContext.cookies();
    assert.ok(
      cookies.some((cookie) => cookie.name === 'access_token'),
      'a new access token was issued by the refresh',
    );
    await owner.waitForURL(/\/ar\/patients$/);
  });

  it('logs out: the app is closed until the next login', async () => {
    await owner.getByTestId('logout').click();
    await owner.waitForURL(/\/ar\/login$/);
    await owner.goto(`${WEB}/en/dashboard`);
    await owner.waitForURL(/\/en\/login/);
    const cookies = await ownerContext.cookies();
    assert.ok(!cookies.some((cookie) => cookie.name === 'refresh_token' || cookie.name === 'access_token'));
  });

  it('shows a receptionist the calendar and patients but not clinic settings or staff', async () => {
    await owner.getByLabel('Email').fill(ownerEmail);
    await owner.getByLabel('Password').fill(PASSWORD);
    await owner.getByRole('button', { name: 'Log in' }).click();
    await owner.waitForURL(/\/en\/dashboard$/);
    await owner.getByTestId('nav-staff').click();
    await owner.getByTestId('invite-staff').click();
    const invite = owner.getByRole('dialog');
    await invite.getByLabel('Email').fill(`reception-${unique}@clinic.test`);
    await invite.getByLabel('Role').selectOption('RECEPTIONIST');
    await owner.getByTestId('send-invite').click();
    const link = await owner.getByTestId('invite-link').inputValue();

    const { context, page, assertNoConsoleErrors } = await acceptInvite(link, 'Lina', 'Saleh');
    await page.getByTestId('nav-calendar').waitFor();
    await page.getByTestId('nav-patients').waitFor();
    assert.equal(await page.getByTestId('nav-settings').count(), 0);
    assert.equal(await page.getByTestId('nav-staff').count(), 0);
    await page.goto(`${WEB}/en/settings`);
    await page.getByText('Your role does not allow this.').waitFor();
    assert.equal(await page.getByTestId('settings-form').count(), 0);
    assertNoConsoleErrors();
    await context.close();
  });
});
