import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { daysInRange, periodKeyAt, periodsOf, reportRange } from './report-periods.js';
import { minutesPerPeriod, ratio } from './report-math.js';

const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3600_000;

describe('report periods', () => {
  it('turns local dates into the instants of local midnights', () => {
    const cases: [zone: string, from: string, to: string, start: string, end: string][] = [
      ['Asia/Riyadh', '2026-11-01', '2026-11-30', '2026-10-31T21:00:00.000Z', '2026-11-30T21:00:00.000Z'],
      ['UTC', '2026-01-01', '2026-12-31', '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
      // New York changes to summer time on 8 March 2026 and back on 1 November.
      ['America/New_York', '2026-03-08', '2026-03-08', '2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z'],
      ['America/New_York', '2026-11-01', '2026-11-01', '2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z'],
      // Santiago's clocks jump from 00:00 to 01:00 on 6 September 2026: the day starts at 01:00.
      ['America/Santiago', '2026-09-06', '2026-09-06', '2026-09-06T04:00:00.000Z', '2026-09-07T03:00:00.000Z'],
    ];
    for (const [zone, from, to, start, end] of cases) {
      const range = reportRange(from, to, zone);
      assert.deepEqual([iso(range.start), iso(range.end)], [start, end], `${zone} ${from}..${to}`);
    }
  });

  it('has 23- and 25-hour days where the clocks change, and no gaps between periods', () => {
    const days = periodsOf(reportRange('2026-03-07', '2026-03-09', 'America/New_York'), 'day');
    assert.deepEqual(
      days.map((d) => [d.key, (d.end - d.start) / HOUR]),
      [
        ['2026-03-07', 24],
        ['2026-03-08', 23],
        ['2026-03-09', 24],
      ],
    );
    const autumn = periodsOf(reportRange('2026-10-24', '2026-10-26', 'Europe/Berlin'), 'day');
    assert.deepEqual(
      autumn.map((d) => (d.end - d.start) / HOUR),
      [24, 25, 24],
    );
    for (let i = 1; i < days.length; i++) assert.equal(days[i]!.start, days[i - 1]!.end);
  });

  it('splits into months and ISO weeks clipped to the range, empty ones included', () => {
    const range = reportRange('2026-10-15', '2027-01-10', 'Asia/Riyadh');
    assert.deepEqual(
      periodsOf(range, 'month').map((p) => [p.key, p.label]),
      [
        ['2026-10-15', '2026-10'],
        ['2026-11-01', '2026-11'],
        ['2026-12-01', '2026-12'],
        ['2027-01-01', '2027-01'],
      ],
    );
    const weeks = periodsOf(reportRange('2026-11-04', '2026-11-20', 'Asia/Riyadh'), 'week');
    assert.deepEqual(
      weeks.map((p) => [p.key, p.label]),
      [
        ['2026-11-04', '2026-W45'],
        ['2026-11-09', '2026-W46'],
        ['2026-11-16', '2026-W47'],
      ],
    );
    assert.equal(iso(weeks.at(-1)!.end), '2026-11-20T21:00:00.000Z');
    // A year-end week belongs to the ISO year of its Thursday.
    assert.deepEqual(
      periodsOf(reportRange('2026-12-28', '2027-01-03', 'UTC'), 'week').map((p) => p.label),
      ['2026-W53'],
    );
  });

  it('puts an instant in the period of its local date: 23:30 in Riyadh on 31 October is October', () => {
    const months = periodsOf(reportRange('2026-10-01', '2026-11-30', 'Asia/Riyadh'), 'month');
    assert.equal(periodKeyAt(months, Date.parse('2026-10-31T20:30:00Z')), '2026-10-01');
    assert.equal(periodKeyAt(months, Date.parse('2026-10-31T21:00:00Z')), '2026-11-01');
    assert.equal(periodKeyAt(months, Date.parse('2026-09-30T20:59:59Z')), undefined);
    assert.equal(periodKeyAt(months, Date.parse('2026-11-30T21:00:00Z')), undefined);
  });

  it('counts calendar days, not hours', () => {
    assert.equal(daysInRange('2026-03-01', '2026-03-31'), 31);
    assert.equal(daysInRange('2028-01-01', '2028-12-31'), 366);
    assert.equal(daysInRange('2026-11-02', '2026-11-02'), 1);
  });
});

describe('report arithmetic', () => {
  it('gives ratios to four decimals and none without a whole', () => {
    assert.equal(ratio(1, 3), 0.3333);
    assert.equal(ratio(2, 2), 1);
    assert.equal(ratio(0, 5), 0);
    assert.equal(ratio(3, 0), null);
  });

  it('splits working minutes between the days they fall in', () => {
    const days = periodsOf(reportRange('2026-11-01', '2026-11-02', 'UTC'), 'day');
    const minutes = minutesPerPeriod(
      [
        { start: Date.parse('2026-11-01T09:00:00Z'), end: Date.parse('2026-11-01T12:00:00Z') },
        { start: Date.parse('2026-11-01T23:00:00Z'), end: Date.parse('2026-11-02T01:30:00Z') },
      ],
      days,
    );
    assert.deepEqual(
      [...minutes],
      [
        ['2026-11-01', 240],
        ['2026-11-02', 90],
      ],
    );
  });
});
