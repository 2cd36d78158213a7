import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, type TestPage } from './browser.js';
import { addPatient, addService, addStaff, api, book, cancel, logIn, signupClinic, ZONE, type Staff } from './clinic.js';
import { messagesOf, type Locale } from './messages.js';
import { frontendRoot } from './stack.js';

/**
 * The Reports page in English and Arabic (appointments and utilisation, chart and table, CSV and Excel
 * downloads), the Audit log for the Owner, and who sees them: the Accountant has Reports, a Dentist
 * reads only their own rows.
 */
const WEB = process.env.WEB_URL!;
const ARTIFACTS = path.resolve(frontendRoot, '..', 'test-artifacts');
const LOCALES: Locale[] = ['en', 'ar'];

let browser: Browser;
let ownerBrowser: TestPage;
let owner: Staff;
let dentist: Staff;
let accountant: Staff;
let receptionist: Staff;
const today = DateTime.now().setZone(ZONE).startOf('day');
const tomorrow = today.plus({ days: 1 });

/** Chooses a custom range from today to tomorrow, the days the fixtures booked. */
async function chooseTodayAndTomorrow(page: Page): Promise<void> {
  await page.locator('input[name="from"]').fill(today.toISODate()!);
  await page.locator('input[name="to"]').fill(tomorrow.toISODate()!);
}

/** Clicks a download button and returns the file's name and bytes. */
async function download(page: Page, label: string): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: label }).click()]);
  return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}

/** Digits as Latin ones, whichever the locale's number format chose (Arabic-Indic in Arabic). */
const latin = (texts: string[]) => texts.map((text) => text.replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660)));

const cellTexts = (page: Page, row: number) => page.getByTestId('report-table').locator('tbody tr').nth(row).locator('td').allInnerTexts();

before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  browser = await launchBrowser();
  ownerBrowser = await openPage(browser);
  owner = await signupClinic('Riyadh Smiles');
  dentist = await addStaff(owner, 'DENTIST', ['Omar', 'Khalid'], true);
  const hygienist = await addStaff(owner, 'HYGIENIST', ['ليلى', 'العتيبي'], true);
  accountant = await addStaff(owner, 'ACCOUNTANT', ['Huda', 'Saleh']);
  receptionist = await addStaff(owner, 'RECEPTIONIST', ['Lama', 'Saad']);
  const serviceId = await addService(owner, 'Check-up', 'فحص دوري');
  const patients = [await addPatient(owner, 'فاطمة', 'الزهراني'), await addPatient(owner, 'John', 'Smith')];
  const at = (hour: number) => tomorrow.plus({ hours: hour }).toISO()!;
  await book(owner, { patientId: patients[0]!, dentistId: dentist.id, serviceId, startAt: at(10) });
  await book(owner, { patientId: patients[1]!, dentistId: hygienist.id, serviceId, startAt: at(10) });
  await cancel(owner, await book(owner, { patientId: patients[1]!, dentistId: dentist.id, serviceId, startAt: at(12) }), 'Travelling');
  // Money today: John's invoice paid in full, Fatima's paid in part (she owes the rest). A tax invoice needs the tax profile.
  await api('PATCH', '/clinics/me', owner.token, { vatNumber: '310122393500003', legalNameAr: 'شركة عيادة رياض للابتسامة' });
  for (const [patientId, paid] of [
    [patients[1]!, null],
    [patients[0]!, '50.00'],
  ] as const) {
    const draft = await api('POST', '/invoices', owner.token, { patientId, items: [{ serviceId, quantity: 1 }] });
    const issued = await api('POST', `/invoices/${draft.id}/issue`, owner.token);
    const response = await fetch(`${process.env.API_URL}/api/invoices/${issued.id}/payments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${owner.token}`, 'idempotency-key': `e2e-${issued.id}` },
      body: JSON.stringify({ amount: paid ?? issued.total, method: 'cash' }),
    });
    assert.equal(response.status, 201, await response.text());
  }
  await logIn(ownerBrowser.page, WEB, owner.email);
});

/** An amount as the page shows it ("SAR 1,234.50", "‏1,234.50 ر.س.‏") as the API's decimal string. */
const amountOf = (text: string) =>
  (/\d[\d,\u066C]*(?:[.\u066B]\d+)?/.exec(latin([text])[0]!)?.[0] ?? '').replace(/[,\u066C]/g, '').replace('\u066B', '.');

/** Opens a report view by its button and waits for its figures. */
async function openKind(page: Page, label: string, kind: string): Promise<void> {
  await page.getByRole('button', { name: label, exact: true }).click();
  await page.getByTestId(`report-${kind}`).waitFor();
}

afterEach(() => ownerBrowser.assertNoConsoleErrors());

after(async () => {
  await browser?.close();
});

describe('reports', () => {
  for (const locale of LOCALES) {
    it(`shows appointments and utilisation with a chart and a table, and downloads CSV and Excel (${locale})`, async () => {
      const m = await messagesOf(locale);
      const page = ownerBrowser.page;
      await page.goto(`${WEB}/${locale}/reports`);
      await page.getByRole('heading', { level: 1, name: m.reports.title }).waitFor();
      assert.equal(await page.locator('html').getAttribute('dir'), locale === 'ar' ? 'rtl' : 'ltr');
      await chooseTodayAndTomorrow(page);
      await page.locator('select[name="groupBy"]').selectOption('dentist');
      // The dentist's row says the dentist grouping has arrived (the month's days were shown before it).
      await page.getByTestId('report-table').getByText('Omar Khalid').waitFor();
      await page.getByTestId('report-chart').locator('.recharts-bar-rectangle').first().waitFor();
      const omar = (await page.getByTestId('report-table').locator('tbody tr').allInnerTexts()).find((row) => row.includes('Omar'));
      assert.ok(omar, 'a row for the dentist');
      const totals = latin(await page.getByTestId('report-table').locator('tfoot td').allInnerTexts());
      assert.equal(totals[0], m.reports.total);
      // Three appointments, one cancelled.
      assert.deepEqual(totals.slice(1, 5), ['3', '0', '0', '1']);
      await page.screenshot({ path: path.join(ARTIFACTS, `reports-appointments-${locale}.png`), fullPage: true });

      const csv = await download(page, m.reports.downloadCsv);
      assert.equal(csv.name, `appointments-${today.toISODate()}-${tomorrow.toISODate()}.csv`);
      assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      const lines = csv.bytes.subarray(3).toString('utf8').split('\r\n');
      assert.equal(lines[0]!.split(',')[0], locale === 'ar' ? 'الطبيب' : 'Dentist');
      assert.match(lines.at(-2)!, new RegExp(`^${locale === 'ar' ? 'الإجمالي' : 'Total'},3,`));

      await page.getByRole('button', { name: m.reports.kinds.utilization }).click();
      await page.getByTestId('report-utilization').waitFor();
      await page.getByTestId('report-table').locator('tbody tr').first().waitFor();
      // Both clinicians work 09:00-17:00 on both days: 32 hours, one hour booked.
      const utilization = latin(await page.getByTestId('report-table').locator('tfoot td').allInnerTexts());
      assert.deepEqual(utilization.slice(1, 3), ['32', '1']);
      await page.screenshot({ path: path.join(ARTIFACTS, `reports-utilization-${locale}.png`), fullPage: true });
      const xlsx = await download(page, m.reports.downloadExcel);
      assert.equal(xlsx.name, `utilization-${today.toISODate()}-${tomorrow.toISODate()}.xlsx`);
      assert.equal(xlsx.bytes.subarray(0, 2).toString('latin1'), 'PK');

      await page.locator('select[name="preset"]').selectOption('thisYear');
      await page.locator('select[name="groupBy"]').selectOption('month');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="report-table"] tbody tr').length === 12);
      assert.equal(await page.locator('input[name="from"]').inputValue(), `${today.year}-01-01`);
    });
  }

  for (const locale of LOCALES) {
    it(`shows revenue by month and by service and receivables with the API's figures, and downloads revenue as CSV (${locale})`, async () => {
      const m = await messagesOf(locale);
      const page = ownerBrowser.page;
      await page.goto(`${WEB}/${locale}/reports`);
      await page.getByRole('heading', { level: 1, name: m.reports.title }).waitFor();
      await openKind(page, m.reports.kinds.revenue, 'revenue');
      await page.locator('select[name="preset"]').selectOption('thisYear');
      await page.locator('select[name="groupBy"]').selectOption('month');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="report-table"] tbody tr').length === 12);
      const year = `from=${today.year}-01-01&to=${today.year}-12-31`;
      const byMonth = await api('GET', `/reports/revenue?${year}&groupBy=month&locale=${locale}`, owner.token);
      assert.notEqual(byMonth.totals.invoiced, '0.00');
      const totals = await page.getByTestId('report-table').locator('tfoot td').allInnerTexts();
      assert.deepEqual(totals.slice(1).map(amountOf), [
        byMonth.totals.invoiced,
        byMonth.totals.vat,
        byMonth.totals.collected,
        byMonth.totals.refunded,
      ]);
      assert.equal(amountOf(await page.getByTestId('headline-collected').innerText()), byMonth.totals.collected);
      const thisMonth = byMonth.rows.findIndex((row: { key: string }) => row.key === today.startOf('month').toISODate());
      assert.equal(amountOf((await cellTexts(page, thisMonth))[1]!), byMonth.rows[thisMonth].invoiced);
      await page.getByTestId('report-chart').locator('.recharts-bar-rectangle').first().waitFor();
      await page.screenshot({ path: path.join(ARTIFACTS, `reports-revenue-month-${locale}.png`), fullPage: true });

      const csv = await download(page, m.reports.downloadCsv);
      assert.equal(csv.name, `revenue-${today.year}-01-01-${today.year}-12-31.csv`);
      assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      const lines = csv.bytes.subarray(3).toString('utf8').split('\r\n');
      assert.equal(lines[0]!.split(',')[0], locale === 'ar' ? 'الشهر' : 'Month');
      assert.ok(
        lines.includes(`${today.toFormat('yyyy-MM')},${Object.values(byMonth.rows[thisMonth]).slice(2).join(',')}`),
        lines.join('\n'),
      );

      await page.locator('select[name="groupBy"]').selectOption('service');
      const service = locale === 'ar' ? 'فحص دوري' : 'Check-up';
      await page.getByTestId('report-table').getByText(service).waitFor();
      const byService = await api('GET', `/reports/revenue?${year}&groupBy=service&locale=${locale}`, owner.token);
      assert.deepEqual(
        byService.rows.map((row: { label: string }) => row.label),
        [service],
      );
      assert.deepEqual((await cellTexts(page, 0)).slice(1).map(amountOf), [
        byService.rows[0].invoiced,
        byService.rows[0].vat,
        byService.rows[0].collected,
        byService.rows[0].refunded,
      ]);
      await page.screenshot({ path: path.join(ARTIFACTS, `reports-revenue-service-${locale}.png`), fullPage: true });

      await openKind(page, m.reports.kinds.receivables, 'receivables');
      assert.equal(await page.locator('input[name="asOf"]').inputValue(), today.toISODate());
      await page.getByTestId('report-patient-link').first().waitFor();
      const owed = await api('GET', `/reports/receivables?asOf=${today.toISODate()}`, owner.token);
      assert.equal(owed.rows.length, 1, 'Fatima owes the rest of her invoice');
      const row = await cellTexts(page, 0);
      assert.match(row[0]!, /فاطمة الزهراني/);
      assert.equal(amountOf(row.at(-1)!), owed.rows[0].total);
      assert.equal(amountOf(row[1]!), owed.rows[0].current);
      await page.getByTestId('report-chart').locator('.recharts-bar-rectangle').first().waitFor();
      await page.screenshot({ path: path.join(ARTIFACTS, `reports-receivables-${locale}.png`), fullPage: true });
      await page.getByTestId('report-patient-link').first().click();
      await page.waitForURL(new RegExp(`/${locale}/patients/`));
    });
  }

  it("shows the Accountant the dashboard's money cards with the API's amounts; the Receptionist has none", async () => {
    const other = await openPage(browser);
    try {
      await logIn(other.page, WEB, accountant.email);
      const summary = await api('GET', '/reports/summary', accountant.token);
      assert.notEqual(summary.invoicedToday, '0.00');
      const card = (id: string) => other.page.getByTestId(`money-card-${id}-value`);
      await card('invoiced').getByText(/\d/).waitFor();
      assert.equal(amountOf(await card('invoiced').innerText()), summary.invoicedToday);
      assert.equal(amountOf(await card('collected').innerText()), summary.collectedToday);
      assert.equal(amountOf(await card('outstanding').innerText()), summary.outstanding);
      assert.equal(amountOf(await card('no-shows').innerText()), String(summary.noShowsThisWeek));
      await other.page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-money-accountant-en.png'), fullPage: true });
      await other.page.getByTestId('money-card-outstanding').getByRole('link').click();
      await other.page.getByTestId('report-receivables').waitFor();
      other.assertNoConsoleErrors();
      await other.context.clearCookies();
      await logIn(other.page, WEB, receptionist.email);
      await other.page.getByTestId('todays-collections').waitFor();
      assert.equal(await other.page.getByTestId('money-cards').count(), 0);
      assert.equal(await other.page.getByTestId('nav-reports').count(), 0);
    } finally {
      await other.context.close();
    }
  });

  it('gives the Accountant Reports in the navigation and a Dentist only their own rows', async () => {
    const other = await openPage(browser);
    try {
      await logIn(other.page, WEB, accountant.email);
      await other.page.getByTestId('nav-reports').waitFor();
      assert.equal(await other.page.getByTestId('nav-audit').count(), 0);
      await other.context.clearCookies();
      await logIn(other.page, WEB, dentist.email);
      await other.page.getByTestId('nav-reports').click();
      await chooseTodayAndTomorrow(other.page);
      await other.page.locator('select[name="groupBy"]').selectOption('dentist');
      await other.page.waitForFunction(() => document.querySelectorAll('[data-testid="report-table"] tbody tr').length === 1);
      assert.match((await cellTexts(other.page, 0))[0]!, /Omar Khalid/);
      other.assertNoConsoleErrors();
    } finally {
      await other.context.close();
    }
  });
});

describe('audit log', () => {
  for (const locale of LOCALES) {
    it(`lists what happened, filtered by action (${locale})`, async () => {
      const m = await messagesOf(locale);
      const page = ownerBrowser.page;
      await page.goto(`${WEB}/${locale}/dashboard`);
      await page.getByTestId('nav-audit').click();
      await page.getByRole('heading', { level: 1, name: m.audit.title }).waitFor();
      await page.getByTestId('audit-table').waitFor();
      await page.locator('input[name="action"]').fill('APPOINTMENT_CANCELLED');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-table"] tbody tr').length === 1);
      assert.match(await page.getByTestId('audit-table').locator('tbody tr').innerText(), /APPOINTMENT_CANCELLED/);
      await page.locator('input[name="action"]').fill('');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-table"] tbody tr').length > 5);
      await page.screenshot({ path: path.join(ARTIFACTS, `audit-log-${locale}.png`), fullPage: true });
    });
  }
});
