import { DateTime } from 'luxon';
import { addDays, type LocalDate, weekStart } from '@/lib/time';

/** The date ranges a report offers in one click, in the clinic's calendar. */
export const PRESETS = ['today', 'thisWeek', 'thisMonth', 'lastMonth', 'thisYear', 'custom'] as const;
export type Preset = (typeof PRESETS)[number];

export interface DateRange {
  from: LocalDate;
  to: LocalDate;
}

/** The local dates of a preset around `today` (a week starts on Sunday, as in the calendar). */
export function presetRange(preset: Exclude<Preset, 'custom'>, today: LocalDate): DateRange {
  const day = DateTime.fromISO(today);
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'thisWeek': {
      const start = weekStart(today);
      return { from: start, to: addDays(start, 6) };
    }
    case 'thisMonth':
      return { from: day.startOf('month').toISODate()!, to: day.endOf('month').toISODate()! };
    case 'lastMonth': {
      const last = day.minus({ months: 1 });
      return { from: last.startOf('month').toISODate()!, to: last.endOf('month').toISODate()! };
    }
    case 'thisYear':
      return { from: day.startOf('year').toISODate()!, to: day.endOf('year').toISODate()! };
  }
}

/** Days in a range, both ends included. */
export const rangeDays = (range: DateRange): number =>
  Math.round(DateTime.fromISO(range.to).diff(DateTime.fromISO(range.from), 'days').days) + 1;

/** A period grouping that suits the range: days up to two months, months beyond. */
export const periodFor = (range: DateRange): 'day' | 'month' => (rangeDays(range) <= 62 ? 'day' : 'month');
