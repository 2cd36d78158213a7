import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser.js';
import { frontendRoot } from './stack.js';

/**
 * Reminders through the browser: the clinic's reminder settings with their preview, a booking that
 * schedules its reminders, the front desk's "Send reminder" (the worker sends: text messages to its log,
 * emails to the outbox, as configured in the test stack), the messages page, and a patient opting out.
 * The clinic, dentist, service and patient are set up through the API; the rest happens in the browser.
 */
const WEB = process.env.WEB_URL!;
const API = process.env.API_URL!;
const ARTIFACTS = path.resolve(frontendRoot, '..', 'test-artifacts');
const PASSWORD = 'Molar-Canine-2026';
/**
 * The clinic's zone: Riyadh, unless it is night there now. Text messages never go between 22:00 and 08:00
 * clinic time (a manual send in those hours is skipped), and this suite sends one now with the real clock,
 * so it picks a zone where the run falls in the day, whatever hour CI runs at.
 */
const ZONE =
  ['Asia/Riyadh', 'Europe/London', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo', 'Asia/Kolkata', 'Pacific/Auckland'].find(
    (zone) => {
      const hour = DateTime.now().setZone(zone).hour;
      return hour >= 9 && hour < 20;
    },
  ) ?? 'Asia/Riyadh';
const unique = Date.now().toString(36);
const ownerEmail = `reminders-owner-${unique}@clinic.test`;

let browser: Browser;
let page: Page;
let patientId = '';

async function apiCall<T = any>(method: string, pathname: string, token: string | undefined, body?: unknown): Promise<T> {
  const response = await fetch(`${API}${pathname}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${pathname}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A clinic with a dentist working every day 09:00-17:00, a 30-minute check-up and a patient with email and mobile. */
async function setUpClinic(): Promise<void> {
  const signup = await apiCall('POST', '/api/auth/signup', undefined, {
    clinicName: 'Crescent Dental',
    email: ownerEmail,
    password: PASSWORD,
    firstName: 'Huda',
    lastName: 'Saleh',
    timezone: ZONE,
  });
  const token: string = signup.accessToken;
  const invite = await apiCall('POST', '/api/auth/invite', token, { email: `dentist-${unique}@clinic.test`, role: 'DENTIST' });
  const dentist = await apiCall('POST', '/api/auth/accept-invite', undefined, {
    token: invite.inviteToken,
    password: PASSWORD,
    firstName: 'Omar',
    lastName: 'Khalid',
  });
  const days = [0, 1, 2, 3, 4, 5, 6];
  await apiCall('PUT', `/api/staff/${dentist.user.id}/schedule`, token, {
    weekly: days.map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
  });
  await apiCall('POST', '/api/services', token, { name: 'Check-up', nameAr: 'فحص دوري', price: '150', durationMinutes: 30 });
  const patient = await apiCall('POST', '/api/patients', token, {
    firstName: 'Nora',
    lastName: 'Alqahtani',
    email: `nora-${unique}@example.test`,
    phone: '050 765 4321',
    preferredLanguage: 'ar',
  });
  patientId = patient.id;
}

before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  await setUpClinic();
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'UTC' });
  context.setDefaultTimeout(20_000);
  page = await context.newPage();
  await page.goto(`${WEB}/en/login`);
  await page.getByLabel('Email').fill(ownerEmail);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(/\/en\/dashboard$/);
});

after(async () => {
  await browser?.close();
});

describe('appointment reminders', () => {
  it('sets the reminder times and clinic details, and previews the reminder in English and Arabic', async () => {
    await page.getByTestId('nav-settings').click();
    const settings = page.getByTestId('reminder-settings');
    await settings.getByLabel('Clinic address (shown in reminders)').fill('Olaya Street, Riyadh');
    await settings.getByLabel('Clinic phone (shown in reminders)').fill('+966 11 555 0000');
    // Three reminder times: a day, two hours, and (added here) thirty minutes before.
    await settings.getByRole('button', { name: 'Add a reminder time' }).click();
    const third = settings.getByTestId('reminder-offset').nth(2);
    await third.getByLabel('Amount').fill('30');
    await third.getByLabel('Unit').selectOption('minutes');
    await page.getByTestId('save-reminders').click();
    await settings.getByText('Reminder settings saved.').waitFor();
    const arabic = page.getByTestId('preview-ar');
    await arabic
      .getByText(/تذكير بموعد/)
      .first()
      .waitFor();
    await arabic
      .getByText(/Olaya Street, Riyadh/)
      .first()
      .waitFor();
    await page
      .getByTestId('preview-en')
      .getByText(/Dr\. Sara Haddad/)
      .first()
      .waitFor();
    await page.getByTestId('reminder-preview').screenshot({ path: path.join(ARTIFACTS, 'reminder-settings-preview-en.png') });
    // Back to the two default times for the booking below.
    await settings.getByTestId('reminder-offset').nth(2).getByRole('button', { name: 'Remove' }).click();
    await page.getByTestId('save-reminders').click();
    await settings.getByText('Reminder settings saved.').waitFor();
  });

  it('books an appointment and shows its reminders, scheduled', async () => {
    await page.getByTestId('nav-calendar').click();
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Free slots for').selectOption({ label: 'Check-up' });
    const slot = page.getByTestId('free-slot').first();
    await slot.waitFor();
    const start = DateTime.fromISO((await slot.getAttribute('data-start'))!, { zone: ZONE });
    assert.equal(start.toFormat('HH:mm'), '09:00');
    await slot.click();
    await page.getByRole('dialog').getByRole('combobox', { name: 'Patient' }).fill('Nora');
    await page.getByRole('option', { name: /Nora Alqahtani/ }).click();
    await page.getByTestId('confirm-booking').click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByTestId('calendar-entry').filter({ hasText: 'Nora Alqahtani' }).click();
    const reminders = page.getByTestId('appointment-reminders');
    await reminders.getByTestId('reminder-row').nth(3).waitFor();
    // A day and two hours before, by text message and email; the two-hour text (07:00) goes at 21:45 the evening before.
    assert.equal(await reminders.locator('[data-testid="reminder-row"][data-status="pending"]').count(), 4);
    await reminders.getByText('Scheduled').first().waitFor();
  });

  it('sends a reminder now and shows it sent: the text message by the provider, the email kept in the outbox', async () => {
    const reminders = page.getByTestId('appointment-reminders');
    await reminders.getByTestId('send-reminder').click();
    const sms = reminders.locator('[data-testid="reminder-row"][data-type="sms"][data-status="sent"]');
    const email = reminders.locator('[data-testid="reminder-row"][data-type="email"][data-status="sent"]');
    await sms.getByText('Sent').waitFor();
    await email.getByText('In outbox').waitFor();
    await page.getByTestId('appointment-details').screenshot({ path: path.join(ARTIFACTS, 'appointment-reminders-en.png') });
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('lists the messages, with the text that went out, in English and Arabic', async () => {
    await page.getByTestId('nav-notifications').click();
    await page.getByRole('heading', { name: 'Messages' }).waitFor();
    await page.getByTestId('outbox-notice').waitFor();
    const sent = page.locator('[data-testid="notification-row"][data-status="sent"]');
    await sent.nth(1).waitFor(); // the two reminders sent now (and the dentist's invitation)
    await sent.first().getByRole('button', { name: 'Show message' }).click();
    await page
      .getByTestId('notification-body')
      .getByText(/Crescent Dental/)
      .waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'notifications-en.png') });
    await page.goto(`${WEB}/ar/notifications`);
    await page.getByRole('heading', { name: 'الرسائل' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    await page.locator('[data-testid="notification-row"][data-status="sent"]').first().getByRole('button', { name: 'عرض الرسالة' }).click();
    await page
      .getByTestId('notification-body')
      .first()
      .getByText(/تذكير بموعد|نذكّرك/)
      .waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'notifications-ar.png') });
    await page.goto(`${WEB}/ar/settings`);
    await page
      .getByTestId('preview-ar')
      .getByText(/تذكير بموعد/)
      .first()
      .waitFor();
    await page.getByTestId('reminder-settings').screenshot({ path: path.join(ARTIFACTS, 'reminder-settings-ar.png') });
  });

  it('stops the scheduled reminders when the patient opts out', async () => {
    await page.goto(`${WEB}/en/patients/${patientId}`);
    await page.getByTestId('edit-patient').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Does not want appointment reminders').click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Off: the patient asked not to receive them').waitFor();
    await page.goto(`${WEB}/en/notifications`);
    await page.getByLabel('Status').selectOption('skipped');
    const skipped = page.locator('[data-testid="notification-row"][data-status="skipped"]');
    await skipped.nth(3).waitFor();
    await skipped.first().getByText('The patient opted out of reminders').waitFor();
  });
});
