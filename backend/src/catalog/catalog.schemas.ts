import { z } from 'zod';
import { codedPattern } from '../common/error-codes.js';
import { amountSchema, moneyView } from '../common/money.js';
import { atLeastOneField, currencySchema, displayNameSchema, idView, pageQuerySchema } from '../common/schemas.js';

const fields = {
  name: displayNameSchema(200),
  nameAr: displayNameSchema(200).nullable().optional(),
  code: z
    .string()
    .trim()
    .min(1)
    .max(32)
    .regex(codedPattern(/^[A-Za-z0-9._-]+$/, 'invalid_service_code'), 'Letters, digits, dot, dash and underscore only')
    .nullable()
    .optional(),
  price: amountSchema,
  currency: currencySchema.optional(),
  durationMinutes: z.number().int().min(5).max(480),
  active: z.boolean().optional(),
};

export const createServiceSchema = z.strictObject(fields);
export type CreateService = z.infer<typeof createServiceSchema>;

export const updateServiceSchema = z
  .strictObject({
    ...fields,
    name: fields.name.optional(),
    price: fields.price.optional(),
    durationMinutes: fields.durationMinutes.optional(),
  })
  .refine(atLeastOneField.check, atLeastOneField.params)
  .meta(atLeastOneField.meta);
export type UpdateService = z.infer<typeof updateServiceSchema>;

export const listServicesQuerySchema = pageQuerySchema.extend({
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  q: z.string().trim().min(1).max(100).optional(),
});
export type ListServicesQuery = z.infer<typeof listServicesQuerySchema>;

export const serviceViewSchema = z.object({
  id: idView,
  name: z.string(),
  nameAr: z.string().nullable(),
  code: z.string().nullable(),
  price: moneyView,
  currency: z.string().regex(/^[A-Z]{3}$/),
  durationMinutes: z.number().int(),
  active: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ServiceView = z.infer<typeof serviceViewSchema>;

export const serviceListSchema = z.object({ items: z.array(serviceViewSchema), nextCursor: z.string().nullable() });
