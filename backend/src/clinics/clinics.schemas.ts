import { z } from 'zod';
import { codedPattern } from '../common/error-codes.js';
import {
  clinicAddressSchema,
  clinicContactSchema,
  commercialRegistrationSchema,
  legalNameSchema,
  paymentTermsSchema,
  reminderSettingsSchema,
  roomsSchema,
  SLOT_MINUTES,
  vatRateSchema,
} from './clinic-settings.js';
import {
  atLeastOneField,
  countrySchema,
  displayNameSchema,
  currencySchema,
  idView,
  localeSchema,
  timezoneSchema,
} from '../common/schemas.js';

// The pipe's second length is not in the document by itself.
export const clinicNameSchema = displayNameSchema(120).pipe(z.string().min(2, 'Must be at least 2 characters')).meta({ minLength: 2 });

export const clinicViewSchema = z.object({
  id: idView,
  name: z.string(),
  slug: z.string(),
  timezone: z.string(),
  locale: localeSchema,
  currency: z.string().regex(/^[A-Z]{3}$/),
  country: z.string().regex(/^[A-Z]{2}$/),
  vatNumber: z.string().nullable(),
  ownerId: idView.nullable(),
  /** Booking grid in minutes (availability start times). */
  slotMinutes: z.number().int(),
  /** The clinic's rooms/chairs, in display order (the calendar's chair columns; appointments name one). */
  rooms: z.array(z.string()),
  /** Registered names printed on tax invoices (the Arabic one is the ZATCA QR's seller name). */
  legalNameEn: z.string().nullable(),
  legalNameAr: z.string().nullable(),
  commercialRegistration: z.string().nullable(),
  address: clinicAddressSchema.nullable(),
  /** Standard VAT rate in percent. */
  vatRate: z.string(),
  /** Whether Saudi patients' lines are zero-rated (VATEX-SA-HEA); on by default in Saudi Arabia. */
  zeroRateCitizens: z.boolean(),
  /** Days from issue to due date when an invoice has none. */
  paymentTermsDays: z.number().int(),
  /** Appointment reminders: on or off, minutes before the start, channels. */
  reminders: reminderSettingsSchema,
  /** The address and phone patients see in reminders. */
  contact: clinicContactSchema,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ClinicView = z.infer<typeof clinicViewSchema>;

export const updateClinicSchema = z
  .strictObject({
    name: clinicNameSchema.optional(),
    locale: localeSchema.optional(),
    timezone: timezoneSchema.optional(),
    currency: currencySchema.optional(),
    country: countrySchema.optional(),
    slotMinutes: z.union(SLOT_MINUTES.map((minutes) => z.literal(minutes))).optional(),
    rooms: roomsSchema.optional(),
    /** Give only what changes; new settings apply to appointments booked or moved from now on. */
    reminders: reminderSettingsSchema.partial().strict().optional(),
    contact: clinicContactSchema.partial().strict().optional(),
    /** In Saudi Arabia 15 digits, the first and last "3" (checked against the clinic's country). */
    vatNumber: z
      .string()
      .trim()
      .min(1)
      .max(32)
      .regex(codedPattern(/^[A-Za-z0-9 -]+$/, 'invalid_vat_number'), 'Letters, digits, spaces and dashes only')
      .nullable()
      .optional(),
    legalNameEn: legalNameSchema.nullable().optional(),
    legalNameAr: legalNameSchema.nullable().optional(),
    commercialRegistration: commercialRegistrationSchema.nullable().optional(),
    address: clinicAddressSchema.nullable().optional(),
    vatRate: vatRateSchema.optional(),
    zeroRateCitizens: z.boolean().optional(),
    paymentTermsDays: paymentTermsSchema.optional(),
  })
  .refine(atLeastOneField.check, atLeastOneField.params)
  .meta(atLeastOneField.meta);
export type UpdateClinic = z.infer<typeof updateClinicSchema>;
