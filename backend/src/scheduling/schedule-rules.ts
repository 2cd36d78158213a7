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
      errors.push({ path: `${field}.${index}`, message: 'The end must be after the start' });
      return;
    }
    const clash = intervals.findIndex(
      (other, j) => j < index && other.weekday === interval.weekday && overlaps(other.start, other.end, interval.start, interval.end),
    );
    if (clash >= 0) errors.push({ path: `${field}.${index}`, message: `Overlaps ${field}.${clash}` });
  });
  return errors;
}

function exceptionErrors(exceptions: ScheduleException[]): FieldError[] {
  const errors: FieldError[] = [];
  // Overlaps are judged only between exceptions that are valid on their own.
  const valid: number[] = [];
  exceptions.forEach((exception, index) => {
    const path = `exceptions.${index}`;
    const problem = exceptionProblem(exception);
    if (problem) {
      errors.push({ path, message: problem });
      return;
    }
    const clash = valid.find((j) => exceptionsOverlap(exceptions[j]!, exception));
    if (clash !== undefined) errors.push({ path, message: `Overlaps exceptions.${clash}` });
    else valid.push(index);
  });
  return errors;
}

function exceptionProblem(exception: ScheduleException): string | undefined {
  const hasStart = exception.start != null;
  const hasEnd = exception.end != null;
  if (exception.from > exception.to) return '"to" must not be before "from"';
  if (hasStart !== hasEnd) return 'Give both start and end, or neither for a whole day';
  if (exception.kind === 'extra_hours' && !hasStart) return 'Extra hours need a start and an end';
  if (hasStart && minutesOf(exception.start!) >= minutesOf(exception.end!)) return 'The end must be after the start';
  return undefined;
}

const overlaps = (aStart: string, aEnd: string, bStart: string, bEnd: string) =>
  minutesOf(aStart) < minutesOf(bEnd) && minutesOf(bStart) < minutesOf(aEnd);

function exceptionsOverlap(a: ScheduleException, b: ScheduleException): boolean {
  if (a.to < b.from || b.to < a.from) return false;
  if (a.start == null || b.start == null) return true;
  return overlaps(a.start, a.end!, b.start, b.end!);
}
