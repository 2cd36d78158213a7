import { z } from 'zod';
import { coded } from '../common/error-codes.js';
import { displayNameSchema } from '../common/schemas.js';

/** The booking grid a clinic may choose, in minutes. */
export const SLOT_MINUTES = [5, 10, 15, 20, 30, 60] as const;

export const roomsSchema = z
  .array(displayNameSchema(50))
  .max(50)
  .refine(
    (rooms) => new Set(rooms.map((room) => room.toLowerCase())).size === rooms.length,
    coded('duplicate_rooms', 'Room names must be unique'),
  );

/**
 * Everything a clinic configures beyond its columns, kept in `clinics.settings` (jsonb) and read only
 * through this schema. A stored value that no longer parses falls back to its default, field by field,
 * so one bad key never makes a clinic unreadable. Reminders, tax and billing settings join here.
 */
export const clinicSettingsSchema = z.object({
  /** Booking grid in minutes (availability start times). */
  slotMinutes: z
    .number()
    .refine((value): value is (typeof SLOT_MINUTES)[number] => (SLOT_MINUTES as readonly number[]).includes(value))
    .default(15)
    .catch(15),
  /** The clinic's rooms/chairs, in display order (the calendar's chair columns; appointments name one). */
  rooms: roomsSchema.default([]).catch([]),
});
export type ClinicSettings = z.infer<typeof clinicSettingsSchema>;

export const parseClinicSettings = (stored: unknown): ClinicSettings =>
  clinicSettingsSchema.parse(stored && typeof stored === 'object' ? stored : {});
