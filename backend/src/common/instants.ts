/** Instants as ISO-8601 text in UTC ("2026-12-01T05:00:00.000Z"), the API's one format, made cheaply in bulk. */

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const twoDigits = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * PostgreSQL's timestamptz text in a UTC session ("2026-12-01 05:00:00+00", "2026-12-01 05:00:00.5+00")
 * as ISO-8601. Whole seconds, as appointment times are, are sliced; anything else goes through Date.
 */
export function isoFromPgText(text: string): string {
  if (text.length === 22 && text.endsWith('+00')) return `${text.slice(0, 10)}T${text.slice(11, 19)}.000Z`;
  return new Date(text.length > 22 && text.endsWith('+00') ? `${text.slice(0, -3)}Z` : text).toISOString();
}

/**
 * A formatter for many instants close together (a month of free slots): whole minutes are written
 * from the day's date text, made once per UTC day, instead of a Date and toISOString each.
 */
export function isoFormatter(): (ms: number) => string {
  let day = Number.NaN;
  let datePart = '';
  return (ms) => {
    if (ms % MINUTE_MS !== 0) return new Date(ms).toISOString();
    const dayStart = Math.floor(ms / DAY_MS) * DAY_MS;
    if (dayStart !== day) {
      day = dayStart;
      datePart = new Date(dayStart).toISOString().slice(0, 11);
    }
    const minutes = (ms - dayStart) / MINUTE_MS;
    return `${datePart}${twoDigits(Math.floor(minutes / 60))}:${twoDigits(minutes % 60)}:00.000Z`;
  };
}
