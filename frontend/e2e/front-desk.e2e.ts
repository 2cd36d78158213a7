import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, PHONE, type TestPage } from './browser.js';
import { addPatient, addService, addStaff, logIn, signupClinic, uniqueEmail, type Staff } from './clinic.js';
import { messagesOf } from './messages.js';
import { frontendRoot } from './stack.js';

/**
 * First-day fixes at the front desk, in English on a desktop and Arabic on a phone: pending invites
 * (show the link again, a new link, withdraw), deactivating and reactivating staff, the accept-invite
 * page naming clinic, role and address with the name filled in, and a deep link opened while logged out
 * returning there after login.
 */
const WEB = process.env.WEB_URL!;
const API = process.env.API_URL!;
const ARTIFACTS = path.resolve(frontendRoot, '..', 'test-artifacts');

let browser: Browser;
let owner: Staff;
const pages: TestPage[] = [];
const open = async (options: Parameters<typeof openPage>[1] = {}) => {
  const page = await openPage(browser, options);
  pages.push(page);
  return page;
};

async function invite(body: Record<string, unknown>): Promise<{ id: string; inviteToken: string }> {
  const response = await fetch(`${API}/api/auth/invite`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${owner.token}` },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  assert.equal(response.status, 201, text);
  return JSON.parse(text) as { id: string; inviteToken: string };
}

before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  browser = await launchBrowser();
  owner = await signupClinic('عيادة الندى');
});

afterEach(() => {
  for (const page of pages) page.assertNoConsoleErrors();
});

after(async () => {
  await browser?.close();
});

describe('staff: pending invites and deactivation', () => {
  it('lists a pending invite, shows its link again, gives a new link that replaces it, and withdraws it (English, desktop)', async () => {
    const email = uniqueEmail('hygienist');
    const first = await invite({ email, role: 'HYGIENIST' });
    const { page } = await open();
    await logIn(page, WEB, owner.email, 'en');
    await page.goto(`${WEB}/en/staff`);
    const row = page.getByTestId('invite-row').and(page.locator(`[data-email="${email}"]`));
    await row.waitFor();

    await row.getByTestId('show-invite-link').click();
    assert.ok(
      (await page.getByTestId('invite-link').inputValue()).endsWith(`/en/accept-invite?token=${encodeURIComponent(first.inviteToken)}`),
    );
    await page.getByRole('button', { name: 'Done' }).click();

    await row.getByTestId('resend-invite').click();
    const fresh = await page.getByTestId('invite-link').inputValue();
    assert.ok(!fresh.includes(encodeURIComponent(first.inviteToken)), 'a new link, not the old one');
    await page.screenshot({ path: path.join(ARTIFACTS, 'front-desk-invite-link-en.png') });
    await page.getByRole('button', { name: 'Done' }).click();

    // Inviting the same address again replaces the invite: still one row.
    await invite({ email, role: 'ASSISTANT' });
    await page.reload();
    await row.waitFor();
    assert.equal(
      await page
        .getByTestId('invite-row')
        .and(page.locator(`[data-email="${email}"]`))
        .count(),
      1,
    );

    await row.getByTestId('revoke-invite').click();
    await page.getByTestId('confirm-revoke').click();
    await row.waitFor({ state: 'detached' });
  });

  it('deactivates a colleague and reactivates them (Arabic, phone)', async () => {
    const m = await messagesOf('ar');
    const colleague = await addStaff(owner, 'RECEPTIONIST', ['Lina', 'Saleh']);
    const { page } = await open({ locale: 'ar-SA', viewport: PHONE });
    await logIn(page, WEB, owner.email, 'ar');
    await page.goto(`${WEB}/ar/staff`);
    const row = page.getByTestId('staff-row').and(page.locator(`[data-email="${colleague.email}"]`));
    await row.getByTestId('deactivate').click();
    await page.getByTestId('confirm-deactivate').click();
    await page.locator(`[data-testid="staff-row"][data-email="${colleague.email}"][data-status="disabled"]`).waitFor();
    await row.getByText(m.staff.disabled).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'front-desk-staff-ar-phone.png'), fullPage: true });
    await row.getByTestId('reactivate').click();
    await page.locator(`[data-testid="staff-row"][data-email="${colleague.email}"][data-status="active"]`).waitFor();
  });
});

describe('the accept-invite page', () => {
  it('names the clinic, the role and the address, and fills in the name (Arabic, phone)', async () => {
    const m = await messagesOf('ar');
    const email = uniqueEmail('dentist');
    const { inviteToken } = await invite({ email, role: 'DENTIST', firstName: 'Omar', lastName: 'Khalid' });
    const { page } = await open({ locale: 'ar-SA', viewport: PHONE });
    await page.goto(`${WEB}/ar/accept-invite?token=${encodeURIComponent(inviteToken)}`);
    const details = page.getByTestId('invite-details');
    await details.getByText('عيادة الندى').waitFor();
    await details.getByText(m.roles.DENTIST).waitFor();
    await details.getByText(email).waitFor();
    assert.equal(await page.locator('input[name="firstName"]').inputValue(), 'Omar');
    assert.equal(await page.locator('input[name="lastName"]').inputValue(), 'Khalid');
    await page.screenshot({ path: path.join(ARTIFACTS, 'front-desk-accept-invite-ar-phone.png'), fullPage: true });
  });
});

describe('a deep link opened while logged out', () => {
  it('goes to the login page and back to the link afterwards (Arabic)', async () => {
    const patientId = await addPatient(owner, 'محمد', 'العتيبي', '0551234567');
    const { page } = await open({ locale: 'ar-SA' });
    await page.goto(`${WEB}/ar/patients/${patientId}`);
    await page.waitForURL(/\/ar\/login\?next=/);
    await page.locator('input[name="email"]').fill(owner.email);
    await page.locator('input[name="password"]').fill('Molar-Canine-2026');
    await page.locator('button[type="submit"]').click();
    await page.waitForURL(new RegExp(`/ar/patients/${patientId}$`));
    await page.getByRole('heading', { name: /محمد العتيبي/ }).waitFor();
  });
});

async function apiGet<T>(path: string): Promise<T> {
  const response = await fetch(`${API}/api${path}`, { headers: { authorization: `Bearer ${owner.token}` } });
  assert.equal(response.status, 200);
  return (await response.json()) as T;
}

describe('services and patients on the first day', () => {
  it('takes a price typed with grouping in Arabic-Indic digits (Arabic, phone)', async () => {
    const { page } = await open({ locale: 'ar-SA', viewport: PHONE });
    await logIn(page, WEB, owner.email, 'ar');
    await page.goto(`${WEB}/ar/services`);
    await page.getByTestId('new-service').click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[name="name"]').fill('Crown');
    await dialog.locator('input[name="price"]').fill('١٬٨٠٠');
    await page.getByTestId('save-service').click();
    await dialog.waitFor({ state: 'detached' });
    const services = await apiGet<{ items: { name: string; price: string }[] }>('/services');
    assert.equal(services.items.find((s) => s.name === 'Crown')?.price, '1800.00');
  });

  it('warns about a likely duplicate patient and registers them only when told it is someone else (English)', async () => {
    await addPatient(owner, 'Fahad', 'Al-Harbi', '0559876543');
    const { page } = await open();
    await logIn(page, WEB, owner.email, 'en');
    await page.goto(`${WEB}/en/patients`);
    await page.getByTestId('new-patient').click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[name="firstName"]').fill('Fahd');
    await dialog.locator('input[name="lastName"]').fill('Harbi');
    await dialog.locator('input[name="phone"]').fill('0559876543');
    await page.getByTestId('create-patient-submit').click();
    const warning = page.getByTestId('possible-duplicate');
    await warning.getByText('Fahad Al-Harbi').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'front-desk-duplicate-patient-en.png') });
    const before = await apiGet<{ items: unknown[] }>('/patients?q=0559876543');
    assert.equal(before.items.length, 1, 'nothing registered yet');
    await page.getByTestId('register-anyway').click();
    await dialog.waitFor({ state: 'detached' });
    const after = await apiGet<{ items: unknown[] }>('/patients?q=0559876543');
    assert.equal(after.items.length, 2);
  });
});

describe("a new clinic's dashboard", () => {
  it('shows a getting-started checklist with links until hours, services, staff and a patient are there (Arabic, phone)', async () => {
    const m = await messagesOf('ar');
    const fresh = await signupClinic('عيادة البداية');
    const { page } = await open({ locale: 'ar-SA', viewport: PHONE });
    await logIn(page, WEB, fresh.email, 'ar');
    const checklist = page.getByTestId('getting-started');
    await checklist.waitFor();
    for (const step of ['hours', 'services', 'staff', 'patient']) {
      assert.equal(await checklist.getByTestId(`step-${step}`).getAttribute('data-done'), 'false');
    }
    await page.screenshot({ path: path.join(ARTIFACTS, 'front-desk-getting-started-ar-phone.png'), fullPage: true });
    await checklist.getByRole('link', { name: m.gettingStarted.services }).click();
    await page.waitForURL(/\/ar\/services$/);

    await addService(fresh, 'Check-up', 'فحص');
    await page.goto(`${WEB}/ar/dashboard`);
    await checklist.getByTestId('step-services').and(page.locator('[data-done="true"]')).waitFor();
    await addStaff(fresh, 'DENTIST', ['Omar', 'Khalid'], true);
    await addPatient(fresh, 'محمد', 'العتيبي');
    await page.reload();
    await page.getByTestId('dashboard-dentist').waitFor();
    assert.equal(await checklist.count(), 0, 'the checklist is gone once every step is done');
  });
});

async function apiPost<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(`${API}/api${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${owner.token}` },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

describe('the patient page', () => {
  it('shows allergies as an alert, gender and language, opens a visit from its row, and merges a duplicate into the patient, books for them from the page (English)', async () => {
    const dentist = await addStaff(owner, 'DENTIST', ['Nora', 'Saad'], true);
    const serviceId = await addService(owner, 'Cleaning', 'تنظيف');
    const kept = await apiPost<{ id: string }>('/patients', {
      firstName: 'Khalid',
      lastName: 'Al-Qahtani',
      gender: 'male',
      preferredLanguage: 'ar',
      allergies: 'Penicillin',
      dateOfBirth: '1980-04-01',
    });
    const duplicate = await apiPost<{ id: string }>('/patients', { firstName: 'Khaled', lastName: 'Qahtani', allowDuplicate: true });
    const start = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    await apiPost('/appointments', { patientId: duplicate.id, dentistId: dentist.id, serviceId, startAt: `${start}T10:00:00+03:00` });

    const { page } = await open();
    await logIn(page, WEB, owner.email, 'en');
    await page.goto(`${WEB}/en/patients/${kept.id}`);
    await page.getByTestId('allergies-alert').getByText('Penicillin').waitFor();
    await page.getByText('Male').first().waitFor();
    await page.getByText('Arabic').first().waitFor();

    await page.getByTestId('merge-patient').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox').fill('Qahtani');
    await page.getByRole('option', { name: /Khaled Qahtani/ }).click();
    await dialog.getByTestId('merge-candidate').waitFor();
    await page.getByTestId('confirm-merge').click();
    await dialog.waitFor({ state: 'detached' });

    // The duplicate's visit is now the patient's, and its row opens it.
    const row = page.getByTestId('history-row').first();
    await row.waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'front-desk-patient-en.png'), fullPage: true });
    await row.click();
    await page.getByTestId('appointment-details').waitFor();
    await page.keyboard.press('Escape');

    // "Book appointment": the calendar books for this patient.
    await page.getByTestId('book-for-patient').click();
    await page.waitForURL(/\/en\/calendar/);
    await page.getByTestId('booking-for').getByText('Khalid Al-Qahtani').waitFor();
    await page.getByLabel('Free slots for').selectOption({ label: 'Cleaning' });
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByTestId('free-slot').first().click();
    await page.getByRole('dialog').getByTestId('picked-patient').getByText('Khalid Al-Qahtani').waitFor();
  });
});
