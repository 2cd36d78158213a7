import { DateTime } from 'luxon';

/** A clinic-local calendar day: "2026-12-01". */
export type LocalDate = string;

export const todayIn = (zone: string): LocalDate => DateTime.now().setZone(zone).toISODate()!;

export const addDays = (day: LocalDate, days: number): LocalDate => DateTime.fromISO(day).plus({ days }).toISODate()!;

/** The Sunday on or before the day (weeks start on Sunday, as weekday 0 of the schedules). */
export const weekStart = (day: LocalDate): LocalDate => {
  const date = DateTime.fromISO(day);
  return date.minus({ days: date.weekday % 7 }).toISODate()!;
};

/** The instant a clinic-local day starts (DST-correct: a day can have 23 or 25 hours). */
export const dayStartInstant = (day: LocalDate, zone: string): DateTime => DateTime.fromISO(day, { zone }).startOf('day');

/** A clinic-local day as the instants (epoch ms) it starts and ends at. */
export interface DaySpan {
  day: LocalDate;
  start: number;
  end: number;
}

/**
 * The spans of consecutive local days, worked out once per view: placing hundreds of appointments is
 * then plain arithmetic, where a time-zone conversion per appointment and day took most of a second.
 */
export function daySpans(days: readonly LocalDate[], zone: string): DaySpan[] {
  return days.map((day) => ({ day, start: dayStartInstant(day, zone).toMillis(), end: dayStartInstant(addDays(day, 1), zone).toMillis() }));
}

/** Minutes from the start of the span's day to an instant (negative before it, past 1440 after it on long days). */
export const minutesInto = (instant: string, span: DaySpan): number => (Date.parse(instant) - span.start) / 60_000;

export const spanOf = (instant: string, spans: readonly DaySpan[]): DaySpan | undefined => {
  const at = Date.parse(instant);
  return spans.find((span) => at >= span.start && at < span.end);
};

/** "2026-12-01T09:30" (a datetime-local input's value) in the clinic's zone, from an instant. */
export const toLocalInput = (instant: string, zone: string): string => DateTime.fromISO(instant, { zone }).toFormat("yyyy-LL-dd'T'HH:mm");

/** The instant of a datetime-local value read in the clinic's zone. */
export const fromLocalInput = (value: string, zone: string): string | null => {
  const date = DateTime.fromISO(value, { zone });
  return date.isValid ? date.toUTC().toISO() : null;
};
