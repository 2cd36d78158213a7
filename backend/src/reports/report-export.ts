import { PassThrough, type Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { ReportLocale } from './reports.schemas.js';

/**
 * A report as a file: CSV (RFC 4180: CRLF, quotes where needed, UTF-8 with a BOM so Excel shows Arabic)
 * or XLSX (written by exceljs's streaming writer, right to left in Arabic). Both are streams the
 * response pipes out while they are written.
 */

export type ColumnKind = 'text' | 'integer' | 'percent' | 'money';

export interface ReportColumn {
  key: string;
  heading: Record<ReportLocale, string>;
  kind: ColumnKind;
}

/** A row as the JSON report has it: figures, names, and null where a ratio has no whole. */
export type ReportRecord = Record<string, string | number | null | undefined>;

export interface ReportTable {
  /** File name without extension, e.g. appointments-2026-11-01-2026-11-30. */
  name: string;
  columns: readonly ReportColumn[];
  rows: readonly ReportRecord[];
  /** The totals row, labelled in the first column. */
  totals: ReportRecord;
}

export const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

const TOTAL_LABEL: Record<ReportLocale, string> = { en: 'Total', ar: 'الإجمالي' };

/**
 * A text cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first: OWASP's CSV injection)
 * gets a leading apostrophe. Names come from users; figures are never text.
 */
export const neutraliseFormula = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** A ratio (0.1234) as a percentage with two decimals (12.34); empty when there is none. */
const percentText = (value: string | number): string => (typeof value === 'number' ? (value * 100).toFixed(2) : '');

function csvCell(column: ReportColumn, value: ReportRecord[string]): string {
  if (value === null || value === undefined) return '';
  if (column.kind === 'percent') return percentText(value);
  if (column.kind === 'text') return neutraliseFormula(String(value));
  return String(value);
}

const headings = (table: ReportTable, locale: ReportLocale) => table.columns.map((column) => column.heading[locale]);
const withTotals = (table: ReportTable, locale: ReportLocale) => [
  ...table.rows,
  { ...table.totals, [table.columns[0]!.key]: TOTAL_LABEL[locale] },
];

export function csvStream(table: ReportTable, locale: ReportLocale): Readable {
  const csv = stringify({ bom: true, record_delimiter: 'windows', header: true, columns: headings(table, locale) });
  for (const row of withTotals(table, locale)) csv.write(table.columns.map((column) => csvCell(column, row[column.key])));
  csv.end();
  return csv;
}

function xlsxCell(column: ReportColumn, value: ReportRecord[string]): string | number | null {
  if (value === null || value === undefined) return null;
  if (column.kind === 'money') return Number(value);
  return column.kind === 'text' ? neutraliseFormula(String(value)) : value;
}

const NUMBER_FORMATS: Record<ColumnKind, string | undefined> = { text: undefined, integer: '#,##0', percent: '0.00%', money: '#,##0.00' };

export function xlsxStream(table: ReportTable, locale: ReportLocale): Readable {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(table.name.slice(0, 31), { views: [{ rightToLeft: locale === 'ar', state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map((column, index) => ({
    key: column.key,
    header: column.heading[locale],
    width: index === 0 ? 28 : Math.max(12, column.heading[locale].length + 2),
    style: NUMBER_FORMATS[column.kind] ? { numFmt: NUMBER_FORMATS[column.kind] } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  const rows = withTotals(table, locale);
  rows.forEach((row, index) => {
    const added = sheet.addRow(table.columns.map((column) => xlsxCell(column, row[column.key])));
    if (index === rows.length - 1) added.font = { bold: true };
    added.commit();
  });
  sheet.commit();
  workbook.commit().catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return output;
}
