import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, type TestPage } from './browser.js';
import { addPatient, addService, addStaff, PASSWORD, signupClinic, type Staff } from './clinic.js';
import { messagesOf, type Locale } from './messages.js';

/**
 * A receptionist's day with the keyboard alone, in English and Arabic: log in, skip to the content, take
 * the menu to the calendar, book a free slot picking the patient with the combobox, reschedule, cancel
 * with a reason, close dialogs with Escape. Only page.keyboard drives the app (page.goto opens the login
 * page); every step checks where focus went.
 */
const WEB = process.env.WEB_URL!;

let browser: Browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

/** What has focus: tag, test id, name, text; for assertion messages and checks. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    return {
      tag: element?.tagName.toLowerCase() ?? '',
      testId: element?.dataset.testid ?? '',
      name: element?.getAttribute('name') ?? '',
      id: element?.id ?? '',
      text: (element?.innerText ?? '').trim().slice(0, 80),
    };
  });

/** Presses Tab (or Shift+Tab) until the focused element matches `selector`; fails after 40 presses. */
async function tabTo(page: Page, selector: string, backwards = false): Promise<void> {
  for (let press = 0; press < 40; press++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  assert.fail(`Tab never reached ${selector}; focus is on ${JSON.stringify(await focused(page))}`);
}

/** Presses Tab until a button reading `text` has focus. */
async function tabToButton(page: Page, text: string): Promise<void> {
  for (let press = 0; press < 40; press++) {
    const now = await focused(page);
    if (now.tag === 'button' && now.text === text) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached the button "${text}"; focus is on ${JSON.stringify(await focused(page))}`);
}

async function waitForFocus(page: Page, selector: string): Promise<void> {
  try {
    await page.waitForFunction((s) => document.activeElement?.matches(s) ?? false, selector, { timeout: 10_000 });
  } catch {
    const history = await page.evaluate(() => (window as unknown as { focusHistory: string[] }).focusHistory.slice(-12));
    assert.fail(`focus did not reach ${selector}; it is on ${JSON.stringify(await focused(page))}; it went to:\n${history.join('\n')}`);
  }
}

/** Keeps where focus went (for the failure messages above). */
function recordFocus(): void {
  const history: string[] = [];
  (window as unknown as { focusHistory: string[] }).focusHistory = history;
  const start = performance.now();
  document.addEventListener(
    'focusin',
    (event) => {
      const target = event.target as HTMLElement;
      history.push(
        `${Math.round(performance.now() - start)} ms ${target.tagName} ${target.getAttribute('data-testid') ?? ''} ${(target.innerText ?? '').slice(0, 30)} (by ${new Error().stack?.split('\n').slice(2, 6).join(' < ')})`,
      );
    },
    true,
  );
}

for (const locale of ['en', 'ar'] as Locale[]) {
  describe(`a day at the front desk by keyboard alone (${locale})`, () => {
    let desk: TestPage;
    let receptionist: Staff;

    before(async () => {
      const owner = await signupClinic('Riyadh Smiles');
      await addStaff(owner, 'DENTIST', ['Omar', 'Khalid'], true);
      await addService(owner, 'Check-up', 'فحص دوري');
      await addPatient(owner, 'فاطمة', 'الزهراني', '0501234567');
      receptionist = await addStaff(owner, 'RECEPTIONIST', ['Lina', 'Saleh']);
      desk = await openPage(browser);
      await desk.page.addInitScript(recordFocus);
    });

    afterEach(() => desk.assertNoConsoleErrors());

    it('logs in; the skip link comes first, shows itself and lands in the content', async () => {
      const { page } = desk;
      await page.goto(`${WEB}/${locale}/login`);
      await page.locator('form fieldset:enabled').waitFor();
      await page.keyboard.press('Tab');
      const skip = page.locator(':focus');
      assert.equal(await skip.getAttribute('href'), '#main-content', 'the first Tab reaches the skip link');
      const box = (await skip.boundingBox())!;
      assert.ok(box.width > 40 && box.height > 20, 'the skip link is visible when focused');
      const viewport = page.viewportSize()!;
      assert.ok(
        locale === 'ar' ? box.x > viewport.width / 2 : box.x < viewport.width / 2,
        'it sits at the start of the line (right in Arabic)',
      );
      await page.keyboard.press('Enter');
      await waitForFocus(page, '#main-content');

      await tabTo(page, 'input[name="email"]');
      await page.keyboard.type(receptionist.email);
      await page.keyboard.press('Tab');
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press('Enter');
      await page.waitForURL(new RegExp(`/${locale}/dashboard$`));
      await waitForFocus(page, 'main h1');
    });

    it('skips to the content, then takes the menu to the calendar', async () => {
      const m = await messagesOf(locale);
      const { page } = desk;
      // Back to the top of the document, as on arriving: a blur alone would leave Tab's starting point at
      // the h1, and the dashboard has links after it (a billing role's "Today's collections").
      await page.evaluate(() => {
        (document.activeElement as HTMLElement | null)?.blur();
        document.body.tabIndex = -1;
        document.body.focus();
        document.body.removeAttribute('tabindex');
      });
      await page.keyboard.press('Tab');
      await waitForFocus(page, 'a[href="#main-content"]');
      await page.keyboard.press('Enter');
      await waitForFocus(page, '#main-content');
      await tabTo(page, '[data-testid="nav-calendar"]', true);
      await page.keyboard.press('Enter');
      await page.waitForURL(new RegExp(`/${locale}/calendar`));
      await waitForFocus(page, 'main h1');
      assert.equal((await focused(page)).text, m.calendar.title);
      assert.equal(await page.title(), `${m.calendar.title} · Riyadh Smiles`);
    });

    it('shows tomorrow with free slots; Escape closes the booking dialog back onto its slot', async () => {
      const { page } = desk;
      await tabToButton(page, (await messagesOf(locale)).calendar.next);
      await page.keyboard.press('Enter');
      await tabTo(page, 'select[name="serviceId"]');
      await page.keyboard.press('ArrowDown');
      await page.getByTestId('free-slot').first().waitFor();
      await tabTo(page, '[data-testid="free-slot"]');
      const slot = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.start);
      await page.keyboard.press('Enter');
      await waitForFocus(page, '[role="dialog"] input[role="combobox"]');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      await waitForFocus(page, `[data-testid="free-slot"][data-start="${slot}"]`);
    });

    it('books: the combobox picks the patient with ArrowDown and Enter, Escape closes only its list', async () => {
      const m = await messagesOf(locale);
      const { page } = desk;
      await page.keyboard.press('Enter');
      const search = page.locator('[role="dialog"] input[role="combobox"]');
      await waitForFocus(page, '[role="dialog"] input[role="combobox"]');
      await page.keyboard.type('فاطم');
      await page.getByRole('option').first().waitFor();
      assert.equal(await search.getAttribute('aria-expanded'), 'true');
      await page.keyboard.press('Escape');
      assert.equal(await search.getAttribute('aria-expanded'), 'false', 'Escape closes the list');
      assert.equal(await page.getByRole('dialog').count(), 1, 'and leaves the dialog open');
      await page.keyboard.press('ArrowDown');
      const option = page.getByRole('option').first();
      assert.equal(await option.getAttribute('aria-selected'), 'true');
      assert.equal(await search.getAttribute('aria-activedescendant'), await option.getAttribute('id'));
      await page.keyboard.press('Enter');
      await page.getByTestId('picked-patient').getByText('فاطمة الزهراني').waitFor();
      await waitForFocus(page, '[role="dialog"] button[aria-describedby]');
      assert.equal((await focused(page)).text, m.patients.change, 'focus moves on to "Change"');

      await tabTo(page, '[data-testid="confirm-booking"]');
      await page.keyboard.press('Enter');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      await waitForFocus(page, '[data-testid="calendar-entry"]');
      assert.match((await focused(page)).text, /فاطمة الزهراني/, 'focus lands on the booked appointment');
    });

    it('opens the appointment and closes it with Escape, back on the appointment', async () => {
      const { page } = desk;
      await page.keyboard.press('Enter');
      await page.getByTestId('appointment-details').waitFor();
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      await waitForFocus(page, '[data-testid="calendar-entry"]');
    });

    it('reschedules an hour later and cancels with a reason', async () => {
      const m = await messagesOf(locale);
      const { page } = desk;
      await page.keyboard.press('Enter');
      const details = page.getByTestId('appointment-details');
      await details.waitFor();
      const before = await details.innerText();
      await tabToButton(page, m.appointment.reschedule);
      await page.keyboard.press('Enter');
      await waitForFocus(page, '[data-testid="reschedule-form"] input[name="start"]');
      // The datetime field's parts: month, day, year, hour (Chromium's en-US order); ArrowUp adds an hour.
      for (let part = 0; part < 3; part++) await page.keyboard.press('Tab');
      await page.keyboard.press('ArrowUp');
      await tabTo(page, '[data-testid="reschedule-form"] button[type="submit"]');
      await page.keyboard.press('Enter');
      await page.getByTestId('reschedule-form').waitFor({ state: 'detached' });
      await waitForFocus(page, `[role="dialog"] button`);
      assert.equal((await focused(page)).text, m.appointment.reschedule, 'focus returns to "Reschedule"');
      await page.waitForFunction((text) => document.querySelector('[data-testid="appointment-details"]')?.textContent !== text, before);

      await tabToButton(page, m.appointment.cancelAppointment);
      await page.keyboard.press('Enter');
      await waitForFocus(page, '[data-testid="cancel-form"] input[name="reason"]');
      await page.keyboard.type(locale === 'ar' ? 'المريضة مسافرة' : 'Patient is travelling');
      await page.keyboard.press('Enter');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      await page.getByTestId('calendar-entry').waitFor({ state: 'detached' });
      await waitForFocus(page, 'main h1');
    });
  });
}
