import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible } from './a11y.js';
import { launchBrowser, openPage, type TestPage } from './browser.js';
import { addPatient, addService, addStaff, book, cancel, inviteOnly, logIn, signupClinic, ZONE, type Staff } from './clinic.js';
import { messagesOf, type Locale } from './messages.js';

/**
 * Every page and dialog of the web app through axe-core (WCAG 2.1 A and AA), in English and Arabic:
 * empty (a new clinic), refused (a form submitted empty) and filled (a clinic with a dentist, a service,
 * a patient and appointments). Any violation fails, listed with its elements.
 */
const WEB = process.env.WEB_URL!;
const LOCALES: Locale[] = ['en', 'ar'];

let browser: Browser;
let visitor: TestPage;
let staff: TestPage;
let owner: Staff;

before(async () => {
  browser = await launchBrowser();
  visitor = await openPage(browser);
  staff = await openPage(browser);
  owner = await signupClinic('Riyadh Smiles');
  await logIn(staff.page, WEB, owner.email);
});

afterEach(() => {
  visitor.assertNoConsoleErrors();
  staff.assertNoConsoleErrors();
});

after(async () => {
  await browser?.close();
});

/** Submits the form the button belongs to and waits for its refusal to be shown. */
async function submitEmpty(page: Page, submit: string): Promise<void> {
  await page.locator(submit).click();
  await page.locator('[aria-invalid="true"]').first().waitFor();
}

/** An auth page once hydrated (its form is disabled until then, see ServerForm). */
async function openAuthPage(page: Page, path: string): Promise<void> {
  await page.goto(`${WEB}${path}`);
  await page.locator('form fieldset:enabled').waitFor();
}

const focusedName = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('name'));

async function openPageOf(page: Page, path: string): Promise<void> {
  await page.goto(`${WEB}${path}`);
  await page
    .locator('main h1')
    .waitFor()
    .catch(async (error: Error) => {
      const shown = await page
        .locator('body')
        .innerText()
        .catch(() => '(unreadable)');
      throw new Error(`${path}: ${error.message.split('\n')[0]} (at ${page.url()}, showing: ${shown.slice(0, 300)})`, { cause: error });
    });
}

async function closeDialog(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
}

describe('accessibility of every page and dialog (axe-core, WCAG 2.1 AA)', () => {
  it('reports a violation with its rule, impact and element (the check itself)', async () => {
    const { page } = visitor;
    await openAuthPage(page, '/en/login');
    await page.evaluate(() => document.querySelector('main')?.insertAdjacentHTML('beforeend', '<img src="/icon.svg" id="no-alt">'));
    await assert.rejects(expectAccessible(page, 'login with an unlabelled image'), (error: Error) => {
      assert.match(error.message, /login with an unlabelled image: 1 accessibility rule\(s\) violated/);
      assert.match(error.message, /image-alt \(critical\)/);
      assert.match(error.message, /#no-alt/);
      return true;
    });
  });

  for (const locale of LOCALES) {
    it(`sign-up, login and invitation pages, empty and refused (${locale})`, async () => {
      const m = await messagesOf(locale);
      const { page } = visitor;

      await openAuthPage(page, `/${locale}/signup`);
      assert.equal(await page.title(), `${m.auth.signupTitle} · ${m.app.name}`);
      await expectAccessible(page, `sign-up ${locale}`);
      await submitEmpty(page, 'button[type="submit"]');
      await expectAccessible(page, `sign-up refused ${locale}`);
      assert.equal(await focusedName(page), 'clinicName', 'focus moves to the first invalid field');
      const described = await page.locator('input[name="clinicName"]').getAttribute('aria-describedby');
      assert.ok(described, 'the field names its error');
      assert.ok((await page.locator(`[id="${described.split(' ')[0]}"]`).innerText()).length > 0);

      await openAuthPage(page, `/${locale}/login`);
      assert.equal(await page.title(), `${m.auth.loginTitle} · ${m.app.name}`);
      await expectAccessible(page, `login ${locale}`);
      await submitEmpty(page, 'button[type="submit"]');
      await expectAccessible(page, `login refused ${locale}`);

      // A link that does not work says so instead of showing the form.
      await page.goto(`${WEB}/${locale}/accept-invite?token=not-a-real-token`);
      await page.locator('[data-form-error]').waitFor();
      await expectAccessible(page, `accept invitation, link not valid ${locale}`);
      const { inviteToken } = await inviteOnly(owner, 'ASSISTANT');
      await openAuthPage(page, `/${locale}/accept-invite?token=${encodeURIComponent(inviteToken)}`);
      await expectAccessible(page, `accept invitation ${locale}`);
      await submitEmpty(page, 'button[type="submit"]');
      await expectAccessible(page, `accept invitation refused ${locale}`);
      await page.goto(`${WEB}/${locale}/accept-invite`);
      await expectAccessible(page, `accept invitation without a token ${locale}`);
    });

    it(`a new clinic's empty pages and their dialogs, empty and refused (${locale})`, async () => {
      const m = await messagesOf(locale);
      const { page } = staff;
      for (const section of [
        'dashboard',
        'calendar',
        'patients',
        'notifications',
        'services',
        'reports',
        'staff',
        'audit',
        'settings',
      ] as const) {
        await openPageOf(page, `/${locale}/${section}`);
        await expectAccessible(page, `${section} (empty clinic) ${locale}`);
      }
      assert.equal(await page.title(), `${m.settings.title} · Riyadh Smiles`);

      await page.locator('input[name="name"]').fill('');
      await submitEmpty(page, '[data-testid="save-settings"]');
      await expectAccessible(page, `settings refused ${locale}`);
      assert.equal(await focusedName(page), 'name');

      await openPageOf(page, `/${locale}/patients`);
      await page.getByTestId('new-patient').click();
      await expectAccessible(page, `new patient dialog ${locale}`);
      await submitEmpty(page, '[data-testid="create-patient-submit"]');
      await expectAccessible(page, `new patient refused ${locale}`);
      await closeDialog(page);

      await openPageOf(page, `/${locale}/services`);
      await page.getByTestId('new-service').click();
      await expectAccessible(page, `new service dialog ${locale}`);
      await submitEmpty(page, '[data-testid="save-service"]');
      await expectAccessible(page, `new service refused ${locale}`);
      await closeDialog(page);

      await openPageOf(page, `/${locale}/staff`);
      await page.getByTestId('invite-staff').click();
      await expectAccessible(page, `invite dialog ${locale}`);
      await submitEmpty(page, '[data-testid="send-invite"]');
      await expectAccessible(page, `invite refused ${locale}`);
      await page.getByRole('dialog').locator('input[name="email"]').fill(`nurse-${locale}-${Date.now()}@clinic.test`);
      await page.getByTestId('send-invite').click();
      await page.getByTestId('invite-link').waitFor();
      await expectAccessible(page, `invitation created ${locale}`);
      await closeDialog(page);
    });
  }

  describe('a clinic at work', () => {
    let dentist: Staff;
    let patientId: string;
    const tomorrow = DateTime.now().setZone(ZONE).plus({ days: 1 }).startOf('day');

    before(async () => {
      dentist = await addStaff(owner, 'DENTIST', ['Omar', 'Khalid'], true);
      const serviceId = await addService(owner, 'Check-up', 'فحص دوري');
      patientId = await addPatient(owner, 'فاطمة', 'الزهراني', '0501234567');
      const today = DateTime.now().setZone(ZONE).startOf('day');
      const visit = { patientId, dentistId: dentist.id, serviceId };
      await book(owner, { ...visit, startAt: today.plus({ hours: 9 }).toISO()! });
      await book(owner, { ...visit, startAt: tomorrow.plus({ hours: 10 }).toISO()! });
      await cancel(owner, await book(owner, { ...visit, startAt: tomorrow.plus({ hours: 11 }).toISO()! }), 'Patient is travelling');
    });

    for (const locale of LOCALES) {
      it(`pages with data: dashboard, lists, messages, patient, working hours (${locale})`, async () => {
        const m = await messagesOf(locale);
        const { page } = staff;
        for (const path of ['dashboard', 'patients', 'notifications', 'services', 'reports', 'audit', 'staff', `staff/${dentist.id}`]) {
          await openPageOf(page, `/${locale}/${path}`);
          await expectAccessible(page, `${path} ${locale}`);
        }
        await page.getByTestId('add-exception').click();
        await expectAccessible(page, `working hours with an exception row ${locale}`);
        await page.getByTestId('weekly-day-0').locator('input[type="time"]').nth(1).fill('08:00');
        await submitEmpty(page, '[data-testid="save-schedule"]');
        await expectAccessible(page, `working hours refused ${locale}`);

        await openPageOf(page, `/${locale}/patients/${patientId}`);
        assert.equal(await page.title(), `فاطمة الزهراني · Riyadh Smiles`);
        await page.getByTestId('patient-history').waitFor();
        await expectAccessible(page, `patient with history ${locale}`);
        await page.getByTestId('edit-patient').click();
        await expectAccessible(page, `edit patient dialog ${locale}`);
        await closeDialog(page);
        await page.getByRole('button', { name: m.patients.archive }).click();
        await expectAccessible(page, `archive patient dialog ${locale}`);
        await closeDialog(page);
      });

      it(`the calendar, booking with the patient search, and an appointment (${locale})`, async () => {
        const m = await messagesOf(locale);
        const { page } = staff;
        await openPageOf(page, `/${locale}/calendar?view=week&day=${tomorrow.toISODate()}`);
        await page.getByTestId('calendar-entry').first().waitFor();
        await expectAccessible(page, `calendar week ${locale}`);
        await openPageOf(page, `/${locale}/calendar?view=day&day=${tomorrow.toISODate()}`);
        await page.locator('select[name="serviceId"]').selectOption({ label: locale === 'ar' ? 'فحص دوري' : 'Check-up' });
        await page.getByTestId('free-slot').first().waitFor();
        await expectAccessible(page, `calendar day with free slots ${locale}`);
        await page.locator('select[name="grouping"]').selectOption('room');
        await expectAccessible(page, `calendar day by chair ${locale}`);
        await page.locator('select[name="grouping"]').selectOption('dentist');

        await page.getByTestId('free-slot').first().click();
        const dialog = page.getByRole('dialog');
        const search = dialog.getByRole('combobox', { name: m.patients.patient });
        await expectAccessible(page, `booking dialog ${locale}`);
        await submitEmpty(page, '[data-testid="confirm-booking"]');
        await expectAccessible(page, `booking refused ${locale}`);
        assert.equal(await focusedName(page), 'patientSearch', 'focus moves to the patient search');
        await search.fill('zzzz');
        await dialog.getByRole('status').getByText(m.patients.noMatches).waitFor();
        await expectAccessible(page, `patient search without a match ${locale}`);
        await search.fill('فاطم');
        await dialog.getByRole('option').first().waitFor();
        await page.keyboard.press('ArrowDown');
        await expectAccessible(page, `patient search with matches ${locale}`);
        await page.keyboard.press('Enter');
        await dialog.getByTestId('picked-patient').waitFor();
        await expectAccessible(page, `patient picked ${locale}`);
        await closeDialog(page);

        await page.getByTestId('calendar-entry').first().click();
        const details = page.getByTestId('appointment-details');
        await details.waitFor();
        await expectAccessible(page, `appointment dialog ${locale}`);
        await details.getByRole('button', { name: m.appointment.reschedule }).click();
        await expectAccessible(page, `reschedule form ${locale}`);
        await details.getByRole('button', { name: m.common.back }).click();
        await details.getByRole('button', { name: m.appointment.cancelAppointment }).click();
        await submitEmpty(page, '[data-testid="cancel-form"] button[type="submit"]');
        await expectAccessible(page, `cancel refused ${locale}`);
        await closeDialog(page);
      });
    }
  });
});
