import { z } from 'zod';
import {
  clinicAddressSchema,
  commercialRegistrationSchema,
  legalNameSchema,
  paymentTermsSchema,
  roomsSchema,
  SLOT_MINUTES,
  vatRateSchema,
} from './clinic-settings.js';
import { atLeastOneField, countrySchema, displayNameSchema, currencySchema, localeSchema, timezoneSchema } from '../common/schemas.js';

export const clinicNameSchema = displayNameSchema(120).pipe(z.string().min(2, 'Must be at least 2 characters'));

export const clinicViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  timezone: z.string(),
  locale: localeSchema,
  currency: z.string(),
  country: z.string(),
  vatNumber: z.string().nullable(),
  ownerId: z.string().nullable(),
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
    /** In Saudi Arabia 15 digits, the first and last "3" (checked against the clinic's country). */
    vatNumber: z
      .string()
      .trim()
      .min(1)
      .max(32)
      .regex(/^[A-Za-z0-9 -]+$/, 'Letters, digits, spaces and dashes only')
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
  .refine(atLeastOneField.check, atLeastOneField.params);
export type UpdateClinic = z.infer<typeof updateClinicSchema>;
