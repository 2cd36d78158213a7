import { DateTime } from 'luxon';
import type { ReminderChannel, ReminderSettings } from '../clinics/clinic-settings.js';

/** No text messages between these wall-clock times of the clinic (the window may cross midnight). */
export const SMS_QUIET_HOURS = { start: '22:00', end: '08:00' } as const;
/** A text message due in quiet hours goes this long before they begin, so a worker a little late still sends in time. */
export const QUIET_HOURS_MARGIN_MINUTES = 15;

export interface ReminderPlanInput {
  startAt: Date;
  now: Date;
  timezone: string;
  settings: ReminderSettings;
  contact: { email: string | null; phone: string | null; optedOut: boolean };
  quietHours?: { start: string; end: string };
}

export interface PlannedReminder {
  channel: ReminderChannel;
  offsetMinutes: number;
  sendAt: Date;
  /** Moved earlier out of quiet hours. */
  movedForQuietHours: boolean;
}

export type SkipReason = 'disabled' | 'opted-out' | 'no-address' | 'past' | 'duplicate';

export interface SkippedReminder {
  channel: ReminderChannel;
  offsetMinutes: number;
  reason: SkipReason;
}

export interface ReminderPlan {
  reminders: PlannedReminder[];
  skipped: SkippedReminder[];
}

/**
 * Which reminders an appointment gets, and when: one per offset and channel the patient has an address
 * for; none if reminders are off or the patient opted out; an offset already past is skipped (never
 * sent late); a text message that would fall in quiet hours (22:00-08:00 clinic time) is sent before
 * they begin, never after, and skipped if that moment has passed; two text messages that would leave
 * at the same moment go once.
 */
export function planReminders(input: ReminderPlanInput): ReminderPlan {
  const { settings, contact } = input;
  const offsets = [...settings.offsetsMinutes].sort((a, b) => b - a);
  const all = settings.channels.flatMap((channel) => offsets.map((offsetMinutes) => ({ channel, offsetMinutes })));
  if (!settings.enabled) return { reminders: [], skipped: all.map((r) => ({ ...r, reason: 'disabled' })) };
  if (contact.optedOut) return { reminders: [], skipped: all.map((r) => ({ ...r, reason: 'opted-out' })) };

  const reminders: PlannedReminder[] = [];
  const skipped: SkippedReminder[] = [];
  for (const { channel, offsetMinutes } of all) {
    if (!(channel === 'email' ? contact.email : contact.phone)) {
      skipped.push({ channel, offsetMinutes, reason: 'no-address' });
      continue;
    }
    const due = new Date(input.startAt.getTime() - offsetMinutes * 60_000);
    const quietStart = channel === 'sms' ? quietWindowStart(due, input.timezone, input.quietHours ?? SMS_QUIET_HOURS) : null;
    const sendAt = quietStart ? new Date(quietStart.getTime() - QUIET_HOURS_MARGIN_MINUTES * 60_000) : due;
    if (sendAt.getTime() <= input.now.getTime()) {
      skipped.push({ channel, offsetMinutes, reason: 'past' });
      continue;
    }
    if (reminders.some((r) => r.channel === channel && r.sendAt.getTime() === sendAt.getTime())) {
      skipped.push({ channel, offsetMinutes, reason: 'duplicate' });
      continue;
    }
    reminders.push({ channel, offsetMinutes, sendAt, movedForQuietHours: quietStart !== null });
  }
  return { reminders, skipped };
}

/** Whether `at` falls in quiet hours on the clinic's wall clock, and if so when that quiet period began. */
export function quietWindowStart(at: Date, zone: string, quiet: { start: string; end: string }): Date | null {
  const local = DateTime.fromJSDate(at, { zone });
  const minute = local.hour * 60 + local.minute;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const crossesMidnight = start > end;
  const inside = crossesMidnight ? minute >= start || minute < end : minute >= start && minute < end;
  if (!inside) return null;
  const startDay = crossesMidnight && minute < end ? local.minus({ days: 1 }) : local;
  const [hour, min] = quiet.start.split(':').map(Number) as [number, number];
  return startDay.set({ hour, minute: min, second: 0, millisecond: 0 }).toJSDate();
}

/** Whether a text message sent at `at` would break quiet hours. */
export const inSmsQuietHours = (at: Date, zone: string): boolean => quietWindowStart(at, zone, SMS_QUIET_HOURS) !== null;

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};
