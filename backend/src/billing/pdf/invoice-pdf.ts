import { currencyExponent } from '@dental/shared';
import { DateTime } from 'luxon';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { BuyerParty, DocumentLine, DocumentTotalsView, SellerParty } from '../documents.js';
import { type Direction, drawLine, isolateLtr, wrapLines } from './bidi-text.js';
import { currencyLabel, PDF_LABELS, type PdfLocale } from './labels.js';
import { type FontAsset, loadFont, useHarfBuzz } from './shaping.js';

/** What the PDF of an issued invoice or credit note prints. */
export interface DocumentPdfInput {
  kind: 'invoice' | 'credit_note';
  locale: PdfLocale;
  number: string;
  issuedAt: Date;
  dueAt: Date | null;
  /** The clinic's zone: dates print in clinic time. */
  timezone: string;
  currency: string;
  seller: SellerParty;
  buyer: BuyerParty;
  lines: DocumentLine[];
  totals: DocumentTotalsView;
  /** Invoices: where payment stands as the PDF is made. */
  settlement?: { amountPaid: string; creditedAmount: string; balanceDue: string };
  /** Credit notes: the invoice they correct, and why. */
  invoiceNumber?: string;
  reason?: string;
  notes?: string | null;
  qr: string;
}

// IBM Plex Sans Arabic (SIL OFL 1.1, backend/assets/fonts): Arabic and Latin in one face; parsed once per process.
const FONTS_DIR = new URL('../../../../assets/fonts/', import.meta.url);
let fonts: { regular: FontAsset; bold: FontAsset } | undefined;
const loadedFonts = () =>
  (fonts ??= {
    regular: loadFont(new URL('IBMPlexSansArabic-Regular.ttf', FONTS_DIR)),
    bold: loadFont(new URL('IBMPlexSansArabic-Bold.ttf', FONTS_DIR)),
  });

const PAGE = { margin: 40, qrSize: 92, footer: 30 };
// Table columns from the start edge (left in English, right in Arabic): description, qty, unit price, VAT %, VAT, total.
const COLUMN_WIDTHS = [179, 36, 70, 50, 70, 0];
const CELL_PADDING = 4;
const LINE_HEIGHT = 13;

/** Renders the document to PDF bytes: A4, right to left in Arabic, with the ZATCA QR code. */
export function renderDocumentPdf(input: DocumentPdfInput): Promise<Buffer> {
  const { regular, bold } = loadedFonts();
  const labels = PDF_LABELS[input.locale];
  const direction: Direction = input.locale === 'ar' ? 'rtl' : 'ltr';
  const title = input.kind === 'invoice' ? labels.invoiceTitle : labels.creditNoteTitle;
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE.margin,
    lang: input.locale === 'ar' ? 'ar-SA' : 'en-US',
    info: { Title: `${title} ${input.number}`, Producer: 'Dental clinic platform' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', regular.pdfkitFont as string);
  doc.registerFont('bold', bold.pdfkitFont as string);
  const useFont = (weight: 'regular' | 'bold', size: number) => {
    doc.font(weight).fontSize(size);
    useHarfBuzz(doc, weight === 'regular' ? regular : bold);
  };

  const contentWidth = doc.page.width - 2 * PAGE.margin;
  const widths = COLUMN_WIDTHS.map((w, i) =>
    i === COLUMN_WIDTHS.length - 1 ? contentWidth - COLUMN_WIDTHS.reduce((a, b) => a + b, 0) : w,
  );
  const offsets = widths.map((_, i) => widths.slice(0, i).reduce((a, b) => a + b, 0));
  // A box measured from the start edge, mirrored in Arabic.
  const boxX = (start: number, width: number) => (direction === 'rtl' ? doc.page.width - PAGE.margin - start - width : PAGE.margin + start);
  const text = (value: string, start: number, y: number, width: number, align: 'start' | 'end' = 'start') =>
    drawLine(doc, value, {
      x: boxX(start, width),
      y,
      width,
      direction,
      align: (align === 'start') === (direction === 'ltr') ? 'left' : 'right',
    });
  const digits = currencyExponent(input.currency);
  const number = new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const plain = (amount: string) => number.format(amount as unknown as number);
  const money = (amount: string) =>
    input.locale === 'ar' ? `${plain(amount)} ${currencyLabel(input.currency, 'ar')}` : `${input.currency} ${plain(amount)}`;
  const when = (instant: Date, format: string) => DateTime.fromJSDate(instant, { zone: input.timezone }).toFormat(format);

  // Header: the QR code at the end side, the seller at the start side.
  drawQr(doc, input.qr, boxX(contentWidth - PAGE.qrSize, PAGE.qrSize), PAGE.margin, PAGE.qrSize);
  const headerWidth = contentWidth - PAGE.qrSize - 12;
  let y = PAGE.margin;
  useFont('bold', 17);
  text(`${title} ${labels.number} ${isolateLtr(input.number)}`, 0, y, headerWidth);
  y += 27;
  useFont('bold', 10.5);
  for (const name of [input.seller.legalNameEn, input.seller.legalNameAr]) {
    if (!name) continue;
    text(name, 0, y, headerWidth);
    y += 15;
  }
  useFont('regular', 9);
  const address = input.seller.address;
  if (address) {
    const parts = [address.street, address.buildingNumber, address.additionalNumber, address.district, address.city, address.postalCode];
    const separator = parts.some((part) => part && /[\u0600-\u06FF]/.test(part)) ? '، ' : ', ';
    text(parts.filter(Boolean).join(separator), 0, y, headerWidth);
    y += 13;
  }
  const registration = input.seller.commercialRegistration
    ? `   ${labels.commercialRegistration}: ${input.seller.commercialRegistration}`
    : '';
  text(`${labels.vatNumber}: ${input.seller.vatNumber}${registration}`, 0, y, headerWidth);
  y += 13;
  text(`${labels.issuedAt}: ${isolateLtr(when(input.issuedAt, 'yyyy-MM-dd HH:mm'))}`, 0, y, headerWidth);
  y += 13;
  if (input.dueAt) {
    text(`${labels.dueAt}: ${isolateLtr(when(input.dueAt, 'yyyy-MM-dd'))}`, 0, y, headerWidth);
    y += 13;
  }
  if (input.invoiceNumber) {
    text(`${labels.invoiceReference}: ${isolateLtr(input.invoiceNumber)}`, 0, y, headerWidth);
    y += 13;
  }
  y = Math.max(y + 10, PAGE.margin + PAGE.qrSize + 12);

  useFont('bold', 10);
  const id = input.buyer.nationalId ? `   ${labels.nationalId}: ${isolateLtr(input.buyer.nationalId)}` : '';
  text(`${labels.patient}: ${input.buyer.name}${id}`, 0, y, contentWidth);
  y += 16;
  if (input.reason) {
    useFont('regular', 9);
    for (const line of wrapLines(doc, `${labels.reason}: ${input.reason}`, contentWidth, direction)) {
      text(line, 0, y, contentWidth);
      y += LINE_HEIGHT;
    }
  }
  y += 6;

  const tableHeader = () => {
    doc.rect(PAGE.margin, y, contentWidth, 20).fill('#e8eef5').fillColor('#000');
    useFont('bold', 8.5);
    labels.columns.forEach((label, i) =>
      text(label, offsets[i]! + CELL_PADDING, y + 5, widths[i]! - 2 * CELL_PADDING, i === 0 ? 'start' : 'end'),
    );
    y += 20;
  };
  const pageBottom = () => doc.page.height - PAGE.margin - PAGE.footer;
  tableHeader();
  for (const line of input.lines) {
    useFont('regular', 9);
    const description = (input.locale === 'ar' ? line.descriptionAr : null) ?? line.description;
    const descriptionLines = wrapLines(doc, description, widths[0]! - 2 * CELL_PADDING, direction);
    const height = 8 + LINE_HEIGHT * descriptionLines.length;
    if (y + height > pageBottom()) {
      doc.addPage();
      y = PAGE.margin;
      tableHeader();
      useFont('regular', 9);
    }
    descriptionLines.forEach((part, k) => text(part, offsets[0]! + CELL_PADDING, y + 4 + LINE_HEIGHT * k, widths[0]! - 2 * CELL_PADDING));
    const cells = [String(line.quantity), plain(line.unitPrice), `${Number(line.vatRate)}%`, plain(line.vatAmount), plain(line.total)];
    cells.forEach((cell, i) => text(isolateLtr(cell), offsets[i + 1]! + CELL_PADDING, y + 4, widths[i + 1]! - 2 * CELL_PADDING, 'end'));
    y += height;
    doc
      .moveTo(PAGE.margin, y)
      .lineTo(PAGE.margin + contentWidth, y)
      .lineWidth(0.5)
      .strokeColor('#999999')
      .stroke();
  }

  // Totals: labels at the start of a box on the end side, amounts at its end.
  const rows: [string, string, boolean][] = [
    [labels.subtotal, input.totals.subtotal, false],
    [labels.vatTotal, input.totals.vatTotal, false],
    [labels.total, input.totals.total, true],
  ];
  if (input.settlement) {
    rows.push([labels.amountPaid, input.settlement.amountPaid, false]);
    if (Number(input.settlement.creditedAmount) !== 0) rows.push([labels.creditedAmount, input.settlement.creditedAmount, false]);
    rows.push([labels.balanceDue, input.settlement.balanceDue, true]);
  }
  const totalsWidth = 270;
  if (y + 12 + rows.length * 19 > pageBottom()) {
    doc.addPage();
    y = PAGE.margin;
  }
  y += 12;
  for (const [label, amount, strong] of rows) {
    useFont(strong ? 'bold' : 'regular', strong ? 10.5 : 9.5);
    text(label, contentWidth - totalsWidth, y, totalsWidth - 120);
    text(isolateLtr(money(amount)), contentWidth - 120, y, 120, 'end');
    y += strong ? 19 : 15;
  }

  useFont('regular', 8.5);
  const footnotes = [
    input.lines.some((line) => line.vatCategory === 'Z') ? labels.zeroRated : null,
    input.notes ? `${labels.notes}: ${input.notes}` : null,
  ];
  y += 8;
  for (const note of footnotes.filter((n): n is string => n !== null)) {
    for (const line of wrapLines(doc, note, contentWidth, direction)) {
      if (y + LINE_HEIGHT > pageBottom()) {
        doc.addPage();
        y = PAGE.margin;
      }
      text(line, 0, y, contentWidth);
      y += LINE_HEIGHT;
    }
  }
  doc.end();
  return done;
}

/** The QR code as vector squares (one rectangle per horizontal run of dark modules): sharp at any zoom, no image codec. */
function drawQr(doc: PDFKit.PDFDocument, payload: string, x: number, y: number, size: number): void {
  const qr = QRCode.create([{ data: Buffer.from(payload, 'latin1'), mode: 'byte' }], { errorCorrectionLevel: 'M' });
  const count = qr.modules.size;
  const module = size / (count + 2);
  for (let row = 0; row < count; row++) {
    for (let column = 0; column < count; column++) {
      if (!qr.modules.get(row, column)) continue;
      let end = column;
      while (end + 1 < count && qr.modules.get(row, end + 1)) end++;
      doc.rect(x + (column + 1) * module, y + (row + 1) * module, (end - column + 1) * module, module);
      column = end;
    }
  }
  doc.fill('#000000');
}
