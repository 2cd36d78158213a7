import { DateTime } from 'luxon';

/** Every IANA time zone the browser (or Node) knows, for time-zone pickers. */
export function timeZoneOptions(): { value: string; label: string }[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['Asia/Riyadh', 'UTC'];
  return zones.map((zone) => ({ value: zone, label: zone.replaceAll('_', ' ') }));
}

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

/** Minutes from the clinic-local midnight of `day` to `instant`. */
export const minutesIntoDay = (instant: string, day: LocalDate, zone: string): number =>
  DateTime.fromISO(instant, { zone }).diff(dayStartInstant(day, zone), 'minutes').minutes;

export const localDayOf = (instant: string, zone: string): LocalDate => DateTime.fromISO(instant, { zone }).toISODate()!;

/** "2026-12-01T09:30" (a datetime-local input's value) in the clinic's zone, from an instant. */
export const toLocalInput = (instant: string, zone: string): string => DateTime.fromISO(instant, { zone }).toFormat("yyyy-LL-dd'T'HH:mm");

/** The instant of a datetime-local value read in the clinic's zone. */
export const fromLocalInput = (value: string, zone: string): string | null => {
  const date = DateTime.fromISO(value, { zone });
  return date.isValid ? date.toUTC().toISO() : null;
};
