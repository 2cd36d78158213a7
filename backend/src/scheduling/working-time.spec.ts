import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  fitsWorkingTime,
  freeSlotStarts,
  type Interval,
  mergeIntervals,
  type StaffSchedule,
  subtractIntervals,
  workingIntervals,
} from './working-time.js';
import { scheduleErrors } from './schedule-rules.js';

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const show = (intervals: Interval[]) => intervals.map((i) => `${iso(i.start)}/${iso(i.end)}`);

const sundayToThursday = (start: string, end: string) => [0, 1, 2, 3, 4].map((weekday) => ({ weekday, start, end }));

describe('interval arithmetic', () => {
  it('merges overlapping and touching intervals', () => {
    assert.deepEqual(
      mergeIntervals([
        { start: 5, end: 7 },
        { start: 1, end: 3 },
        { start: 3, end: 4 },
        { start: 6, end: 9 },
      ]),
      [
        { start: 1, end: 4 },
        { start: 5, end: 9 },
      ],
    );
  });

  it('subtracts holes, including ones that cover everything or nothing', () => {
    const from = [{ start: 0, end: 10 }];
    assert.deepEqual(
      subtractIntervals(from, [
        { start: 2, end: 3 },
        { start: 8, end: 12 },
      ]),
      [
        { start: 0, end: 2 },
        { start: 3, end: 8 },
      ],
    );
    assert.deepEqual(subtractIntervals(from, [{ start: -5, end: 50 }]), []);
    assert.deepEqual(subtractIntervals(from, [{ start: 20, end: 30 }]), from);
  });
});

describe('working intervals in Asia/Riyadh (no DST)', () => {
  const schedule: StaffSchedule = {
    weekly: [...sundayToThursday('09:00', '13:00'), ...sundayToThursday('16:00', '21:00')],
    breaks: [{ weekday: 0, start: '11:00', end: '11:30' }],
    exceptions: [
      { from: '2026-12-01', to: '2026-12-01', kind: 'vacation' },
      { from: '2026-12-05', to: '2026-12-05', kind: 'extra_hours', start: '10:00', end: '12:00' },
      { from: '2026-12-02', to: '2026-12-02', kind: 'unavailable', start: '16:00', end: '18:00' },
    ],
  };
  const day = (date: string) => workingIntervals(schedule, 'Asia/Riyadh', t(`${date}T00:00:00+03:00`), t(`${date}T23:59:59+03:00`));

  it('turns wall-clock hours into instants, minus the break', () => {
    assert.deepEqual(show(day('2026-11-29')), [
      '2026-11-29T06:00:00Z/2026-11-29T08:00:00Z',
      '2026-11-29T08:30:00Z/2026-11-29T10:00:00Z',
      '2026-11-29T13:00:00Z/2026-11-29T18:00:00Z',
    ]);
  });

  it('honours a whole-day vacation, a partial absence and one-off extra hours on a day off', () => {
    assert.deepEqual(day('2026-12-01'), []);
    assert.deepEqual(show(day('2026-12-02')), ['2026-12-02T06:00:00Z/2026-12-02T10:00:00Z', '2026-12-02T15:00:00Z/2026-12-02T18:00:00Z']);
    assert.deepEqual(show(day('2026-12-05')), ['2026-12-05T07:00:00Z/2026-12-05T09:00:00Z']);
    assert.deepEqual(day('2026-12-04'), [], 'Friday is off');
  });

  it('offers 15-minute-grid slots that fit the service and skip busy time', () => {
    const working = day('2026-11-29');
    const starts = freeSlotStarts({
      working,
      busy: [{ start: t('2026-11-29T06:30:00Z'), end: t('2026-11-29T07:00:00Z') }],
      durationMinutes: 30,
      stepMinutes: 15,
      zone: 'Asia/Riyadh',
      notBefore: 0,
    }).map(iso);
    assert.deepEqual(starts.slice(0, 6), [
      '2026-11-29T06:00:00Z',
      '2026-11-29T07:00:00Z',
      '2026-11-29T07:15:00Z',
      '2026-11-29T07:30:00Z',
      '2026-11-29T08:30:00Z',
      '2026-11-29T08:45:00Z',
    ]);
    assert.ok(!starts.includes('2026-11-29T07:45:00Z'), 'a 30-minute visit at 10:45 would run into the break');
    assert.ok(starts.includes('2026-11-29T17:30:00Z') && !starts.includes('2026-11-29T17:45:00Z'));
  });

  it('starts no slot in the past and aligns the first one to the grid', () => {
    const starts = freeSlotStarts({
      working: day('2026-11-29'),
      busy: [],
      durationMinutes: 15,
      stepMinutes: 15,
      zone: 'Asia/Riyadh',
      notBefore: t('2026-11-29T06:07:30Z'),
    });
    assert.equal(iso(starts[0]!), '2026-11-29T06:15:00Z');
  });

  it('checks whether a booking fits', () => {
    const working = day('2026-11-29');
    assert.ok(fitsWorkingTime(working, t('2026-11-29T06:00:00Z'), t('2026-11-29T06:30:00Z')));
    assert.ok(!fitsWorkingTime(working, t('2026-11-29T07:45:00Z'), t('2026-11-29T08:15:00Z')), 'runs into the break');
    assert.ok(!fitsWorkingTime(working, t('2026-11-29T05:45:00Z'), t('2026-11-29T06:15:00Z')), 'starts before opening');
  });
});

describe('working intervals across daylight-saving changes (Europe/Berlin)', () => {
  const weekdays: StaffSchedule = {
    weekly: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '09:00', end: '13:00' })),
    breaks: [],
    exceptions: [],
  };
  const night: StaffSchedule = { weekly: [{ weekday: 0, start: '01:00', end: '04:00' }], breaks: [], exceptions: [] };
  const berlinDay = (schedule: StaffSchedule, date: string) =>
    workingIntervals(schedule, 'Europe/Berlin', t(`${date}T00:00:00Z`) - 3 * 3600_000, t(`${date}T23:59:59Z`));

  it('keeps 09:00-13:00 local on the days before, of and after the spring change', () => {
    assert.deepEqual(show(berlinDay(weekdays, '2026-03-28')).at(-1), '2026-03-28T08:00:00Z/2026-03-28T12:00:00Z');
    assert.deepEqual(show(berlinDay(weekdays, '2026-03-29')).at(-1), '2026-03-29T07:00:00Z/2026-03-29T11:00:00Z');
    assert.deepEqual(show(berlinDay(weekdays, '2026-10-25')).at(-1), '2026-10-25T08:00:00Z/2026-10-25T12:00:00Z');
    assert.deepEqual(show(berlinDay(weekdays, '2026-10-24')).at(-1), '2026-10-24T07:00:00Z/2026-10-24T11:00:00Z');
  });

  it('a night shift over the spring gap lasts two real hours; over the autumn repeat, four', () => {
    assert.deepEqual(show(berlinDay(night, '2026-03-29')), ['2026-03-29T00:00:00Z/2026-03-29T02:00:00Z']);
    assert.deepEqual(show(berlinDay(night, '2026-10-25')), ['2026-10-24T23:00:00Z/2026-10-25T03:00:00Z']);
  });

  it('slots on the change days stay on the local quarter hours', () => {
    const spring = freeSlotStarts({
      working: berlinDay(night, '2026-03-29'),
      busy: [],
      durationMinutes: 60,
      stepMinutes: 30,
      zone: 'Europe/Berlin',
      notBefore: 0,
    });
    assert.deepEqual(spring.map(iso), ['2026-03-29T00:00:00Z', '2026-03-29T00:30:00Z', '2026-03-29T01:00:00Z']);
    const autumn = freeSlotStarts({
      working: berlinDay(night, '2026-10-25'),
      busy: [],
      durationMinutes: 60,
      stepMinutes: 60,
      zone: 'Europe/Berlin',
      notBefore: 0,
    });
    assert.deepEqual(autumn.map(iso), ['2026-10-24T23:00:00Z', '2026-10-25T00:00:00Z', '2026-10-25T01:00:00Z', '2026-10-25T02:00:00Z']);
  });
});

describe('schedule validation', () => {
  const base: StaffSchedule = { weekly: [], breaks: [], exceptions: [] };
  const cases: [string, Partial<StaffSchedule>, string[]][] = [
    [
      'a valid schedule',
      {
        weekly: [
          { weekday: 0, start: '09:00', end: '13:00' },
          { weekday: 0, start: '13:00', end: '17:00' },
        ],
      },
      [],
    ],
    ['an inverted interval', { weekly: [{ weekday: 1, start: '13:00', end: '09:00' }] }, ['weekly.0']],
    [
      'overlapping intervals on one day',
      {
        weekly: [
          { weekday: 1, start: '09:00', end: '13:00' },
          { weekday: 1, start: '12:00', end: '14:00' },
        ],
      },
      ['weekly.1'],
    ],
    [
      'the same hours on different days',
      {
        weekly: [
          { weekday: 1, start: '09:00', end: '13:00' },
          { weekday: 2, start: '09:00', end: '13:00' },
        ],
      },
      [],
    ],
    [
      'overlapping breaks',
      {
        breaks: [
          { weekday: 1, start: '11:00', end: '12:00' },
          { weekday: 1, start: '11:30', end: '11:45' },
        ],
      },
      ['breaks.1'],
    ],
    [
      'an exception ending before it starts',
      { exceptions: [{ from: '2026-12-03', to: '2026-12-01', kind: 'vacation' }] },
      ['exceptions.0'],
    ],
    ['extra hours without times', { exceptions: [{ from: '2026-12-03', to: '2026-12-03', kind: 'extra_hours' }] }, ['exceptions.0']],
    ['a start without an end', { exceptions: [{ from: '2026-12-03', to: '2026-12-03', kind: 'sick', start: '09:00' }] }, ['exceptions.0']],
    [
      'overlapping exceptions',
      {
        exceptions: [
          { from: '2026-12-01', to: '2026-12-05', kind: 'vacation' },
          { from: '2026-12-05', to: '2026-12-06', kind: 'sick' },
        ],
      },
      ['exceptions.1'],
    ],
    [
      'an exception with a start but no end, then one on the same day (found by the API fuzzer: it crashed)',
      {
        exceptions: [
          { from: '2027-08-23', to: '2027-08-23', kind: 'unavailable', start: '23:40', end: null },
          { from: '2027-08-23', to: '2027-08-24', kind: 'vacation', start: '22:52', end: '24:00' },
        ],
      },
      ['exceptions.0'],
    ],
    [
      'two extra-hour blocks on one day',
      {
        exceptions: [
          { from: '2026-12-05', to: '2026-12-05', kind: 'extra_hours', start: '08:00', end: '10:00' },
          { from: '2026-12-05', to: '2026-12-05', kind: 'extra_hours', start: '18:00', end: '20:00' },
        ],
      },
      [],
    ],
  ];
  for (const [label, partial, paths] of cases) {
    it(`${paths.length ? 'rejects' : 'accepts'} ${label}`, () => {
      assert.deepEqual(
        scheduleErrors({ ...base, ...partial }).map((e) => e.path),
        paths,
      );
    });
  }
});
