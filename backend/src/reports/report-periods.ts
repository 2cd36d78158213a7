import { DateTime } from 'luxon';

/**
 * Report periods in the clinic's time zone: a range of local dates turned into instants, and split into
 * days, weeks (ISO: Monday to Sunday) or months whose boundaries are local midnights, DST days included.
 * Pure: no NestJS, no database.
 */

export const PERIOD_UNITS = ['day', 'week', 'month'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];

export const isPeriodUnit = (value: string): value is PeriodUnit => (PERIOD_UNITS as readonly string[]).includes(value);

/** The longest range a report may cover, in days (two years and a leap day). */
export const MAX_REPORT_DAYS = 731;

/** [from, to) in epoch milliseconds, from local dates `fromDate` and `toDate` (inclusive). */
export interface ReportRange {
  fromDate: string;
  toDate: string;
  zone: string;
  start: number;
  end: number;
}

/** One bucket of a period report: its key (the local date it starts on), a label, and its instants. */
export interface Period {
  key: string;
  label: string;
  start: number;
  end: number;
}

const localMidnight = (isoDate: string, zone: string): DateTime => DateTime.fromISO(isoDate, { zone }).startOf('day');

/** The instants of local dates `fromDate` ... `toDate` (inclusive) in `zone`. */
export function reportRange(fromDate: string, toDate: string, zone: string): ReportRange {
  const start = localMidnight(fromDate, zone);
  const end = localMidnight(toDate, zone).plus({ days: 1 }).startOf('day');
  return { fromDate, toDate, zone, start: start.toMillis(), end: end.toMillis() };
}

/** Calendar days from `fromDate` to `toDate` inclusive (dates, not hours: a DST day still counts one). */
export function daysInRange(fromDate: string, toDate: string): number {
  const from = DateTime.fromISO(fromDate, { zone: 'utc' });
  const to = DateTime.fromISO(toDate, { zone: 'utc' });
  return Math.round(to.diff(from, 'days').days) + 1;
}

const periodLabel = (start: DateTime, unit: PeriodUnit): string => {
  if (unit === 'month') return start.toFormat('yyyy-MM');
  if (unit === 'week') return start.toFormat("kkkk-'W'WW");
  return start.toISODate()!;
};

/**
 * Every period of `unit` that overlaps the range, in order, clipped to it: a month report from the 15th
 * starts with a half month. Empty periods are still periods, so reports show them as zero rows.
 */
export function periodsOf(range: ReportRange, unit: PeriodUnit): Period[] {
  const periods: Period[] = [];
  const last = DateTime.fromMillis(range.end, { zone: range.zone });
  let cursor = localMidnight(range.fromDate, range.zone).startOf(unit === 'week' ? 'week' : unit);
  while (cursor < last) {
    const next = cursor.plus({ [unit + 's']: 1 }).startOf('day');
    const start = Math.max(cursor.toMillis(), range.start);
    const end = Math.min(next.toMillis(), range.end);
    periods.push({ key: DateTime.fromMillis(start, { zone: range.zone }).toISODate()!, label: periodLabel(cursor, unit), start, end });
    cursor = next;
  }
  return periods;
}

/**
 * The key of the period (of `periods`, sorted) that holds `instant`, or undefined outside them.
 * Binary search: a year of days is 366 periods and a year's appointments are many.
 */
export function periodKeyAt(periods: readonly Period[], instant: number): string | undefined {
  let low = 0;
  let high = periods.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const period = periods[middle]!;
    if (instant < period.start) high = middle - 1;
    else if (instant >= period.end) low = middle + 1;
    else return period.key;
  }
  return undefined;
}
