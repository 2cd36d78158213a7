import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { DateTime } from 'luxon';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, openPage, PHONE, type TestPage } from './browser.js';
import { addPatient, addService, addStaff, book, cancel, logIn, signupClinic, ZONE, type Booked, type Staff } from './clinic.js';
import { messagesOf, type Locale } from './messages.js';
import { frontendRoot } from './stack.js';

/**
 * The calendar's pointer work and its views, in English and Arabic, on a desktop and a phone: a click on an
 * empty time books there, a drag moves or resizes an appointment (the saved times checked through the
 * API), a refused move goes back with a message, cancelled visits show on request, non-working time is
 * greyed, the printable day sheet; on a 390x844 phone the calendar starts high and no page scrolls sideways.
 */
const WEB = process.env.WEB_URL!;
const API = process.env.API_URL!;
const ARTIFACTS = path.resolve(frontendRoot, '..', 'test-artifacts');
const PX_PER_MINUTE = 1.2;

let browser: Browser;
let owner: Staff;
let omar: Staff;
let nora: Staff;
let receptionist: Staff;
let serviceId: string;
let slotMinutes: number;
const patients: Record<string, string> = {};
const tomorrow = DateTime.now().setZone(ZONE).plus({ days: 1 }).startOf('day');
const day = tomorrow.toISODate()!;
const at = (time: string) => DateTime.fromISO(`${day}T${time}`, { zone: ZONE });

async function apiCall<T = any>(method: string, url: string, body?: unknown): Promise<T> {
  const response = await fetch(`${API}/api${url}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${owner.token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${url}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

const appointment = (id: string) =>
  apiCall<{ dentistId: string; startAt: string; endAt: string; version: number }>('GET', `/appointments/${id}`);
const same = (instant: string, time: DateTime) => assert.equal(Date.parse(instant), time.toMillis(), `${instant} is ${time.toISO()}`);

before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  browser = await launchBrowser();
  owner = await signupClinic('Riyadh Smiles');
  omar = await addStaff(owner, 'DENTIST', ['Omar', 'Khalid'], true);
  nora = await addStaff(owner, 'DENTIST', ['Nora', 'Saad'], true);
  // Omar takes a lunch break every day: greyed on his column.
  await apiCall('PUT', `/staff/${omar.id}/schedule`, {
    weekly: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
    breaks: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '12:00', end: '13:00' })),
  });
  serviceId = await addService(owner, 'Check-up', 'فحص دوري');
  for (const [first, last, phone] of [
    ['فاطمة', 'الزهراني', '0501234567'],
    ['Khalid', 'Harbi', '0559876543'],
    ['Sami', 'Otaibi', '0551112222'],
    ['Huda', 'Nasser', '0553334444'],
  ] as const) {
    patients[`${first} ${last}`] = await addPatient(owner, first, last, phone);
  }
  receptionist = await addStaff(owner, 'RECEPTIONIST', ['Lina', 'Saleh']);
  slotMinutes = (await apiCall<{ slotMinutes: number }>('GET', '/clinics/me')).slotMinutes;
});

after(async () => {
  await browser?.close();
});

/** The y (page px) of a time in a column: its body's top plus the minutes from the first hour shown. */
async function pointAt(page: Page, column: Locator, time: DateTime): Promise<{ x: number; y: number }> {
  const body = column.getByTestId('calendar-column-body');
  const box = (await body.boundingBox())!;
  const first = Number(await page.evaluate(() => document.querySelector('[data-testid="calendar-grid"]')?.getAttribute('data-first-hour')));
  const minutes = time.hour * 60 + time.minute - first * 60;
  return { x: box.x + box.width / 2, y: box.y + minutes * PX_PER_MINUTE };
}

/** Drags with the mouse from one point to another in steps (pointer events, as a hand would). */
async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let step = 1; step <= 8; step++) {
    await page.mouse.move(from.x + ((to.x - from.x) * step) / 8, from.y + ((to.y - from.y) * step) / 8);
  }
  await page.mouse.up();
}

const column = (page: Page, name: string) => page.getByTestId('calendar-column').filter({ has: page.getByText(name, { exact: true }) });
const entryOf = (page: Page, name: string) => page.getByTestId('calendar-entry').filter({ hasText: name });

describe('the calendar by pointer (English, desktop)', () => {
  let desk: TestPage;
  let page: Page;
  let moved: Booked;
  let blocker: Booked;

  before(async () => {
    desk = await openPage(browser);
    page = desk.page;
    await logIn(page, WEB, receptionist.email, 'en');
    moved = await book(owner, { patientId: patients['Khalid Harbi']!, dentistId: omar.id, serviceId, startAt: at('10:00').toISO()! });
    blocker = await book(owner, { patientId: patients['Sami Otaibi']!, dentistId: omar.id, serviceId, startAt: at('15:00').toISO()! });
    await page.goto(`${WEB}/en/calendar?view=day&day=${day}`);
    await entryOf(page, 'Khalid Harbi').waitFor();
  });

  afterEach(() => desk.assertNoConsoleErrors());

  it("greys each dentist's time off (before and after hours, breaks) and names the status colours", async () => {
    const m = await messagesOf('en');
    const omarOff = column(page, 'Omar Khalid').getByTestId('off-hours');
    await omarOff.first().waitFor();
    const blocks = await omarOff.evaluateAll((elements) =>
      elements.map((e) => `${e.getAttribute('data-from')}-${e.getAttribute('data-to')}`),
    );
    assert.ok(blocks.includes('720-780'), `the 12:00-13:00 break is greyed (${blocks.join(', ')})`);
    assert.ok(
      blocks.some((b) => b.endsWith('-540')),
      'before 09:00 is greyed',
    );
    assert.ok(
      blocks.some((b) => b.startsWith('1020-')),
      'after 17:00 is greyed',
    );
    const noraBlocks = await column(page, 'Nora Saad')
      .getByTestId('off-hours')
      .evaluateAll((elements) => elements.map((e) => e.getAttribute('data-from')));
    assert.ok(!noraBlocks.includes('720'), 'Nora has no break');
    const legend = page.getByTestId('status-legend');
    for (const status of ['scheduled', 'confirmed', 'completed', 'cancelled', 'no_show']) {
      await legend.getByText(m.status[status], { exact: true }).waitFor();
    }
    await page.screenshot({ path: path.join(ARTIFACTS, 'calendar-day-en.png'), fullPage: true });
  });

  it('books on a click on an empty time: the dialog has that dentist and start', async () => {
    const target = await pointAt(page, column(page, 'Nora Saad'), at('11:00'));
    await page.mouse.click(target.x, target.y + 3);
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.equal(await dialog.locator('select[name="dentistId"]').inputValue(), nora.id);
    assert.equal(await dialog.locator('input[name="start"]').inputValue(), `${day}T11:00`);
    await dialog.locator('select[name="serviceId"]').selectOption(serviceId);
    await dialog.getByRole('combobox', { name: 'Patient' }).fill('Nasser');
    await page.getByRole('option', { name: /Huda Nasser/ }).click();
    await page.getByTestId('confirm-booking').click();
    await dialog.waitFor({ state: 'detached' });
    const booked = entryOf(page, 'Huda Nasser');
    await booked.waitFor();
    const saved = await appointment((await booked.getAttribute('data-entry-id'))!);
    assert.equal(saved.dentistId, nora.id);
    same(saved.startAt, at('11:00'));
  });

  it('books by keyboard too: the column takes Tab, the arrows choose the time, Enter opens the booking', async () => {
    const here = column(page, 'Omar Khalid').getByTestId('book-here');
    await here.focus();
    const start = DateTime.fromISO((await here.getAttribute('data-start'))!).setZone(ZONE);
    assert.equal(start.toFormat('HH:mm'), '09:00', 'it starts at the first working time');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.equal(await dialog.locator('select[name="dentistId"]').inputValue(), omar.id);
    assert.equal(
      await dialog.locator('input[name="start"]').inputValue(),
      `${day}T${start.plus({ minutes: 2 * slotMinutes }).toFormat('HH:mm')}`,
    );
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it("moves an appointment by dragging it to another dentist's column and time; the API has the new time", async () => {
    const entry = entryOf(page, 'Khalid Harbi');
    const box = (await entry.boundingBox())!;
    const from = { x: box.x + box.width / 2, y: box.y + 8 };
    const to = await pointAt(page, column(page, 'Nora Saad'), at('14:00'));
    const answered = page.waitForResponse((r) => r.url().includes(`/api/appointments/${moved.id}`) && r.request().method() === 'PATCH');
    await drag(page, from, { x: to.x, y: to.y + 8 });
    assert.equal((await answered).status(), 200);
    const saved = await appointment(moved.id);
    assert.equal(saved.dentistId, nora.id);
    same(saved.startAt, at('14:00'));
    same(saved.endAt, at('14:30'));
    await column(page, 'Nora Saad').getByTestId('calendar-entry').filter({ hasText: 'Khalid Harbi' }).waitFor();
    assert.equal(await page.getByRole('dialog').count(), 0, 'the drop did not open the appointment');
  });

  it('puts a refused move back and says why (the time is taken)', async () => {
    const m = await messagesOf('en');
    await page.waitForFunction((id) => document.querySelector(`[data-entry-id="${id}"]`)?.getAttribute('data-saving') === null, moved.id);
    const entry = entryOf(page, 'Sami Otaibi');
    const box = (await entry.boundingBox())!;
    const to = await pointAt(page, column(page, 'Nora Saad'), at('14:15'));
    const answered = page.waitForResponse((r) => r.url().includes(`/api/appointments/${blocker.id}`) && r.request().method() === 'PATCH');
    await drag(page, { x: box.x + box.width / 2, y: box.y + 8 }, { x: to.x, y: to.y + 8 });
    assert.equal((await answered).status(), 409);
    const message = page.getByTestId('move-refused');
    await message.waitFor();
    assert.match(await message.innerText(), new RegExp(m.problems['double-booking'].replace('.', '\\.')));
    await column(page, 'Omar Khalid').getByTestId('calendar-entry').filter({ hasText: 'Sami Otaibi' }).waitFor();
    const saved = await appointment(blocker.id);
    assert.equal(saved.dentistId, omar.id, 'nothing changed');
    same(saved.startAt, at('15:00'));
    await page.screenshot({ path: path.join(ARTIFACTS, 'calendar-move-refused-en.png') });
  });

  it('resizes it by dragging its bottom edge, on the slot grid', async () => {
    const handle = entryOf(page, 'Khalid Harbi').getByTestId('resize-handle');
    const box = (await handle.boundingBox())!;
    const from = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    const answered = page.waitForResponse((r) => r.url().includes(`/api/appointments/${moved.id}`) && r.request().method() === 'PATCH');
    // 30 minutes and a little: the end snaps to 15:00.
    await drag(page, from, { x: from.x, y: from.y + (30 + 4) * PX_PER_MINUTE });
    assert.equal((await answered).status(), 200);
    const saved = await appointment(moved.id);
    same(saved.startAt, at('14:00'));
    same(saved.endAt, at('15:00'));
  });

  it('shows cancelled visits only when asked to', async () => {
    const gone = await book(owner, {
      patientId: patients['فاطمة الزهراني']!,
      dentistId: omar.id,
      serviceId,
      startAt: at('16:00').toISO()!,
    });
    await cancel(owner, gone, 'Travelling');
    await page.reload();
    await entryOf(page, 'Khalid Harbi').waitFor();
    assert.equal(await page.locator(`[data-entry-id="${gone.id}"]`).count(), 0, 'hidden by default');
    await page.getByTestId('show-cancelled').check();
    await page.locator(`[data-entry-id="${gone.id}"][data-status="cancelled"]`).waitFor();
    await page.getByTestId('calendar-grid').screenshot({ path: path.join(ARTIFACTS, 'calendar-cancelled-shown-en.png') });
    await page.getByTestId('show-cancelled').uncheck();
    await page.locator(`[data-entry-id="${gone.id}"]`).waitFor({ state: 'detached' });
  });

  it('"New appointment" opens a blank booking', async () => {
    await page.getByTestId('new-appointment').click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.equal(await dialog.locator('input[name="start"]').inputValue(), '');
    assert.equal(await dialog.locator('select[name="dentistId"]').inputValue(), '');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it("prints the day: each dentist's visits with time, patient, phone, service and status", async () => {
    const m = await messagesOf('en');
    await page.getByTestId('print-day').click();
    await page.waitForURL(new RegExp(`/en/calendar/print\\?day=${day}$`));
    const sections = page.getByTestId('day-sheet-dentist');
    await sections.first().waitFor();
    assert.equal(await sections.count(), 2);
    const noraRows = sections.filter({ hasText: 'Nora Saad' }).getByTestId('day-sheet-row');
    const khalid = noraRows.filter({ hasText: 'Khalid Harbi' });
    await khalid.getByText(/559876543/).waitFor();
    await khalid.getByText('Check-up').waitFor();
    await khalid.getByText(m.status.scheduled).waitFor();
    assert.equal(await page.getByTestId('day-sheet').getByText('فاطمة الزهراني').count(), 0, 'no cancelled visit');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('nav').first().isVisible(), false, 'the menu is not printed');
    assert.equal(await page.getByTestId('print-now').isVisible(), false, 'nor the buttons');
    await page.screenshot({ path: path.join(ARTIFACTS, 'day-sheet-print-en.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
  });
});

describe('the calendar in Arabic (desktop)', () => {
  it('shows the day with its legend, and prints the day sheet in Arabic', async () => {
    const m = await messagesOf('ar');
    const { page, assertNoConsoleErrors } = await openPage(browser, { locale: 'ar-SA' });
    await logIn(page, WEB, receptionist.email, 'ar');
    await page.goto(`${WEB}/ar/calendar?view=day&day=${day}`);
    await entryOf(page, 'Khalid Harbi').waitFor();
    await page.getByTestId('status-legend').getByText(m.status.no_show).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'calendar-day-ar.png'), fullPage: true });
    await page.getByTestId('print-day').click();
    await page.getByRole('heading', { level: 1, name: new RegExp(m.daySheet.heading.split('{')[0].trim()) }).waitFor();
    const row = page.getByTestId('day-sheet-row').filter({ hasText: 'Khalid Harbi' });
    await row.getByText('فحص دوري').waitFor();
    await row.getByText(m.status.scheduled).waitFor();
    await page.getByRole('columnheader', { name: m.daySheet.phone }).first().waitFor();
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: path.join(ARTIFACTS, 'day-sheet-print-ar.png'), fullPage: true });
    assertNoConsoleErrors();
  });
});

for (const locale of ['en', 'ar'] as Locale[]) {
  describe(`a phone, 390 x 844 (${locale})`, () => {
    let phone: TestPage;

    before(async () => {
      phone = await openPage(browser, { locale: locale === 'ar' ? 'ar-SA' : 'en-US', viewport: PHONE });
      await logIn(phone.page, WEB, owner.email, locale);
    });

    afterEach(() => phone.assertNoConsoleErrors());

    const fitsWidth = async (page: Page, what: string) => {
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      assert.ok(scrollWidth <= innerWidth, `${what} is ${scrollWidth}px wide on a ${innerWidth}px screen`);
    };

    it('starts the calendar high, one dentist at a time, with no sideways scroll', async () => {
      const { page } = phone;
      await page.goto(`${WEB}/${locale}/calendar?view=day&day=${day}`);
      await page.getByTestId('column-switcher').selectOption({ label: 'Omar Khalid' });
      await entryOf(page, 'Sami Otaibi').waitFor();
      const grid = (await page.getByTestId('calendar-grid').boundingBox())!;
      assert.ok(grid.y <= 200, `the calendar starts ${grid.y}px down the page`);
      await fitsWidth(page, 'the calendar');
      const gridScroll = await page.getByTestId('calendar-grid').evaluate((e) => e.scrollWidth - e.clientWidth);
      assert.ok(gridScroll <= 0, `the day view scrolls ${gridScroll}px sideways`);
      assert.equal(await page.getByTestId('calendar-column').count(), 1);
      await page.screenshot({ path: path.join(ARTIFACTS, `calendar-${locale}-phone.png`) });
      await page.getByTestId('column-switcher').selectOption({ label: 'Nora Saad' });
      await entryOf(page, 'Khalid Harbi').waitFor();
      await page.getByTestId('calendar-options-toggle').click();
      await page.getByTestId('status-legend').waitFor();
      await fitsWidth(page, 'the calendar with its options open');
      await page.screenshot({ path: path.join(ARTIFACTS, `calendar-options-${locale}-phone.png`), fullPage: true });
    });

    it('opens the menu from the one-line bar', async () => {
      const { page } = phone;
      await page.getByTestId('phone-menu').click();
      await page.getByTestId('nav-patients').click();
      await page.waitForURL(new RegExp(`/${locale}/patients$`));
      assert.equal(await page.getByTestId('nav-patients').count(), 0, 'the menu closes on the way');
    });

    for (const [name, url] of [
      ['the working hours', () => `/staff/${omar.id}`],
      ['the patients', () => '/patients'],
      ['the invoices', () => '/billing'],
      ['the day sheet', () => `/calendar/print?day=${day}`],
    ] as const) {
      it(`fits ${name} in the width`, async () => {
        const { page } = phone;
        await page.goto(`${WEB}/${locale}${url()}`);
        await page.getByRole('heading', { level: 1 }).waitFor();
        await page.waitForLoadState('networkidle');
        await fitsWidth(page, name);
        await page.screenshot({
          path: path.join(ARTIFACTS, `phone-${name.replace(/^the /, '').replace(/ /g, '-')}-${locale}.png`),
          fullPage: true,
        });
      });
    }
  });
}
