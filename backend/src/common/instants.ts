/** Instants as ISO-8601 text in UTC ("2026-12-01T05:00:00.000Z"), the API's one format, made cheaply in bulk. */

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const twoDigits = (n: number) => (n < 10 ? `0${n}` : String(n));

/** PostgreSQL's timestamptz text in a UTC session ("2026-12-01 05:00:00.5+00") as ISO-8601. */
export function isoFromPgText(text: string): string {
  const match = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d+))?\+00$/.exec(text);
  if (!match) return new Date(text).toISOString();
  return `${match[1]}T${match[2]}.${(match[3] ?? '').padEnd(3, '0').slice(0, 3)}Z`;
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
