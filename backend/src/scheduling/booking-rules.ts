import { isProvider, type Role } from '@dental/shared';
import { BusinessRuleError, ForbiddenError, NotFoundError, ValidationError } from '../common/errors.js';
import { fitsWorkingTime, type Interval } from './working-time.js';

/**
 * The rules a booking or a move must pass before the database's own overlap constraints. Pure: the
 * caller gathers the facts (patient, dentist, service, the dentist's working time around the start)
 * and this decides, so every rule can be tested in a table without HTTP or a database.
 */

export const MAX_APPOINTMENT_HOURS = 12;
const MAX_DURATION_MS = MAX_APPOINTMENT_HOURS * 3_600_000;

/** How far around a start the dentist's working time must be known to judge any booking. */
export const WORKING_TIME_MARGIN_MS = 86_400_000;

/**
 * A start this far back still counts as now: the walk-in booked at 10:07 into the 10:00 slot. Earlier
 * starts are records of the past (back-entry).
 */
export const PAST_GRACE_MS = 15 * 60_000;

export interface BookingRequest {
  startAt: Date;
  /** Defaults to start + the service's duration. */
  endAt?: Date;
  overrideSchedule?: boolean;
  /** Record a visit that already happened (Owner/Admin only; audited). */
  backEntry?: boolean;
  /** Moves check only what changed: an old appointment may predate today's schedule or catalog. */
  checkSchedule: boolean;
  checkService: boolean;
  /** Whether the time is new (a booking, or a move to another time): only then may it not be in the past. */
  checkTime: boolean;
}

export interface BookingFacts {
  patient: { archived: boolean } | undefined;
  dentist: { role: Role; status: string } | undefined;
  service: { durationMinutes: number; active: boolean } | undefined;
  /** The dentist's working intervals from start - margin to start + 12 h + margin (needed when checkSchedule). */
  working: Interval[];
  /** Whether the one booking may override the schedule (Owner, Admin, or a system job). */
  mayOverrideSchedule: boolean;
  /** The clock's now. */
  now: Date;
  /** Whether the one booking may record a past visit (Owner, Admin, or a system job). */
  mayBackEnter: boolean;
}

export interface BookingPlan {
  endAt: Date;
  /** Booked outside working hours on purpose (audited). */
  overridden: boolean;
  /** A past visit recorded on purpose (audited). */
  backEntered: boolean;
}

/** Throws the first rule the booking breaks (a domain error), or returns when it ends and whether it overrides. */
export function checkBooking(request: BookingRequest, facts: BookingFacts): BookingPlan {
  if (!facts.patient) throw new NotFoundError('Patient');
  if (facts.patient.archived) throw new BusinessRuleError('patient-archived', 'An archived patient cannot be booked.');
  if (!facts.dentist) throw new NotFoundError('Dentist');
  if (!isProvider(facts.dentist.role)) throw new BusinessRuleError('not-a-provider', 'Only a Dentist or Hygienist can be booked.');
  if (facts.dentist.status !== 'active') throw new BusinessRuleError('dentist-inactive', 'This staff member is disabled.');
  if (!facts.service) throw new NotFoundError('Service');
  if (request.checkService && !facts.service.active) throw new BusinessRuleError('service-inactive', 'This service is no longer offered.');

  const start = request.startAt.getTime();
  const endAt = request.endAt ?? new Date(start + facts.service.durationMinutes * 60_000);
  const end = endAt.getTime();
  if (end <= start) throw new ValidationError([{ path: 'endAt', code: 'end_before_start', message: 'Must be after startAt' }]);
  if (end - start > MAX_DURATION_MS) {
    throw new ValidationError([
      {
        path: 'endAt',
        code: 'appointment_too_long',
        message: `An appointment lasts at most ${MAX_APPOINTMENT_HOURS} hours`,
        params: { hours: MAX_APPOINTMENT_HOURS },
      },
    ]);
  }
  const backEntered = request.checkTime && start < facts.now.getTime() - PAST_GRACE_MS;
  if (backEntered && !request.backEntry) {
    throw new BusinessRuleError('booking-in-past', 'The time is in the past. An Owner or Admin can record a past visit (back-entry).');
  }
  if (backEntered && !facts.mayBackEnter) throw new ForbiddenError('Only an Owner or Admin can record a past visit.');
  if (!request.checkSchedule || fitsWorkingTime(facts.working, start, end)) return { endAt, overridden: false, backEntered };
  if (!request.overrideSchedule) {
    throw new BusinessRuleError(
      'outside-working-hours',
      "The time is outside the dentist's working hours, in a break or during an absence.",
    );
  }
  if (!facts.mayOverrideSchedule) throw new ForbiddenError('Only an Owner or Admin can book outside working hours.');
  return { endAt, overridden: true, backEntered };
}
