import type { FieldError } from '../common/errors.js';
import { minutesOf, type ScheduleException, type StaffSchedule, type WeeklyInterval } from './working-time.js';

/** Inverted or overlapping intervals, as field errors with their paths in the PUT body. */
export function scheduleErrors(schedule: StaffSchedule): FieldError[] {
  return [...weeklyErrors('weekly', schedule.weekly), ...weeklyErrors('breaks', schedule.breaks), ...exceptionErrors(schedule.exceptions)];
}

function weeklyErrors(field: string, intervals: WeeklyInterval[]): FieldError[] {
  const errors: FieldError[] = [];
  intervals.forEach((interval, index) => {
    if (minutesOf(interval.start) >= minutesOf(interval.end)) {
      errors.push({ path: `${field}.${index}`, code: 'end_before_start', message: 'The end must be after the start' });
      return;
    }
    const clash = intervals.findIndex(
      (other, j) => j < index && other.weekday === interval.weekday && overlaps(other.start, other.end, interval.start, interval.end),
    );
    if (clash >= 0)
      errors.push({
        path: `${field}.${index}`,
        code: 'overlaps',
        message: `Overlaps ${field}.${clash}`,
        params: { other: `${field}.${clash}` },
      });
  });
  return errors;
}

function exceptionErrors(exceptions: ScheduleException[]): FieldError[] {
  const errors: FieldError[] = [];
  exceptions.forEach((exception, index) => {
    const path = `exceptions.${index}`;
    const hasStart = exception.start != null;
    const hasEnd = exception.end != null;
    if (exception.from > exception.to) errors.push({ path, code: 'end_before_start', message: '"to" must not be before "from"' });
    else if (hasStart !== hasEnd)
      errors.push({ path, code: 'start_and_end_together', message: 'Give both start and end, or neither for a whole day' });
    else if (exception.kind === 'extra_hours' && !hasStart)
      errors.push({ path, code: 'extra_hours_need_times', message: 'Extra hours need a start and an end' });
    else if (hasStart && minutesOf(exception.start!) >= minutesOf(exception.end!))
      errors.push({ path, code: 'end_before_start', message: 'The end must be after the start' });
    else {
      const clash = exceptions.findIndex((other, j) => j < index && exceptionsOverlap(other, exception));
      if (clash >= 0)
        errors.push({ path, code: 'overlaps', message: `Overlaps exceptions.${clash}`, params: { other: `exceptions.${clash}` } });
    }
  });
  return errors;
}

const overlaps = (aStart: string, aEnd: string, bStart: string, bEnd: string) =>
  minutesOf(aStart) < minutesOf(bEnd) && minutesOf(bStart) < minutesOf(aEnd);

function exceptionsOverlap(a: ScheduleException, b: ScheduleException): boolean {
  if (a.to < b.from || b.to < a.from) return false;
  if (a.start == null || b.start == null) return true;
  return overlaps(a.start, a.end!, b.start, b.end!);
}
