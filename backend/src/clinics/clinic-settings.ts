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

/** At most 127 bytes of UTF-8: ZATCA's QR stores a length in one byte, and readers disagree above 127. */
export const legalNameSchema = displayNameSchema(127)
  .pipe(z.string().min(2, 'Must be at least 2 characters'))
  // The pipe's second length is not in the document by itself.
  .meta({ minLength: 2 })
  .refine((name) => Buffer.byteLength(name, 'utf8') <= 127, 'Too long for the ZATCA QR code (at most 127 bytes: about 60 Arabic letters)');

export const commercialRegistrationSchema = z
  .string()
  .trim()
  .regex(/^\d{10}$/, 'Must be the 10-digit commercial registration number');

const addressPart = (max: number) => displayNameSchema(max);
export const clinicAddressSchema = z.strictObject({
  street: addressPart(120),
  /** 4 digits in a Saudi national address. */
  buildingNumber: addressPart(10),
  additionalNumber: addressPart(10).nullable().optional(),
  district: addressPart(80),
  city: addressPart(80),
  postalCode: addressPart(10),
});
export type ClinicAddress = z.infer<typeof clinicAddressSchema>;

export const vatRateSchema = z
  .string()
  .regex(/^\d{1,2}(\.\d{1,2})?$/, 'Must be a percentage such as "15" or "15.00"')
  .meta({ example: '15' });

export const paymentTermsSchema = z.number().int().min(0).max(365);
export const REMINDER_CHANNELS = ['sms', 'email'] as const;
export type ReminderChannel = (typeof REMINDER_CHANNELS)[number];
/** At most two weeks ahead, at least five minutes. */
export const MAX_REMINDER_OFFSET_MINUTES = 14 * 24 * 60;

const distinct = <T>(values: T[]) => new Set(values).size === values.length;

/** Appointment reminders: whether, how long before the start, and by which channels (where the patient has an address). */
export const reminderSettingsSchema = z.object({
  enabled: z.boolean(),
  offsetsMinutes: z
    .array(z.number().int().min(5).max(MAX_REMINDER_OFFSET_MINUTES))
    .max(5)
    .refine(distinct, 'Each offset may appear once')
    .meta({ uniqueItems: true }),
  channels: z
    .array(z.enum(REMINDER_CHANNELS))
    .max(REMINDER_CHANNELS.length)
    .refine(distinct, 'Each channel may appear once')
    .meta({ uniqueItems: true }),
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
  /** The registered (legal) names printed on tax invoices; the Arabic one is the ZATCA QR's seller name. */
  legalNameEn: legalNameSchema.nullable().default(null).catch(null),
  legalNameAr: legalNameSchema.nullable().default(null).catch(null),
  /** Commercial registration number (CRN), the seller's id in the e-invoice XML. */
  commercialRegistration: commercialRegistrationSchema.nullable().default(null).catch(null),
  /** The seller's address on invoices (the national address's parts, as ZATCA's XML wants them). */
  address: clinicAddressSchema.nullable().default(null).catch(null),
  /** Standard VAT rate in percent ("15"). */
  vatRate: vatRateSchema.default('15').catch('15'),
  /**
   * Zero-rate (VATEX-SA-HEA) the lines of Saudi patients, whose VAT on private healthcare the state
   * bears. null: on for a clinic in Saudi Arabia (see zeroRatesCitizens).
   */
  zeroRateCitizens: z.boolean().nullable().default(null).catch(null),
  /** An invoice issued without a due date is due this many days after issue. */
  paymentTermsDays: paymentTermsSchema.default(14).catch(14),
  /** Appointment reminders (notifications module). */
  reminders: reminderSettingsSchema.default(DEFAULT_REMINDER_SETTINGS).catch(DEFAULT_REMINDER_SETTINGS),
  /** Address and phone patients see in reminders. */
  contact: clinicContactSchema.default(NO_CONTACT).catch(NO_CONTACT),
});
export type ClinicSettings = z.infer<typeof clinicSettingsSchema>;

/** Whether Saudi patients' lines are zero-rated: the clinic's choice, on by default in Saudi Arabia. */
export const zeroRatesCitizens = (settings: ClinicSettings, country: string): boolean => settings.zeroRateCitizens ?? country === 'SA';

export const parseClinicSettings = (stored: unknown): ClinicSettings =>
  clinicSettingsSchema.parse(stored && typeof stored === 'object' ? stored : {});
