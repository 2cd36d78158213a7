import { DateTime, IANAZone } from 'luxon';

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

/** `from` minus every interval of `remove`; one pass over both sorted lists. */
export function subtractIntervals(from: Interval[], remove: Interval[]): Interval[] {
  const holes = mergeIntervals(remove);
  const result: Interval[] = [];
  let first = 0;
  for (const interval of mergeIntervals(from)) {
    while (first < holes.length && holes[first]!.end <= interval.start) first++;
    let cursor = interval.start;
    for (let h = first; h < holes.length && holes[h]!.start < interval.end; h++) {
      const hole = holes[h]!;
      if (hole.start > cursor) result.push({ start: cursor, end: hole.start });
      cursor = Math.max(cursor, hole.end);
    }
    if (cursor < interval.end) result.push({ start: cursor, end: interval.end });
  }
  return result;
}

/**
 * A zone's UTC offset in minutes, remembered per UTC day: asking Intl (through Luxon) costs ~10 µs, and
 * a day's offset only varies on the few days the clocks change, which are asked for each time.
 */
class ZoneOffsets {
  private static readonly byName = new Map<string, ZoneOffsets>();
  private readonly days = new Map<number, number | null>();

  private constructor(readonly zone: IANAZone) {}

  static of(name: string): ZoneOffsets {
    let offsets = ZoneOffsets.byName.get(name);
    if (!offsets) {
      offsets = new ZoneOffsets(IANAZone.create(name));
      if (ZoneOffsets.byName.size < 1000) ZoneOffsets.byName.set(name, offsets);
    }
    return offsets;
  }

  offset(instant: number): number {
    const day = Math.floor(instant / DAY_MS);
    let steady = this.days.get(day);
    if (steady === undefined) {
      const start = this.zone.offset(day * DAY_MS);
      steady = start === this.zone.offset((day + 1) * DAY_MS - 1) ? start : null;
      if (this.days.size > 5000) this.days.clear();
      this.days.set(day, steady);
    }
    return steady ?? this.zone.offset(instant);
  }
}

/**
 * One local calendar day in a zone. On the ~363 days a year without a clock change, a wall time is
 * plain arithmetic from the day's UTC-offset; on a change day Luxon resolves it (a time inside a DST
 * gap moves forward with the clock).
 */
class LocalDay {
  readonly isoDate: string;
  readonly weekday: number;
  private readonly offsetMs: number | undefined;

  constructor(
    private readonly zone: ZoneOffsets,
    private readonly utcMidnight: number,
  ) {
    const date = new Date(utcMidnight);
    this.isoDate = date.toISOString().slice(0, 10);
    this.weekday = date.getUTCDay();
    const atStart = zone.offset(utcMidnight - zone.offset(utcMidnight) * 60_000);
    const atEnd = zone.offset(utcMidnight + DAY_MS - zone.offset(utcMidnight + DAY_MS) * 60_000);
    this.offsetMs = atStart === atEnd ? atStart * 60_000 : undefined;
  }

  instant(time: WallTime): number {
    const minutes = minutesOf(time);
    if (this.offsetMs !== undefined) return this.utcMidnight + minutes * 60_000 - this.offsetMs;
    const day = DateTime.fromMillis(this.utcMidnight, { zone: 'utc' }).setZone(this.zone.zone, { keepLocalTime: true });
    return day
      .plus({ days: Math.floor(minutes / 1440) })
      .set({ hour: Math.floor((minutes % 1440) / 60), minute: minutes % 60 })
      .toMillis();
  }

  interval(start: WallTime, end: WallTime): Interval {
    return { start: this.instant(start), end: this.instant(end) };
  }

  next(): LocalDay {
    return new LocalDay(this.zone, this.utcMidnight + DAY_MS);
  }
}

const DAY_MS = 86_400_000;

/** The local day containing an instant, as the UTC midnight of the same calendar date. */
function localDayOf(instant: number, zone: ZoneOffsets): LocalDay {
  const local = instant + zone.offset(instant) * 60_000;
  return new LocalDay(zone, local - (((local % DAY_MS) + DAY_MS) % DAY_MS));
}

const covers = (exception: ScheduleException, isoDate: string) => exception.from <= isoDate && isoDate <= exception.to;

/** Working time of one local day: weekly hours plus extra hours, minus breaks and absences. */
function workingTimeOn(schedule: StaffSchedule, day: LocalDay): Interval[] {
  const dated = schedule.exceptions.filter((e) => covers(e, day.isoDate));
  const work = [
    ...schedule.weekly.filter((w) => w.weekday === day.weekday).map((w) => day.interval(w.start, w.end)),
    ...dated.filter((e) => e.kind === 'extra_hours' && e.start && e.end).map((e) => day.interval(e.start!, e.end!)),
  ];
  const wholeDay = day.interval('00:00', '24:00');
  const off = [
    ...schedule.breaks.filter((b) => b.weekday === day.weekday).map((b) => day.interval(b.start, b.end)),
    ...dated.filter((e) => e.kind !== 'extra_hours').map((e) => (e.start && e.end ? day.interval(e.start, e.end) : wholeDay)),
  ];
  return subtractIntervals(work, off);
}

/** Every working interval between two instants, computed day by day in `zone`. */
export function workingIntervals(schedule: StaffSchedule, zone: string, from: number, to: number): Interval[] {
  const offsets = ZoneOffsets.of(zone);
  const intervals: Interval[] = [];
  const lastDay = localDayOf(to, offsets).isoDate;
  for (let day = localDayOf(from, offsets); day.isoDate <= lastDay; day = day.next()) {
    intervals.push(...workingTimeOn(schedule, day));
  }
  return subtractIntervals(mergeIntervals(intervals), [
    { start: -Infinity, end: from },
    { start: to, end: Infinity },
  ]);
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
  const zone = ZoneOffsets.of(query.zone);
  const durationMs = query.durationMinutes * 60_000;
  const stepMs = query.stepMinutes * 60_000;
  const starts: number[] = [];
  for (const free of subtractIntervals(query.working, query.busy)) {
    let start = alignToGrid(Math.max(free.start, query.notBefore), stepMs, zone);
    for (; start + durationMs <= free.end; start += stepMs) starts.push(start);
  }
  return starts;
}

/** The first instant at or after `instant` on the local grid (steps divide a day, so the grid starts at midnight). */
function alignToGrid(instant: number, stepMs: number, zone: ZoneOffsets): number {
  const offsetMs = zone.offset(instant) * 60_000;
  return Math.ceil((instant + offsetMs) / stepMs) * stepMs - offsetMs;
}
