import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_REMINDER_SETTINGS, type ReminderSettings } from '../clinics/clinic-settings.js';
import { planReminders, quietWindowStart, type ReminderPlanInput } from './reminder-plan.js';

const RIYADH = 'Asia/Riyadh'; // UTC+3 all year
const both = { email: 'nora@example.test', phone: '+966501234567', optedOut: false };

interface Case {
  name: string;
  now: string;
  startAt: string;
  settings?: Partial<ReminderSettings>;
  contact?: Partial<ReminderPlanInput['contact']>;
  timezone?: string;
  /** channel@offset -> sendAt (UTC) */
  reminders: Record<string, string>;
  skipped?: Record<string, string>;
}

const cases: Case[] = [
  {
    name: 'books one reminder per offset and channel (10:30 appointment two days ahead)',
    now: '2027-01-10T06:00:00Z',
    startAt: '2027-01-12T07:30:00Z',
    reminders: {
      'sms@1440': '2027-01-11T07:30:00.000Z',
      'sms@120': '2027-01-12T05:30:00.000Z',
      'email@1440': '2027-01-11T07:30:00.000Z',
      'email@120': '2027-01-12T05:30:00.000Z',
    },
  },
  {
    name: 'skips an offset already past when booking (booked three hours ahead)',
    now: '2027-01-12T04:30:00Z',
    startAt: '2027-01-12T07:30:00Z',
    reminders: { 'sms@120': '2027-01-12T05:30:00.000Z', 'email@120': '2027-01-12T05:30:00.000Z' },
    skipped: { 'sms@1440': 'past', 'email@1440': 'past' },
  },
  {
    name: 'moves a text message due in quiet hours to 21:45 the evening before; email keeps its time (09:00 appointment)',
    now: '2027-01-10T06:00:00Z',
    startAt: '2027-01-12T06:00:00Z',
    reminders: {
      'sms@1440': '2027-01-11T06:00:00.000Z',
      'sms@120': '2027-01-11T18:45:00.000Z',
      'email@1440': '2027-01-11T06:00:00.000Z',
      'email@120': '2027-01-12T04:00:00.000Z',
    },
  },
  {
    name: 'treats 22:00 as quiet and 08:00 as allowed',
    now: '2027-01-01T06:00:00Z',
    startAt: '2027-01-12T05:00:00Z', // 08:00 local: the 24 h text is due at 08:00 the day before, the 2 h one at 06:00
    settings: { offsetsMinutes: [1440, 120, 600], channels: ['sms'] },
    reminders: {
      'sms@1440': '2027-01-11T05:00:00.000Z', // 08:00: allowed
      'sms@600': '2027-01-11T18:45:00.000Z', // 22:00: quiet, moved to 21:45
    },
    skipped: { 'sms@120': 'duplicate' }, // 06:00 -> 21:45 too
  },
  {
    name: 'skips a text message whose quiet-hours time has passed, and still sends the email',
    now: '2027-01-11T20:00:00Z', // 23:00 local
    startAt: '2027-01-12T06:00:00Z', // 09:00 local
    reminders: { 'email@120': '2027-01-12T04:00:00.000Z' },
    skipped: { 'sms@1440': 'past', 'sms@120': 'past', 'email@1440': 'past' },
  },
  {
    name: 'books nothing for a patient who opted out',
    now: '2027-01-10T06:00:00Z',
    startAt: '2027-01-12T07:30:00Z',
    contact: { optedOut: true },
    reminders: {},
    skipped: { 'sms@1440': 'opted-out', 'sms@120': 'opted-out', 'email@1440': 'opted-out', 'email@120': 'opted-out' },
  },
  {
    name: 'books nothing when the clinic turned reminders off',
    now: '2027-01-10T06:00:00Z',
    startAt: '2027-01-12T07:30:00Z',
    settings: { enabled: false },
    reminders: {},
    skipped: { 'sms@1440': 'disabled', 'sms@120': 'disabled', 'email@1440': 'disabled', 'email@120': 'disabled' },
  },
  {
    name: 'uses only the channels the patient has an address for',
    now: '2027-01-10T06:00:00Z',
    startAt: '2027-01-12T07:30:00Z',
    contact: { phone: null },
    reminders: { 'email@1440': '2027-01-11T07:30:00.000Z', 'email@120': '2027-01-12T05:30:00.000Z' },
    skipped: { 'sms@1440': 'no-address', 'sms@120': 'no-address' },
  },
  {
    name: 'uses only the channels the clinic chose',
    now: '2027-01-10T06:00:00Z',
    startAt: '2027-01-12T07:30:00Z',
    settings: { channels: ['email'], offsetsMinutes: [60] },
    reminders: { 'email@60': '2027-01-12T06:30:00.000Z' },
  },
  {
    name: 'finds quiet hours on the clinic wall clock across a clock change (Berlin, spring forward)',
    now: '2026-03-20T00:00:00Z',
    startAt: '2026-03-29T07:00:00Z', // 09:00 CEST; 2 h before is 07:00 CEST, quiet since 22:00 CET on the 28th
    timezone: 'Europe/Berlin',
    settings: { channels: ['sms'], offsetsMinutes: [120] },
    reminders: { 'sms@120': '2026-03-28T20:45:00.000Z' },
  },
];

describe('planReminders', () => {
  for (const c of cases) {
    it(c.name, () => {
      const plan = planReminders({
        now: new Date(c.now),
        startAt: new Date(c.startAt),
        timezone: c.timezone ?? RIYADH,
        settings: { ...DEFAULT_REMINDER_SETTINGS, ...c.settings },
        contact: { ...both, ...c.contact },
      });
      const reminders = Object.fromEntries(plan.reminders.map((r) => [`${r.channel}@${r.offsetMinutes}`, r.sendAt.toISOString()]));
      assert.deepEqual(reminders, c.reminders);
      const skipped = Object.fromEntries(plan.skipped.map((s) => [`${s.channel}@${s.offsetMinutes}`, s.reason]));
      assert.deepEqual(skipped, c.skipped ?? {});
    });
  }

  it('never plans a reminder after quiet hours end or after the appointment starts', () => {
    const now = new Date('2027-01-01T00:00:00Z');
    for (let minute = 0; minute < 24 * 60; minute += 5) {
      const startAt = new Date(Date.parse('2027-01-12T00:00:00Z') + minute * 60_000);
      const plan = planReminders({
        now,
        startAt,
        timezone: RIYADH,
        settings: { enabled: true, offsetsMinutes: [1440, 120, 30], channels: ['sms'] },
        contact: both,
      });
      for (const r of plan.reminders) {
        assert.ok(r.sendAt < startAt);
        assert.equal(quietWindowStart(r.sendAt, RIYADH, { start: '22:00', end: '08:00' }), null, `${r.sendAt.toISOString()} is quiet`);
        assert.ok(r.sendAt.getTime() <= startAt.getTime() - r.offsetMinutes * 60_000, 'sent before its offset, never after');
      }
    }
  });
});
