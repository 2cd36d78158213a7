import { z } from 'zod';
import { coded } from '../common/error-codes.js';
import { displayNameSchema, idView, instantSchema, problemSchema } from '../common/schemas.js';
import { APPOINTMENT_STATUSES } from '../db/schema/enums.js';

const instant = instantSchema;
const uuid = z.uuid({ message: 'Must be an id' });
const room = displayNameSchema(50);
const version = z.number().int().min(1);

export const createAppointmentSchema = z.strictObject({
  patientId: uuid,
  dentistId: uuid,
  serviceId: uuid,
  /** Room or chair name, e.g. "Chair 2". */
  room: room.nullable().optional(),
  startAt: instant,
  /** Defaults to startAt + the service's duration. */
  endAt: instant.optional(),
  notes: z.string().trim().max(2000).nullable().optional(),
  /** Book outside the dentist's working hours (Owner/Admin only; audited). */
  overrideSchedule: z.boolean().optional(),
  /** Record a visit that already happened: a start in the past is refused (422 booking-in-past) without it (Owner/Admin only; audited). */
  backEntry: z.boolean().optional(),
});
export type CreateAppointment = z.infer<typeof createAppointmentSchema>;

export const rescheduleAppointmentSchema = z.strictObject({
  /** The version you last saw; or send it as If-Match. */
  version: version.optional(),
  startAt: instant.optional(),
  endAt: instant.optional(),
  dentistId: uuid.optional(),
  serviceId: uuid.optional(),
  room: room.nullable().optional(),
  notes: z.string().trim().max(2000).nullable().optional(),
  overrideSchedule: z.boolean().optional(),
  backEntry: z.boolean().optional(),
});
export type RescheduleAppointment = z.infer<typeof rescheduleAppointmentSchema>;

export const cancelAppointmentSchema = z.strictObject({
  reason: z.string().trim().min(1, 'Required').max(500),
  version: version.optional(),
});
export type CancelAppointment = z.infer<typeof cancelAppointmentSchema>;

export const changeStatusSchema = z.strictObject({
  status: z
    .enum(APPOINTMENT_STATUSES)
    .refine((s) => s !== 'cancelled', coded('use_cancel', 'Use POST /appointments/{id}/cancel with a reason'))
    .meta({ not: { enum: ['cancelled'] }, description: 'Any status but cancelled (POST /appointments/{id}/cancel takes a reason).' }),
  version: version.optional(),
});
export type ChangeStatus = z.infer<typeof changeStatusSchema>;

export const listAppointmentsQuerySchema = z.strictObject({
  from: instant,
  to: instant,
  dentistId: uuid.optional(),
  room: room.optional(),
  patientId: uuid.optional(),
  status: z.enum(APPOINTMENT_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(2000).default(500),
  cursor: z.string().max(300).optional(),
});
export type ListAppointmentsQuery = z.infer<typeof listAppointmentsQuerySchema>;

export const appointmentViewSchema = z.object({
  id: idView,
  patientId: idView,
  dentistId: idView,
  serviceId: idView,
  room: z.string().nullable(),
  startAt: z.iso.datetime(),
  endAt: z.iso.datetime(),
  status: z.enum(APPOINTMENT_STATUSES),
  /** Clinical text: present only for clinical roles (Owner, Admin, Dentist, Hygienist, Assistant). */
  notes: z.string().nullable().optional(),
  cancelReason: z.string().nullable(),
  cancelledAt: z.iso.datetime().nullable(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type AppointmentView = z.infer<typeof appointmentViewSchema>;

/** A calendar entry: the appointment plus what a calendar shows without another request. */
export const calendarEntrySchema = appointmentViewSchema
  .omit({ cancelledAt: true, createdAt: true, updatedAt: true })
  .extend({ patientName: z.string() });
export type CalendarEntry = z.infer<typeof calendarEntrySchema>;
export const appointmentListSchema = z.object({ items: z.array(calendarEntrySchema), nextCursor: z.string().nullable() });

/** 409 of a booking or a move: who is double-booked and by which appointment, or the version that is current. */
export const bookingConflictProblemSchema = problemSchema.extend({
  /** double-booking: what clashes */
  conflict: z.enum(['dentist', 'room', 'patient']).optional(),
  /** double-booking: the appointment in the way (null if it could not be named) */
  conflictingAppointmentId: idView.nullable().optional(),
  /** stale-version: the version to reload */
  currentVersion: z.number().int().optional(),
});

/** 409 of a status change or a cancel: the version or the status that is current. */
export const transitionConflictProblemSchema = problemSchema.extend({
  /** stale-version */
  currentVersion: z.number().int().optional(),
  /** illegal-transition */
  currentStatus: z.enum(APPOINTMENT_STATUSES).optional(),
});
