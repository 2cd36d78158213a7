import { z } from 'zod';
import { atLeastOneField, countrySchema, currencySchema, localeSchema, timezoneSchema } from '../common/schemas.js';

export const clinicNameSchema = z.string().trim().min(2, 'Must be at least 2 characters').max(120);

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
    slotMinutes: z.union([z.literal(5), z.literal(10), z.literal(15), z.literal(20), z.literal(30), z.literal(60)]).optional(),
    rooms: z
      .array(z.string().trim().min(1, 'Required').max(50))
      .max(50)
      .refine((rooms) => new Set(rooms.map((room) => room.toLowerCase())).size === rooms.length, 'Room names must be unique')
      .optional(),
    vatNumber: z
      .string()
      .trim()
      .min(1)
      .max(32)
      .regex(/^[A-Za-z0-9 -]+$/, 'Letters, digits, spaces and dashes only')
      .nullable()
      .optional(),
  })
  .refine(atLeastOneField.check, atLeastOneField.params);
export type UpdateClinic = z.infer<typeof updateClinicSchema>;
