import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { DateTime } from 'luxon';
import type { Browser, Locator, Page } from 'playwright-core';
import { DESKTOP, launchBrowser, openPage, PHONE, type TestPage } from './browser.js';
import { addPatient, addService, addStaff, apiGet, book, logIn, PASSWORD, signupClinic, ZONE, type Staff } from './clinic.js';
import { messagesOf, type Locale } from './messages.js';
import { frontendRoot } from './stack.js';

/**
 * Issue 16's first-day items, in English and Arabic: a booking in the past is refused unless an Owner
 * or Admin records it as a back-entry (2); the Arabic UI shows no English (3 API problems, validation
 * codes, time-zone names) (4); names in the calendar are isolated from the text around them and hour
 * labels never wrap (5); a refused form focuses and scrolls to its first error at 768 px (8).
 */
const WEB = process.env.WEB_URL!;
const ARTIFACTS = path.resolve(frontendRoot, '..', 'test-artifacts');
const LOCALES: Locale[] = ['en', 'ar'];
const TABLET = { width: 768, height: 1024 };
/** The patient form fits a 768x1024 dialog; at 1024x768 its first field is out of view when the submit is clicked. */
const TABLETS = [
  { size: '768x1024', viewport: TABLET, firstFieldHidden: false },
  { size: '1024x768', viewport: { width: 1024, height: 768 }, firstFieldHidden: true },
];
const ARABIC_LETTER = /[\u0600-\u06FF]/;

let browser: Browser;
let owner: Staff;
let receptionist: Staff;
let dentist: Staff;
let serviceId: string;
const patients = { latin: ['Abdulrahman', 'Al-Shamrani'], arabic: ['عبد الرحمن', 'العتيبي'] } as const;
const patientIds: Record<keyof typeof patients, string> = { latin: '', arabic: '' };
const fullName = (who: keyof typeof patients) => patients[who].join(' ');
const pages: TestPage[] = [];
const tomorrow = DateTime.now().setZone(ZONE).plus({ days: 1 }).startOf('day');
const yesterday = DateTime.now().setZone(ZONE).minus({ days: 1 }).startOf('day');
/** The booking dialog's datetime-local value (clinic time). */
const localInput = (at: DateTime) => at.toFormat("yyyy-MM-dd'T'HH:mm");

async function open(locale: Locale, who: Staff | undefined, viewport = DESKTOP): Promise<Page> {
  const testPage = await openPage(browser, { locale: locale === 'ar' ? 'ar-SA' : 'en-US', viewport });
  pages.push(testPage);
  if (who) await logIn(testPage.page, WEB, who.email, locale);
  return testPage.page;
}

before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  browser = await launchBrowser();
  owner = await signupClinic('First Day Dental');
  dentist = await addStaff(owner, 'DENTIST', ['Fahad', 'Al-Harbi'], true);
  receptionist = await addStaff(owner, 'RECEPTIONIST', ['Lina', 'Saleh']);
  serviceId = await addService(owner, 'Check-up', 'فحص دوري');
  for (const who of ['latin', 'arabic'] as const) patientIds[who] = await addPatient(owner, patients[who][0], patients[who][1]);
});

afterEach(() => {
  for (const page of pages) page.assertNoConsoleErrors();
});

after(async () => {
  await browser?.close();
});

/** The text a field's aria-describedby points at (its error first). */
async function describedText(field: Locator): Promise<string> {
  return field.evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}

/** Whether the element is the focused one and wholly visible: inside the window and every clipping ancestor. */
function focusAndView(field: Locator): Promise<{ focused: boolean; inView: boolean }> {
  return field.evaluate((element) => {
    const rect = element.getBoundingClientRect();
    const inside = (box: { top: number; bottom: number; left: number; right: number }) =>
      rect.top >= box.top - 1 && rect.bottom <= box.bottom + 1 && rect.left >= box.left - 1 && rect.right <= box.right + 1;
    let inView = inside({ top: 0, left: 0, bottom: window.innerHeight, right: window.innerWidth });
    for (let parent = element.parentElement; parent && inView; parent = parent.parentElement) {
      const style = getComputedStyle(parent);
      if (/(auto|scroll|hidden)/.test(style.overflowY + style.overflowX)) inView = inside(parent.getBoundingClientRect());
    }
    return { focused: document.activeElement === element, inView };
  });
}

/** focusAndView once focus has moved and any scrolling has ended (or after 5 s). */
async function focusedAndInView(field: Locator): Promise<{ focused: boolean; inView: boolean }> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const state = await focusAndView(field);
    if ((state.focused && state.inView) || Date.now() > deadline) return state;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Opens the booking dialog from tomorrow's first free slot and picks the patient. */
async function openBooking(page: Page, locale: Locale, who: keyof typeof patients): Promise<Locator> {
  await page.goto(`${WEB}/${locale}/calendar?view=day&day=${tomorrow.toISODate()}`);
  await page.locator('#calendar-serviceId').selectOption(serviceId);
  await page.getByTestId('free-slot').first().click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('input[name="patientSearch"]').fill(patients[who][1]);
  await page.getByRole('option', { name: new RegExp(fullName(who)) }).click();
  await dialog.getByTestId('picked-patient').waitFor();
  return dialog;
}

async function appointmentsOn(day: DateTime, patient: keyof typeof patients): Promise<{ id: string; startAt: string }[]> {
  const query = `from=${encodeURIComponent(day.toUTC().toISO()!)}&to=${encodeURIComponent(day.plus({ days: 1 }).toUTC().toISO()!)}`;
  const { items } = await apiGet<{ items: { id: string; startAt: string; patientId: string }[] }>(owner, `/appointments?${query}`);
  return items.filter((item) => item.patientId === patientIds[patient]);
}

describe('item 2: a booking in the past', () => {
  for (const locale of LOCALES) {
    it(`is refused for a receptionist, beside the start field, and nothing is booked (${locale})`, async () => {
      const m = await messagesOf(locale);
      const page = await open(locale, receptionist);
      const dialog = await openBooking(page, locale, 'latin');
      const start = dialog.locator('input[name="start"]');
      await start.fill(localInput(yesterday.plus({ hours: 10 })));
      await dialog.getByTestId('booking-in-past').getByText(m.booking.inPastOthers).waitFor();
      assert.equal(await dialog.locator('input[name="backEntry"]').count(), 0, 'no back-entry box for a receptionist');
      await page.getByTestId('confirm-booking').click();
      await page.waitForFunction(() => document.querySelector('input[name="start"]')?.getAttribute('aria-invalid') === 'true');
      assert.equal(await describedText(start), m.problems['booking-in-past']);
      assert.deepEqual(await focusedAndInView(start), { focused: true, inView: true });
      assert.deepEqual(await appointmentsOn(yesterday, 'latin'), [], 'nothing booked');
    });
  }

  it('is recorded by the Owner who ticks "Record a past visit", and audited', async () => {
    const m = await messagesOf('en');
    const page = await open('en', owner);
    const dialog = await openBooking(page, 'en', 'arabic');
    await dialog.locator('input[name="start"]').fill(localInput(yesterday.plus({ hours: 10 })));
    await dialog.getByTestId('booking-in-past').getByText(m.booking.inPastManager).waitFor();
    await dialog.getByLabel(m.booking.backEntry).check();
    await page.getByTestId('confirm-booking').click();
    await dialog.waitFor({ state: 'detached' });
    const [booked, ...more] = await appointmentsOn(yesterday, 'arabic');
    assert.ok(booked && more.length === 0, 'one appointment yesterday');
    assert.equal(Date.parse(booked.startAt), yesterday.plus({ hours: 10 }).toMillis());
    const audit = await apiGet<{ items: { userId: string; entityId: string }[] }>(owner, '/audit-logs?action=APPOINTMENT_BACK_ENTERED');
    assert.deepEqual(
      audit.items.map((entry) => [entry.userId, entry.entityId]),
      [[owner.id, booked.id]],
    );
  });
});

describe('item 4: no English in the Arabic UI', () => {
  it('translates a wrong password, a missing name and a bad price', async () => {
    const [ar, en] = [await messagesOf('ar'), await messagesOf('en')];
    const page = await open('ar', undefined);
    await page.goto(`${WEB}/ar/login`);
    await page.locator('input[name="email"]').fill(owner.email);
    await page.locator('input[name="password"]').fill(`${PASSWORD}-wrong`);
    await page.locator('button[type="submit"]').click();
    await page.getByRole('alert').getByText(ar.problems['invalid-credentials']).waitFor();
    assert.equal(await page.getByText(en.problems['invalid-credentials']).count(), 0);

    await page.locator('input[name="password"]').fill(PASSWORD);
    await page.locator('button[type="submit"]').click();
    await page.waitForURL(/\/ar\/dashboard$/);
    await page.goto(`${WEB}/ar/services`);
    await page.getByTestId('new-service').click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[name="price"]').fill('12,34,5x');
    await page.getByTestId('save-service').click();
    const [name, price] = [dialog.locator('input[name="name"]'), dialog.locator('input[name="price"]')];
    await page.waitForFunction(() => document.querySelector('input[name="price"]')?.getAttribute('aria-invalid') === 'true');
    assert.equal(await describedText(name), ar.validation.required);
    assert.equal(await describedText(price), ar.validation.invalid_amount);
    const text = await dialog.innerText();
    for (const english of [en.validation.required, en.validation.invalid_amount]) assert.ok(!text.includes(english), `no "${english}"`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'first-day-service-errors-ar.png') });
  });

  it('names time zones in Arabic in sign-up and the clinic settings', async () => {
    const page = await open('ar', undefined);
    for (const [url, login] of [
      ['/ar/signup', false],
      ['/ar/settings', true],
    ] as const) {
      if (login) await logIn(page, WEB, owner.email, 'ar');
      await page.goto(`${WEB}${url}`);
      const riyadh = page.locator('select[name="timezone"] option[value="Asia/Riyadh"]');
      // Before hydration the select lists only the current zone, by its id.
      await page.waitForFunction(() => document.querySelectorAll('select[name="timezone"] option').length > 100);
      const label = await riyadh.innerText();
      assert.match(label, ARABIC_LETTER, `${url}: "${label}"`);
      assert.doesNotMatch(label, /Arabian|Standard|Time/, `${url}: "${label}"`);
    }
  });
});

describe('item 5: names in the week view', () => {
  const booked = { latin: '', arabic: '' };
  before(async () => {
    const ten = tomorrow.plus({ hours: 10 });
    booked.latin = (await book(owner, { patientId: patientIds.latin, dentistId: dentist.id, serviceId, startAt: ten.toISO()! })).id;
    booked.arabic = (
      await book(owner, { patientId: patientIds.arabic, dentistId: dentist.id, serviceId, startAt: ten.plus({ hours: 1 }).toISO()! })
    ).id;
  });

  for (const locale of LOCALES) {
    for (const [size, viewport] of Object.entries({ desktop: DESKTOP, phone: PHONE })) {
      it(`isolates each name, shows its beginning, and hour labels stay on one line (${locale}, ${size})`, async () => {
        const page = await open(locale, owner, viewport);
        await page.goto(`${WEB}/${locale}/calendar?view=week&day=${tomorrow.toISODate()}`);
        for (const who of ['latin', 'arabic'] as const) {
          const entry = page.locator(`[data-testid="calendar-entry"][data-entry-id="${booked[who]}"]`);
          await entry.waitFor();
          await entry.scrollIntoViewIfNeeded();
          if (who === 'arabic') await page.screenshot({ path: path.join(ARTIFACTS, `first-day-week-${locale}-${size}.png`) });
          const name = entry.locator('strong bdi');
          assert.equal(await name.innerText(), fullName(who));
          const shown = await name.evaluate((element) => {
            // The first letter of the name lies inside the box that clips the line (not cut from the wrong end).
            const range = document.createRange();
            range.setStart(element.firstChild!, 0);
            range.setEnd(element.firstChild!, 1);
            const letter = range.getBoundingClientRect();
            const inside = (clip: DOMRect) => letter.left >= clip.left - 0.5 && letter.right <= clip.right + 0.5;
            return {
              isolated: getComputedStyle(element).unicodeBidi,
              firstLetterVisible: inside(element.getBoundingClientRect()) && inside(element.closest('strong')!.getBoundingClientRect()),
            };
          });
          assert.deepEqual(shown, { isolated: 'isolate', firstLetterVisible: true }, `${who}: ${JSON.stringify(shown)}`);
          assert.equal(await entry.locator('span bdi').innerText(), 'Al-Harbi', "the dentist's name is isolated too");
        }
        const labels = await page.getByTestId('calendar-grid').evaluate((grid) => {
          const gutter = grid.querySelector(':scope > div > div:first-child')!.getBoundingClientRect();
          return Array.from(grid.querySelectorAll<HTMLElement>(':scope > div > div:first-child p')).map((label) => {
            const range = document.createRange();
            range.selectNodeContents(label);
            const lines = new Set(Array.from(range.getClientRects()).map((rect) => Math.round(rect.top))).size;
            const style = getComputedStyle(label);
            const lineHeight = style.lineHeight === 'normal' ? parseFloat(style.fontSize) * 1.4 : parseFloat(style.lineHeight);
            const rect = label.getBoundingClientRect();
            const inGutter = rect.left >= gutter.left - 0.5 && rect.right <= gutter.right + 0.5;
            return { text: label.textContent, lines, height: rect.height, lineHeight, inGutter };
          });
        });
        assert.ok(labels.length >= 8, `hour labels: ${labels.length}`);
        for (const label of labels) {
          assert.ok(
            label.lines === 1 && label.height <= label.lineHeight + 0.5 && label.inGutter,
            `hour label wraps or overflows: ${JSON.stringify(label)}`,
          );
        }
      });
    }
  }
});

describe('item 8: a refused form shows its first error (768 px)', () => {
  for (const locale of LOCALES) {
    it(`focuses and scrolls to the first invalid field of an empty patient form (${locale})`, async () => {
      const m = await messagesOf(locale);
      for (const { size, viewport, firstFieldHidden } of TABLETS) {
        // The Owner's form is the longest (clinical and identity fields).
        const page = await open(locale, owner, viewport);
        await page.goto(`${WEB}/${locale}/patients`);
        await page.getByTestId('new-patient').click();
        const dialog = page.getByRole('dialog');
        const first = dialog.locator('input[name="firstName"]');
        await page.getByTestId('create-patient-submit').scrollIntoViewIfNeeded();
        assert.equal((await focusAndView(first)).inView, !firstFieldHidden, `${size}: the first field in view before the submit`);
        await page.getByTestId('create-patient-submit').click();
        await page.waitForFunction(() => document.querySelector('input[name="firstName"]')?.getAttribute('aria-invalid') === 'true');
        assert.deepEqual(await focusedAndInView(first), { focused: true, inView: true }, size);
        assert.equal(await describedText(first), m.validation.required);
        await page.screenshot({ path: path.join(ARTIFACTS, `first-day-patient-form-${locale}-${size}.png`) });
      }
    });

    it(`focuses and scrolls to the start of a booking outside working hours (${locale})`, async () => {
      const m = await messagesOf(locale);
      const page = await open(locale, receptionist, TABLET);
      const dialog = await openBooking(page, locale, 'arabic');
      const start = dialog.locator('input[name="start"]');
      await start.fill(localInput(tomorrow.plus({ hours: 22 })));
      await page.getByTestId('confirm-booking').click();
      await page.waitForFunction(() => document.querySelector('input[name="start"]')?.getAttribute('aria-invalid') === 'true');
      assert.deepEqual(await focusedAndInView(start), { focused: true, inView: true });
      assert.equal(await describedText(start), m.problems['outside-working-hours']);
      await page.screenshot({ path: path.join(ARTIFACTS, `first-day-outside-hours-${locale}-tablet.png`) });
    });
  }
});
