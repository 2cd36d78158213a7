import { DateTime } from 'luxon';

/**
 * Pure scheduling arithmetic: a staff member's weekly pattern, breaks and dated exceptions, expressed
 * in the clinic's wall-clock time, turned into real instants. No NestJS, no database.
 */

/** 'HH:MM', 00:00-24:00 (24:00 only as an end). */
export type WallTime = string;

export interface WeeklyInterval {
  /** 0 = Sunday ... 6 = Saturday */
  weekday: number;
  start: WallTime;
  end: WallTime;
}

export const ABSENCE_KINDS = ['vacation', 'sick', 'unavailable'] as const;
export const EXCEPTION_KINDS = [...ABSENCE_KINDS, 'extra_hours'] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

export interface ScheduleException {
  /** YYYY-MM-DD, inclusive */
  from: string;
  to: string;
  kind: ExceptionKind;
  /** Both null: the whole day. Required for extra_hours. */
  start?: WallTime | null;
  end?: WallTime | null;
  note?: string | null;
}

export interface StaffSchedule {
  weekly: WeeklyInterval[];
  breaks: WeeklyInterval[];
  exceptions: ScheduleException[];
}

/** Half-open [start, end) in epoch milliseconds. */
export interface Interval {
  start: number;
  end: number;
}

export const minutesOf = (time: WallTime): number => {
  const [h, m] = time.split(':').map(Number);
  return h! * 60 + m!;
};

/** Sorted, non-overlapping union of intervals. */
export function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
}

/** `from` minus every interval of `remove`. */
export function subtractIntervals(from: Interval[], remove: Interval[]): Interval[] {
  const holes = mergeIntervals(remove);
  const result: Interval[] = [];
  for (const interval of mergeIntervals(from)) {
    let cursor = interval.start;
    for (const hole of holes) {
      if (hole.end <= cursor || hole.start >= interval.end) continue;
      if (hole.start > cursor) result.push({ start: cursor, end: hole.start });
      cursor = Math.max(cursor, hole.end);
      if (cursor >= interval.end) break;
    }
    if (cursor < interval.end) result.push({ start: cursor, end: interval.end });
  }
  return result;
}

/** The instant of a wall-clock time on a local day; a time inside a DST gap moves forward with the clock. */
function instantOf(day: DateTime, time: WallTime): number {
  const minutes = minutesOf(time);
  return day.plus({ days: Math.floor(minutes / 1440) }).set({ hour: Math.floor((minutes % 1440) / 60), minute: minutes % 60 }).toMillis();
}

const toInterval = (day: DateTime, start: WallTime, end: WallTime): Interval => ({ start: instantOf(day, start), end: instantOf(day, end) });

const covers = (exception: ScheduleException, isoDate: string) => exception.from <= isoDate && isoDate <= exception.to;

/** Working time of one local day: weekly hours plus extra hours, minus breaks and absences. */
function workingTimeOn(schedule: StaffSchedule, day: DateTime): Interval[] {
  const weekday = day.weekday % 7;
  const isoDate = day.toISODate()!;
  const dated = schedule.exceptions.filter((e) => covers(e, isoDate));
  const work = [
    ...schedule.weekly.filter((w) => w.weekday === weekday).map((w) => toInterval(day, w.start, w.end)),
    ...dated.filter((e) => e.kind === 'extra_hours' && e.start && e.end).map((e) => toInterval(day, e.start!, e.end!)),
  ];
  const dayInterval = toInterval(day, '00:00', '24:00');
  const off = [
    ...schedule.breaks.filter((b) => b.weekday === weekday).map((b) => toInterval(day, b.start, b.end)),
    ...dated.filter((e) => e.kind !== 'extra_hours').map((e) => (e.start && e.end ? toInterval(day, e.start, e.end) : dayInterval)),
  ];
  return subtractIntervals(work, off);
}

/** Every working interval between two instants, computed day by day in `zone`. */
export function workingIntervals(schedule: StaffSchedule, zone: string, from: number, to: number): Interval[] {
  const intervals: Interval[] = [];
  let day = DateTime.fromMillis(from, { zone }).startOf('day');
  const lastDay = DateTime.fromMillis(to, { zone }).startOf('day');
  while (day <= lastDay) {
    intervals.push(...workingTimeOn(schedule, day));
    day = day.plus({ days: 1 });
  }
  return subtractIntervals(mergeIntervals(intervals), [{ start: -Infinity, end: from }, { start: to, end: Infinity }]);
}

/** True if [start, end) lies inside one working interval. */
export const fitsWorkingTime = (working: Interval[], start: number, end: number): boolean =>
  working.some((w) => w.start <= start && end <= w.end);

export interface SlotQuery {
  working: Interval[];
  busy: Interval[];
  durationMinutes: number;
  /** The booking grid, aligned to the local clock (a 15-minute grid starts at :00, :15, ...). */
  stepMinutes: number;
  zone: string;
  /** No slot starts before this instant (now). */
  notBefore: number;
}

/** Start instants where a booking of `durationMinutes` fits in working time and clashes with nothing busy. */
export function freeSlotStarts(query: SlotQuery): number[] {
  const durationMs = query.durationMinutes * 60_000;
  const stepMs = query.stepMinutes * 60_000;
  const starts: number[] = [];
  for (const free of subtractIntervals(query.working, query.busy)) {
    let start = alignToGrid(Math.max(free.start, query.notBefore), query.stepMinutes, query.zone);
    for (; start + durationMs <= free.end; start += stepMs) starts.push(start);
  }
  return starts;
}

/** The first instant at or after `instant` whose local time is a multiple of the step. */
function alignToGrid(instant: number, stepMinutes: number, zone: string): number {
  const local = DateTime.fromMillis(instant, { zone });
  const wholeMinute = local.startOf('minute');
  const minuteOfDay = local.hour * 60 + local.minute;
  const firstCandidate = wholeMinute.toMillis() < instant ? minuteOfDay + 1 : minuteOfDay;
  const aligned = Math.ceil(firstCandidate / stepMinutes) * stepMinutes;
  return wholeMinute.plus({ minutes: aligned - minuteOfDay }).toMillis();
}
