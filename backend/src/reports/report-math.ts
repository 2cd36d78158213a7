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

/**
 * Minutes of `intervals` (sorted, not overlapping, as working time is) falling in each period (sorted):
 * one walk over both lists; an interval across midnight is split between the days.
 */
export function minutesPerPeriod(intervals: readonly Interval[], periods: readonly Period[]): Map<string, number> {
  const result = new Map<string, number>();
  let first = 0;
  for (const period of periods) {
    while (first < intervals.length && intervals[first]!.end <= period.start) first++;
    let ms = 0;
    for (let i = first; i < intervals.length && intervals[i]!.start < period.end; i++) {
      ms += Math.min(intervals[i]!.end, period.end) - Math.max(intervals[i]!.start, period.start);
    }
    result.set(period.key, Math.round(ms / MINUTE_MS));
  }
  return result;
}
