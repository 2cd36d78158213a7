import { z } from 'zod';
import { displayNameSchema } from '../common/schemas.js';

/** The booking grid a clinic may choose, in minutes. */
export const SLOT_MINUTES = [5, 10, 15, 20, 30, 60] as const;

export const roomsSchema = z
  .array(displayNameSchema(50))
  .max(50)
  .refine((rooms) => new Set(rooms.map((room) => room.toLowerCase())).size === rooms.length, 'Room names must be unique');

export const REMINDER_CHANNELS = ['sms', 'email'] as const;
export type ReminderChannel = (typeof REMINDER_CHANNELS)[number];
/** At most two weeks ahead, at least five minutes. */
export const MAX_REMINDER_OFFSET_MINUTES = 14 * 24 * 60;

const distinct = <T>(values: T[]) => new Set(values).size === values.length;

/** Appointment reminders: whether, how long before the start, and by which channels (where the patient has an address). */
export const reminderSettingsSchema = z.object({
  enabled: z.boolean(),
  offsetsMinutes: z.array(z.number().int().min(5).max(MAX_REMINDER_OFFSET_MINUTES)).max(5).refine(distinct, 'Each offset may appear once'),
  channels: z.array(z.enum(REMINDER_CHANNELS)).max(REMINDER_CHANNELS.length).refine(distinct, 'Each channel may appear once'),
});
export type ReminderSettings = z.infer<typeof reminderSettingsSchema>;
export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = { enabled: true, offsetsMinutes: [1440, 120], channels: ['sms', 'email'] };

/** How patients reach the clinic: printed in reminders. */
export const clinicContactSchema = z.object({
  address: z.string().trim().min(1).max(300).nullable(),
  phone: z
    .string()
    .trim()
    .min(3)
    .max(32)
    .regex(/^[+0-9 ()./-]+$/, 'Digits, spaces and + ( ) - . / only')
    .nullable(),
});
export type ClinicContact = z.infer<typeof clinicContactSchema>;
const NO_CONTACT: ClinicContact = { address: null, phone: null };

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
  /** Appointment reminders (notifications module). */
  reminders: reminderSettingsSchema.default(DEFAULT_REMINDER_SETTINGS).catch(DEFAULT_REMINDER_SETTINGS),
  /** Address and phone patients see in reminders. */
  contact: clinicContactSchema.default(NO_CONTACT).catch(NO_CONTACT),
});
export type ClinicSettings = z.infer<typeof clinicSettingsSchema>;

export const parseClinicSettings = (stored: unknown): ClinicSettings =>
  clinicSettingsSchema.parse(stored && typeof stored === 'object' ? stored : {});
