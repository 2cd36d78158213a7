import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible } from './a11y.js';
import { launchBrowser, openPage, type TestPage } from './browser.js';
import { addPatient, addService, issuedInvoice, logIn, signupClinic, type Staff } from './clinic.js';
import { consentPdf, largePdf, radiographPng } from './file-fixtures.js';
import { frontendRoot } from './stack.js';

/**
 * A patient's files through the browser: upload an X-ray (file picker) and a consent form (dropped), both
 * with an Arabic name, look at the X-ray in the viewer (zoom, rotate, brightness), preview the PDF,
 * delete it with confirmation; in English and Arabic, checked by axe at each step.
 */
const WEB = process.env.WEB_URL!;
const ARTIFACTS = path.resolve(frontendRoot, '..', 'test-artifacts');
const XRAY_NAME = 'أشعة بانورامية.png';
const CONSENT_NAME = 'إقرار الموافقة.pdf';

let browser: Browser;
let staff: TestPage;
let owner: Staff;
let patientId: string;

before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  browser = await launchBrowser();
  staff = await openPage(browser);
  owner = await signupClinic('Riyadh Smiles');
  patientId = await addPatient(owner, 'ليلى', 'العتيبي');
  await logIn(staff.page, WEB, owner.email);
});

afterEach(() => staff.assertNoConsoleErrors());

after(async () => {
  await browser?.close();
});

async function openFilesTab(page: Page, locale: 'en' | 'ar'): Promise<void> {
  await page.goto(`${WEB}/${locale}/patients/${patientId}`);
  await page.locator('main h1').waitFor();
  await page.getByTestId('tab-files').click();
  await page.getByTestId('file-drop').waitFor();
}

/** Drops a file on the drop zone as a browser does when one is dragged from the desktop. */
async function dropFile(page: Page, name: string, type: string, bytes: Buffer): Promise<void> {
  await page.getByTestId('file-drop').evaluate(
    (zone, file) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    { name, type, bytes: [...bytes] },
  );
}

/** A PDF on the patient, uploaded through the API as the Owner; its id. */
async function uploadAsOwner(name: string): Promise<string> {
  const form = new FormData();
  form.append('entityType', 'patient');
  form.append('entityId', patientId);
  form.append('file', new Blob([new Uint8Array(consentPdf())], { type: 'application/pdf' }), name);
  const response = await fetch(`${process.env.API_URL}/api/files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${owner.token}` },
    body: form,
  });
  const text = await response.text();
  assert.equal(response.status, 201, text);
  return (JSON.parse(text) as { id: string }).id;
}

const card = (page: Page, name: string) => page.getByTestId('file-card').filter({ hasText: name });

describe("a patient's files", () => {
  it('uploads an X-ray and a consent form with progress, and shows them by category', async () => {
    const { page } = staff;
    await openFilesTab(page, 'en');
    await page.getByText('No files yet.').waitFor();
    await expectAccessible(page, 'patient files empty en');
    await page.locator('select[name="category"]').selectOption('xray');
    await page.locator('input[type="file"]').setInputFiles({ name: XRAY_NAME, mimeType: 'image/png', buffer: radiographPng() });
    await card(page, XRAY_NAME).waitFor();
    await page.locator('select[name="category"]').selectOption('');
    await dropFile(page, CONSENT_NAME, 'application/pdf', consentPdf());
    await card(page, CONSENT_NAME).waitFor();
    assert.equal(await page.getByTestId('upload-item').count(), 2);
    await page.getByTestId('upload-item').filter({ hasText: 'Uploaded' }).nth(1).waitFor();
    assert.deepEqual(await page.locator('main h3').allTextContents(), ['X-rays', 'Documents']);
    // The thumbnail of the X-ray is the API's WebP, decoded by the browser.
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll<HTMLImageElement>('[data-testid="file-card"] img')).every((img) => img.naturalWidth > 0),
    );
    await expectAccessible(page, 'patient files en');
    await page.screenshot({ path: path.join(ARTIFACTS, 'files-en.png') });
  });

  it('views the X-ray with zoom, rotation and brightness, and previews the PDF', async () => {
    const { page } = staff;
    await card(page, XRAY_NAME)
      .getByRole('button', { name: `View ${XRAY_NAME}` })
      .click();
    const image = page.getByTestId('viewer-image');
    await image.waitFor();
    await page.waitForFunction(() => document.querySelector<HTMLImageElement>('[data-testid="viewer-image"]')?.naturalWidth === 480);
    await page.getByTestId('zoom-in').click();
    await page.getByTestId('rotate').click();
    await page.getByTestId('brightness').fill('150');
    const style = await image.getAttribute('style');
    assert.match(style ?? '', /rotate\(90deg\) scale\(1\.25\)/);
    assert.match(style ?? '', /brightness\(150%\)/);
    await expectAccessible(page, 'image viewer en');
    await page.getByRole('dialog').screenshot({ path: path.join(ARTIFACTS, 'files-viewer-en.png') });
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    await card(page, CONSENT_NAME)
      .getByRole('button', { name: `View ${CONSENT_NAME}` })
      .click();
    const frame = page.locator(`iframe[title="${CONSENT_NAME}"]`);
    await frame.waitFor();
    const src = (await frame.getAttribute('src')) ?? '';
    assert.match(src, /^\/api\/files\/[0-9a-f-]+\/content$/);
    // The browser shows it: the API lets its own origin frame an inline file (a refused frame becomes chrome-error://).
    const pdf = (await (await frame.elementHandle()).contentFrame())!;
    for (let waited = 0; ['', 'about:blank'].includes(pdf.url()) && waited < 10_000; waited += 100) await page.waitForTimeout(100);
    assert.equal(pdf.url().replace(/^https?:\/\/[^/]+/, ''), src);
    const served = await page.request.get(`${WEB}${src}`);
    assert.equal(served.headers()['content-type'], 'application/pdf');
    assert.equal(served.headers()['x-frame-options'], 'SAMEORIGIN');
    await expectAccessible(page, 'pdf preview en');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('downloads a file under its Arabic name', async () => {
    const { page } = staff;
    const [download] = await Promise.all([page.waitForEvent('download'), card(page, XRAY_NAME).getByRole('link').click()]);
    assert.equal(download.suggestedFilename(), XRAY_NAME);
  });

  it('deletes the consent form after a confirmation', async () => {
    const { page } = staff;
    await card(page, CONSENT_NAME)
      .getByRole('button', { name: `Delete ${CONSENT_NAME}` })
      .click();
    await page.getByTestId('confirm-delete-file').waitFor();
    await expectAccessible(page, 'delete file dialog en');
    await page.getByTestId('confirm-delete-file').click();
    await card(page, CONSENT_NAME).waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('file-card').count(), 1);
  });

  it("opens another file's delete confirmation without the error a failed deletion left", async () => {
    const { page } = staff;
    const gone = await uploadAsOwner('gone.pdf');
    await uploadAsOwner('other.pdf');
    await openFilesTab(page, 'en');
    await card(page, 'other.pdf').waitFor();
    // Its deletion fails once (as when someone else removed it a moment before).
    const path = `**/api/files/${gone}`;
    await page.route(path, (route) =>
      route.request().method() === 'DELETE'
        ? route.fulfill({
            status: 404,
            contentType: 'application/problem+json',
            body: JSON.stringify({ type: 'not-found', title: 'Not Found', status: 404, detail: 'File not found.' }),
          })
        : route.continue(),
    );
    await card(page, 'gone.pdf').getByRole('button', { name: 'Delete gone.pdf' }).click();
    await page.getByTestId('confirm-delete-file').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('alert').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await card(page, 'other.pdf').getByRole('button', { name: 'Delete other.pdf' }).click();
    await page.getByTestId('confirm-delete-file').waitFor();
    assert.equal(await dialog.getByRole('alert').count(), 0, "the other file's error is not shown");
    await page.getByTestId('confirm-delete-file').click();
    await card(page, 'other.pdf').waitFor({ state: 'detached' });
    await page.unroute(path);
    await card(page, 'gone.pdf').getByRole('button', { name: 'Delete gone.pdf' }).click();
    await page.getByTestId('confirm-delete-file').click();
    await card(page, 'gone.pdf').waitFor({ state: 'detached' });
  });

  it("takes a 15 MB scan through the web app's origin whole (streamed past Next, which would cut it at 10 MB)", async () => {
    const { page } = staff;
    const scan = largePdf(15 * 1024 * 1024);
    const csrf = (await page.context().cookies(WEB)).find((cookie) => cookie.name === 'csrf_token')?.value ?? '';
    // The browser's session (its cookies, scoped to /api) and the CSRF header the web app sends with writes.
    const response = await page.request.post(`${WEB}/api/files`, {
      headers: { 'x-csrf-token': csrf },
      multipart: {
        entityType: 'patient',
        entityId: patientId,
        category: 'document',
        file: { name: 'scan.pdf', mimeType: 'application/pdf', buffer: scan },
      },
      timeout: 120_000,
    });
    assert.equal(response.status(), 201, await response.text());
    const stored = (await response.json()) as { id: string; sizeBytes: number; sha256: string };
    assert.equal(stored.sizeBytes, scan.length);
    assert.equal(stored.sha256, createHash('sha256').update(scan).digest('hex'));
    const back = await page.request.get(`${WEB}/api/files/${stored.id}/content`, { timeout: 120_000 });
    assert.equal(
      createHash('sha256')
        .update(await back.body())
        .digest('hex'),
      stored.sha256,
    );
    const removed = await page.request.delete(`${WEB}/api/files/${stored.id}`, { headers: { 'x-csrf-token': csrf } });
    assert.equal(removed.status(), 204);
  });

  it('shows the files right to left in Arabic with their names intact', async () => {
    const { page } = staff;
    await openFilesTab(page, 'ar');
    await card(page, XRAY_NAME).waitFor();
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    assert.ok((await page.locator('main h3').allTextContents()).includes('صور الأشعة'));
    await expectAccessible(page, 'patient files ar');
    await page.screenshot({ path: path.join(ARTIFACTS, 'files-ar.png') });
    await card(page, XRAY_NAME).getByRole('button').first().click();
    await page.getByTestId('viewer-image').waitFor();
    await expectAccessible(page, 'image viewer ar');
    await page.getByRole('dialog').screenshot({ path: path.join(ARTIFACTS, 'files-viewer-ar.png') });
    await page.keyboard.press('Escape');
  });

  it('attaches a receipt to an invoice on its page and shows it there', async () => {
    const { page } = staff;
    const invoiceId = await issuedInvoice(owner, patientId, await addService(owner, 'Scaling', 'تنظيف الجير'));
    await page.goto(`${WEB}/en/billing/${invoiceId}`);
    const panel = page.getByTestId('files-invoice');
    await panel.getByText('No files yet.').waitFor();
    await panel
      .locator('input[type="file"]')
      .setInputFiles({ name: 'إيصال التأمين.pdf', mimeType: 'application/pdf', buffer: consentPdf() });
    await card(page, 'إيصال التأمين.pdf').waitFor();
    const listed = await page.request.get(`${WEB}/api/files?entityType=invoice&entityId=${invoiceId}`);
    const body = (await listed.json()) as { items: { fileName: string; entityType: string }[] };
    assert.deepEqual(
      body.items.map((file) => [file.fileName, file.entityType]),
      [['إيصال التأمين.pdf', 'invoice']],
    );
    await expectAccessible(page, 'invoice files en');
    await page.screenshot({ path: path.join(ARTIFACTS, 'files-invoice-en.png'), fullPage: true });
    await page.goto(`${WEB}/ar/billing/${invoiceId}`);
    await card(page, 'إيصال التأمين.pdf').waitFor();
    await page.getByRole('heading', { name: 'ملفات هذه الفاتورة' }).waitFor();
    await expectAccessible(page, 'invoice files ar');
    await page.screenshot({ path: path.join(ARTIFACTS, 'files-invoice-ar.png'), fullPage: true });
  });
});
