import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../common/errors.js';
import { type BookingFacts, type BookingRequest, checkBooking } from './booking-rules.js';

const at = (iso: string) => new Date(iso);
const ms = (iso: string) => Date.parse(iso);

/** A dentist working 09:00-17:00 UTC on 2027-02-07, with a break 12:00-13:00. */
const WORKING = [
  { start: ms('2027-02-07T09:00:00Z'), end: ms('2027-02-07T12:00:00Z') },
  { start: ms('2027-02-07T13:00:00Z'), end: ms('2027-02-07T17:00:00Z') },
];

const facts = (overrides: Partial<BookingFacts> = {}): BookingFacts => ({
  patient: { archived: false },
  dentist: { role: 'DENTIST', status: 'active' },
  service: { durationMinutes: 30, active: true },
  working: WORKING,
  mayOverrideSchedule: false,
  now: at('2027-02-07T05:00:00Z'),
  mayBackEnter: false,
  ...overrides,
});

const request = (overrides: Partial<BookingRequest> = {}): BookingRequest => ({
  startAt: at('2027-02-07T10:00:00Z'),
  checkSchedule: true,
  checkService: true,
  checkTime: true,
  ...overrides,
});

/** The problem a booking is refused with, as "status type", or "ok <end>" when accepted. */
function outcome(req: BookingRequest, given: BookingFacts): string {
  try {
    const plan = checkBooking(req, given);
    return `ok ${plan.endAt.toISOString().slice(11, 16)}${plan.overridden ? ' overridden' : ''}${plan.backEntered ? ' back-entered' : ''}`;
  } catch (error) {
    if (error instanceof DomainError) return `${error.status} ${error.type}`;
    throw error;
  }
}

describe('booking rules', () => {
  const cases: [string, BookingRequest, BookingFacts, string][] = [
    ['a slot inside working hours ends after the service duration', request(), facts(), 'ok 10:30'],
    ['an explicit end is kept', request({ endAt: at('2027-02-07T11:15:00Z') }), facts(), 'ok 11:15'],
    ['an unknown patient', request(), facts({ patient: undefined }), '404 not-found'],
    ['an archived patient', request(), facts({ patient: { archived: true } }), '422 patient-archived'],
    ['an unknown dentist', request(), facts({ dentist: undefined }), '404 not-found'],
    ['a receptionist as the clinician', request(), facts({ dentist: { role: 'RECEPTIONIST', status: 'active' } }), '422 not-a-provider'],
    ['a hygienist as the clinician', request(), facts({ dentist: { role: 'HYGIENIST', status: 'active' } }), 'ok 10:30'],
    ['a disabled dentist', request(), facts({ dentist: { role: 'DENTIST', status: 'disabled' } }), '422 dentist-inactive'],
    ['an unknown service', request(), facts({ service: undefined }), '404 not-found'],
    ['an inactive service', request(), facts({ service: { durationMinutes: 30, active: false } }), '422 service-inactive'],
    [
      'an inactive service kept by a move that does not change it',
      request({ checkService: false }),
      facts({ service: { durationMinutes: 30, active: false } }),
      'ok 10:30',
    ],
    ['an end before the start', request({ endAt: at('2027-02-07T09:59:00Z') }), facts(), '400 validation-error'],
    ['an end equal to the start', request({ endAt: at('2027-02-07T10:00:00Z') }), facts(), '400 validation-error'],
    ['longer than 12 hours', request({ endAt: at('2027-02-07T22:00:01Z') }), facts(), '400 validation-error'],
    [
      'exactly 12 hours, outside hours, overridden',
      request({ startAt: at('2027-02-07T09:00:00Z'), endAt: at('2027-02-07T21:00:00Z'), overrideSchedule: true }),
      facts({ mayOverrideSchedule: true }),
      'ok 21:00 overridden',
    ],
    ['running into the break', request({ startAt: at('2027-02-07T11:45:00Z') }), facts(), '422 outside-working-hours'],
    ['ending exactly when the break starts', request({ startAt: at('2027-02-07T11:30:00Z') }), facts(), 'ok 12:00'],
    ['starting exactly when work starts', request({ startAt: at('2027-02-07T09:00:00Z') }), facts(), 'ok 09:30'],
    ['ending exactly when work ends', request({ startAt: at('2027-02-07T16:30:00Z') }), facts(), 'ok 17:00'],
    ['past the end of the day', request({ startAt: at('2027-02-07T16:45:00Z') }), facts(), '422 outside-working-hours'],
    ['on a day without working time', request(), facts({ working: [] }), '422 outside-working-hours'],
    [
      'outside hours with an override asked by someone who may not',
      request({ startAt: at('2027-02-07T07:00:00Z'), overrideSchedule: true }),
      facts(),
      '403 forbidden',
    ],
    [
      'outside hours with an override by a manager',
      request({ startAt: at('2027-02-07T07:00:00Z'), overrideSchedule: true }),
      facts({ mayOverrideSchedule: true }),
      'ok 07:30 overridden',
    ],
    [
      'inside hours with an override asked: nothing to override',
      request({ overrideSchedule: true }),
      facts({ mayOverrideSchedule: true }),
      'ok 10:30',
    ],
    [
      'a move that keeps its time skips the schedule',
      request({ startAt: at('2027-02-07T07:00:00Z'), checkSchedule: false }),
      facts(),
      'ok 07:30',
    ],
    // Bookings in the past: the clock stands at 11:00 for these.
    ['a start earlier today', request(), facts({ now: at('2027-02-07T11:00:00Z') }), '422 booking-in-past'],
    ['yesterday', request({ startAt: at('2027-02-06T10:00:00Z') }), facts({ working: [] }), '422 booking-in-past'],
    [
      'a walk-in booked into the slot that began 15 minutes ago',
      request({ startAt: at('2027-02-07T10:45:00Z') }),
      facts({ now: at('2027-02-07T11:00:00Z') }),
      'ok 11:15',
    ],
    [
      'a start 15 minutes and one second ago',
      request({ startAt: at('2027-02-07T10:44:59Z') }),
      facts({ now: at('2027-02-07T11:00:00Z') }),
      '422 booking-in-past',
    ],
    [
      'a back-entry asked by someone who may not',
      request({ backEntry: true }),
      facts({ now: at('2027-02-07T11:00:00Z') }),
      '403 forbidden',
    ],
    [
      'a back-entry by a manager',
      request({ backEntry: true }),
      facts({ now: at('2027-02-07T11:00:00Z'), mayBackEnter: true }),
      'ok 10:30 back-entered',
    ],
    [
      'a back-entry outside working hours needs the override too',
      request({ startAt: at('2027-02-07T07:00:00Z'), backEntry: true }),
      facts({ now: at('2027-02-07T11:00:00Z'), mayBackEnter: true, mayOverrideSchedule: true }),
      '422 outside-working-hours',
    ],
    [
      'a back-entry outside working hours, overridden',
      request({ startAt: at('2027-02-07T07:00:00Z'), backEntry: true, overrideSchedule: true }),
      facts({ now: at('2027-02-07T11:00:00Z'), mayBackEnter: true, mayOverrideSchedule: true }),
      'ok 07:30 overridden back-entered',
    ],
    ['a back-entry asked for a future time: nothing to back-enter', request({ backEntry: true }), facts(), 'ok 10:30'],
    [
      'a move that keeps a past time (a new room) is no back-entry',
      request({ checkTime: false, checkSchedule: false }),
      facts({ now: at('2027-02-08T11:00:00Z') }),
      'ok 10:30',
    ],
    [
      'the patient is judged before the dentist',
      request(),
      facts({ patient: { archived: true }, dentist: { role: 'DENTIST', status: 'disabled' } }),
      '422 patient-archived',
    ],
  ];
  for (const [name, req, given, expected] of cases) {
    it(`${name}: ${expected}`, () => assert.equal(outcome(req, given), expected));
  }
});
