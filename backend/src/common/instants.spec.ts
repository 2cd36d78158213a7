import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isoFormatter, isoFromPgText } from './instants.js';

describe('instants', () => {
  it("reads PostgreSQL timestamptz text of a UTC session as the API's ISO-8601", () => {
    const cases: [string, string][] = [
      ['2026-12-01 05:00:00+00', '2026-12-01T05:00:00.000Z'],
      ['2026-12-01 05:00:00.5+00', '2026-12-01T05:00:00.500Z'],
      ['2026-12-01 05:00:00.123456+00', '2026-12-01T05:00:00.123Z'],
      ['2028-02-29 23:59:59+00', '2028-02-29T23:59:59.000Z'],
      ['1999-12-31 00:00:01.04+00', '1999-12-31T00:00:01.040Z'],
    ];
    for (const [text, expected] of cases) assert.equal(isoFromPgText(text), expected, text);
  });

  it('formats instants as toISOString does, across days, years and odd milliseconds', () => {
    const iso = isoFormatter();
    const checked: number[] = [];
    for (let ms = Date.UTC(2026, 11, 30, 22); ms < Date.UTC(2027, 0, 2, 2); ms += 7 * 60_000) checked.push(ms);
    checked.push(Date.UTC(2027, 2, 28, 1, 0, 0, 1), Date.UTC(2027, 2, 28, 1, 0, 30), Date.UTC(2024, 1, 29, 12, 15));
    for (const ms of checked) assert.equal(iso(ms), new Date(ms).toISOString(), String(ms));
  });
});
