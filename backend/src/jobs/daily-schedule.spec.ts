import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dailyRunDue } from './daily-schedule.js';

/** Every tick of a UTC day range, and the local dates that came due. */
function runsBetween(fromIso: string, toIso: string, zone: string, localTime: string, tickMinutes = 15): [string, string][] {
  const runs: [string, string][] = [];
  for (let t = Date.parse(fromIso); t <= Date.parse(toIso); t += tickMinutes * 60_000) {
    const date = dailyRunDue(new Date(t), zone, localTime, tickMinutes);
    if (date) runs.push([new Date(t).toISOString(), date]);
  }
  return runs;
}

describe('dailyRunDue (a daily job at a local time, from a UTC tick)', () => {
  const cases: { name: string; zone: string; localTime: string; tick: string; expected: string | null }[] = [
    { name: 'Riyadh 03:00 is 00:00 UTC', zone: 'Asia/Riyadh', localTime: '03:00', tick: '2026-11-03T00:00:00Z', expected: '2026-11-03' },
    { name: 'one tick later it is not due again', zone: 'Asia/Riyadh', localTime: '03:00', tick: '2026-11-03T00:15:00Z', expected: null },
    { name: 'one tick earlier it is not yet due', zone: 'Asia/Riyadh', localTime: '03:00', tick: '2026-11-02T23:45:00Z', expected: null },
    {
      name: 'a target between ticks runs at the next tick',
      zone: 'Asia/Riyadh',
      localTime: '03:05',
      tick: '2026-11-03T00:15:00Z',
      expected: '2026-11-03',
    },
    { name: 'Kolkata (+05:30)', zone: 'Asia/Kolkata', localTime: '03:00', tick: '2026-11-02T21:30:00Z', expected: '2026-11-03' },
    { name: 'Kathmandu (+05:45)', zone: 'Asia/Kathmandu', localTime: '03:00', tick: '2026-11-02T21:15:00Z', expected: '2026-11-03' },
    {
      name: 'late evening target belongs to that local date',
      zone: 'America/New_York',
      localTime: '23:50',
      tick: '2026-11-03T05:00:00Z',
      expected: '2026-11-02',
    },
    {
      name: 'Auckland is a day ahead of UTC',
      zone: 'Pacific/Auckland',
      localTime: '03:00',
      tick: '2026-11-02T14:00:00Z',
      expected: '2026-11-03',
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(dailyRunDue(new Date(c.tick), c.zone, c.localTime, 15), c.expected));
  }

  it('comes due exactly once per local day over a month in each of several zones', () => {
    for (const zone of ['Asia/Riyadh', 'Europe/Berlin', 'America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe']) {
      const runs = runsBetween('2026-10-01T00:00:00Z', '2026-11-30T23:45:00Z', zone, '03:00');
      const dates = runs.map(([, date]) => date);
      assert.equal(new Set(dates).size, dates.length, `${zone}: a date ran twice`);
      assert.ok(dates.length >= 60 && dates.length <= 61, `${zone}: ${dates.length} runs`);
    }
  });

  it('runs once on the spring-forward day when the local time falls in the gap (Berlin, 02:30 on 2026-03-29: at 03:30 CEST)', () => {
    const runs = runsBetween('2026-03-28T12:00:00Z', '2026-03-29T12:00:00Z', 'Europe/Berlin', '02:30');
    assert.deepEqual(runs, [['2026-03-29T01:30:00.000Z', '2026-03-29']]);
  });

  it('runs once on the fall-back day when the local time occurs twice (New York, 01:30 on 2026-11-01)', () => {
    const runs = runsBetween('2026-10-31T12:00:00Z', '2026-11-01T12:00:00Z', 'America/New_York', '01:30');
    assert.equal(runs.length, 1);
    assert.equal(runs[0]![1], '2026-11-01');
  });
});
