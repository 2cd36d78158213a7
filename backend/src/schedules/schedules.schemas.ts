import { z } from 'zod';
import { codedPattern } from '../common/error-codes.js';
import { idView, isoDateSchema } from '../common/schemas.js';
import { EXCEPTION_KINDS } from '../scheduling/working-time.js';
import { scheduleErrors } from '../scheduling/schedule-rules.js';

const wallTime = z
  .string()
  .regex(codedPattern(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'invalid_time'), 'Must be a time as HH:MM')
  .meta({ example: '09:00' });

const weeklyInterval = z.strictObject({
  /** 0 = Sunday ... 6 = Saturday */
  weekday: z.number().int().min(0).max(6),
  start: wallTime,
  end: wallTime,
});

const exception = z.strictObject({
  from: isoDateSchema,
  to: isoDateSchema,
  kind: z.enum(EXCEPTION_KINDS),
  start: wallTime.nullable().optional(),
  end: wallTime.nullable().optional(),
  note: z.string().trim().max(500).nullable().optional(),
});

/** The whole schedule, replaced at once. Times are the clinic's wall clock. */
export const putScheduleSchema = z
  .strictObject({
    weekly: z.array(weeklyInterval).max(70),
    breaks: z.array(weeklyInterval).max(70).default([]),
    exceptions: z.array(exception).max(500).default([]),
  })
  .superRefine((schedule, ctx) => {
    for (const error of scheduleErrors(schedule)) {
      const path = error.path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
      ctx.addIssue({ code: 'custom', path, message: error.message, params: { ...error.params, code: error.code } });
    }
  });
export type PutSchedule = z.infer<typeof putScheduleSchema>;

export const scheduleViewSchema = z.object({
  userId: idView,
  timezone: z.string(),
  weekly: z.array(weeklyInterval),
  breaks: z.array(weeklyInterval),
  exceptions: z.array(exception),
});
export type ScheduleView = z.infer<typeof scheduleViewSchema>;
