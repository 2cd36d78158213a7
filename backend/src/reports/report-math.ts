import type { Interval } from '../scheduling/working-time.js';
import type { Period } from './report-periods.js';

/** Ratios and minute sums of reports. Pure: no NestJS, no database. */

/** `part / whole` rounded to four decimals (0.1234 = 12.34 %); null when there is nothing to divide by. */
export function ratio(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part / whole) * 10_000) / 10_000;
}

const MINUTE_MS = 60_000;

/** Total minutes of intervals, whole minutes (working time is on the minute; rounding hides float noise). */
export const minutesOf = (intervals: readonly Interval[]): number =>
  Math.round(intervals.reduce((sum, interval) => sum + Math.max(0, interval.end - interval.start), 0) / MINUTE_MS);

/** Minutes of `intervals` falling in each period (an interval across midnight is split between days). */
export function minutesPerPeriod(intervals: readonly Interval[], periods: readonly Period[]): Map<string, number> {
  const result = new Map<string, number>(periods.map((period) => [period.key, 0]));
  for (const period of periods) {
    let ms = 0;
    for (const interval of intervals) ms += Math.max(0, Math.min(interval.end, period.end) - Math.max(interval.start, period.start));
    result.set(period.key, Math.round(ms / MINUTE_MS));
  }
  return result;
}
