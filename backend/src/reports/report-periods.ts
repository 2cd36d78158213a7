import { DateTime, IANAZone } from 'luxon';

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

/**
 * The instant a local date starts, from the zone's UTC offset: two offset look-ups instead of a Luxon
 * DateTime per boundary (a year of days is 367 boundaries). Where the offset differs between the two
 * look-ups the clocks change near midnight, and Luxon resolves it (a day may start at 01:00).
 */
function dayStart(isoDate: string, zone: IANAZone): number {
  const utcMidnight = Date.parse(`${isoDate}T00:00:00Z`);
  const guess = zone.offset(utcMidnight);
  const start = utcMidnight - guess * 60_000;
  if (zone.offset(start) === guess && zone.offset(start - 1) === guess) return start;
  return localMidnight(isoDate, zone.name).toMillis();
}

/** Calendar arithmetic on YYYY-MM-DD dates (no time zone involved). */
const utcDate = (isoDate: string) => new Date(`${isoDate}T00:00:00Z`);
const isoOf = (date: Date) => date.toISOString().slice(0, 10);

function firstOfPeriod(isoDate: string, unit: PeriodUnit): string {
  const date = utcDate(isoDate);
  if (unit === 'month') date.setUTCDate(1);
  if (unit === 'week') date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return isoOf(date);
}

function nextPeriod(isoDate: string, unit: PeriodUnit): string {
  const date = utcDate(isoDate);
  if (unit === 'month') date.setUTCMonth(date.getUTCMonth() + 1);
  else date.setUTCDate(date.getUTCDate() + (unit === 'week' ? 7 : 1));
  return isoOf(date);
}

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

const periodLabel = (first: string, unit: PeriodUnit): string => {
  if (unit === 'month') return first.slice(0, 7);
  if (unit === 'week') return DateTime.fromISO(first, { zone: 'utc' }).toFormat("kkkk-'W'WW");
  return first;
};

/**
 * Every period of `unit` that overlaps the range, in order, clipped to it: a month report from the 15th
 * starts with a half month. Empty periods are still periods, so reports show them as zero rows.
 */
export function periodsOf(range: ReportRange, unit: PeriodUnit): Period[] {
  const zone = IANAZone.create(range.zone);
  const periods: Period[] = [];
  let first = firstOfPeriod(range.fromDate, unit);
  let start = dayStart(first, zone);
  while (first <= range.toDate) {
    const next = nextPeriod(first, unit);
    const end = dayStart(next, zone);
    const clippedStart = Math.max(start, range.start);
    periods.push({
      key: first < range.fromDate ? range.fromDate : first,
      label: periodLabel(first, unit),
      start: clippedStart,
      end: Math.min(end, range.end),
    });
    first = next;
    start = end;
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
