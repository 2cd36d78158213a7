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
