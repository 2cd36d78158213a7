import type { CalendarEntry } from '@/api/types';
import { minutesInto, type DaySpan } from '@/lib/time';

export interface PlacedEntry {
  entry: CalendarEntry;
  top: number;
  height: number;
  lane: number;
  lanes: number;
}

/**
 * Places one column's appointments: minutes from the day's start, and side-by-side lanes for those that
 * overlap (a column per chair can hold two dentists' patients at once; a no-show can overlap a rebooking).
 */
export function placeEntries(entries: CalendarEntry[], span: DaySpan): PlacedEntry[] {
  const sorted = [...entries].sort((a, b) => a.startAt.localeCompare(b.startAt));
  const placed: PlacedEntry[] = [];
  let cluster: PlacedEntry[] = [];
  let clusterEnd = -Infinity;
  const laneEnds: number[] = [];
  const closeCluster = () => {
    for (const item of cluster) item.lanes = laneEnds.length;
    cluster = [];
    laneEnds.length = 0;
  };
  for (const entry of sorted) {
    const top = minutesInto(entry.startAt, span);
    const bottom = minutesInto(entry.endAt, span);
    if (top >= clusterEnd) closeCluster();
    let lane = laneEnds.findIndex((end) => end <= top);
    if (lane === -1) lane = laneEnds.push(bottom) - 1;
    else laneEnds[lane] = bottom;
    const item = { entry, top, height: Math.max(bottom - top, 10), lane, lanes: 1 };
    cluster.push(item);
    placed.push(item);
    clusterEnd = Math.max(clusterEnd, bottom);
  }
  closeCluster();
  return placed;
}

/** The hours a day view shows: office hours, widened to fit every appointment of the range. */
export function visibleHours(entries: CalendarEntry[], spans: DaySpan[]): { first: number; last: number } {
  let first = 8;
  let last = 20;
  for (const entry of entries) {
    for (const span of spans) {
      const start = minutesInto(entry.startAt, span);
      const end = minutesInto(entry.endAt, span);
      if (end <= 0 || start >= 24 * 60) continue;
      first = Math.min(first, Math.max(0, Math.floor(start / 60)));
      last = Math.max(last, Math.min(24, Math.ceil(end / 60)));
    }
  }
  return { first, last };
}

/** Half-open [start, end) in epoch milliseconds. */
export interface Interval {
  start: number;
  end: number;
}

/** Minutes rounded to the nearest multiple of the clinic's slot length (10:07 on a 15-minute grid is 10:00). */
export const snap = (minutes: number, step: number): number => Math.round(minutes / step) * step;

/**
 * The parts of a column's visible hours that are not working time (before and after hours, breaks,
 * absences), as minutes from the day's start: the calendar greys them. `working` is the API's working
 * time of the column's dentist (GET /api/availability/working-hours), which already applies breaks and
 * schedule exceptions.
 */
export function offHours(working: Interval[], span: DaySpan, first: number, last: number): { from: number; to: number }[] {
  const toMinutes = (instant: number) => (instant - span.start) / 60_000;
  const blocks: { from: number; to: number }[] = [];
  let cursor = first * 60;
  const end = last * 60;
  const inside = working
    .map((w) => ({ from: Math.max(toMinutes(w.start), cursor), to: Math.min(toMinutes(w.end), end) }))
    .filter((w) => w.to > w.from)
    .sort((a, b) => a.from - b.from);
  for (const w of inside) {
    if (w.from > cursor) blocks.push({ from: cursor, to: w.from });
    cursor = Math.max(cursor, w.to);
  }
  if (cursor < end) blocks.push({ from: cursor, to: end });
  return blocks;
}

/** The first working minute of a column's visible hours (where the keyboard's "book here" starts), else its first hour. */
export function firstWorkingMinute(working: Interval[], span: DaySpan, first: number, last: number): number {
  const off = offHours(working, span, first, last);
  if (off.length === 0 || off[0]!.from > first * 60) return first * 60;
  return off[0]!.to < last * 60 ? off[0]!.to : first * 60;
}
