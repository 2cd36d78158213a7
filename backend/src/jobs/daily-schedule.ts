import { DateTime } from 'luxon';

/**
 * The local date whose daily run falls in the tick window (tick - tickMinutes, tick], if any. A UTC
 * cron tick every `tickMinutes` asks this for each clinic's zone: the run at `localTime` on the
 * clinic's wall clock is due in exactly one tick per local day, on days with a clock change too (a
 * time inside a spring-forward gap runs as late as the clock moved, 02:30 at 03:30; a time that occurs
 * twice when the clock falls back runs once).
 */
export function dailyRunDue(tick: Date, zone: string, localTime: string, tickMinutes: number): string | null {
  const tickMs = tick.getTime();
  const windowStart = tickMs - tickMinutes * 60_000;
  const today = DateTime.fromMillis(tickMs, { zone });
  for (const day of [today, today.minus({ days: 1 })]) {
    const date = day.toISODate();
    if (!date) continue;
    const target = DateTime.fromISO(`${date}T${localTime}`, { zone }).toMillis();
    if (target > windowStart && target <= tickMs) return date;
  }
  return null;
}
