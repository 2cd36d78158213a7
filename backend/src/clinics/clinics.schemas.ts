import { z } from 'zod';
import { codedPattern } from '../common/error-codes.js';
import { roomsSchema, SLOT_MINUTES } from './clinic-settings.js';
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
    vatNumber: z
      .string()
      .trim()
      .min(1)
      .max(32)
      .regex(codedPattern(/^[A-Za-z0-9 -]+$/, 'invalid_vat_number'), 'Letters, digits, spaces and dashes only')
      .nullable()
      .optional(),
  })
  .refine(atLeastOneField.check, atLeastOneField.params);
export type UpdateClinic = z.infer<typeof updateClinicSchema>;
