import { z } from 'zod';
import { idView, instantSchema, isoDateSchema } from '../common/schemas.js';

const instantOrDate = z.union([instantSchema, isoDateSchema], {
  message: "Must be an ISO-8601 date-time with a time zone, or a date (YYYY-MM-DD, in the clinic's time zone)",
});

export const availabilityQuerySchema = z.strictObject({
  serviceId: z.uuid({ message: 'Must be an id' }),
  /** Inclusive. A date means the start of that day in the clinic's time zone. */
  from: instantOrDate,
  /** Exclusive. A date means the end of that day (inclusive day) in the clinic's time zone. */
  to: instantOrDate,
  dentistId: z.uuid({ message: 'Must be an id' }).optional(),
  /** A room or chair that must also be free. */
  roomId: z.string().trim().min(1).max(50).optional(),
});
export type AvailabilityQuery = z.infer<typeof availabilityQuerySchema>;

export const availabilityViewSchema = z.object({
  timezone: z.string(),
  slotMinutes: z.number().int(),
  durationMinutes: z.number().int(),
  slots: z.array(z.object({ dentistId: idView, startAt: z.iso.datetime(), endAt: z.iso.datetime() })),
});
export type AvailabilityView = z.infer<typeof availabilityViewSchema>;

export const workingHoursQuerySchema = z.strictObject({
  from: instantOrDate,
  to: instantOrDate,
  dentistId: z.uuid({ message: 'Must be an id' }).optional(),
});
export type WorkingHoursQuery = z.infer<typeof workingHoursQuerySchema>;

/** When each active clinician works in a range: weekly hours minus breaks and absences, plus extra hours. */
export const workingHoursViewSchema = z.object({
  timezone: z.string(),
  items: z.array(
    z.object({
      dentistId: idView,
      intervals: z.array(z.object({ startAt: z.iso.datetime(), endAt: z.iso.datetime() })),
    }),
  ),
});
export type WorkingHoursView = z.infer<typeof workingHoursViewSchema>;
