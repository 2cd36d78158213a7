import { z } from 'zod';
import { ROLES, USER_STATUSES } from '../db/schema/enums.js';
import { atLeastOneField, pageQuerySchema, personNameSchema } from '../common/schemas.js';

export const roleSchema = z.enum(ROLES);
export const userStatusSchema = z.enum(USER_STATUSES);

export const userViewSchema = z.object({
  id: z.string(),
  clinicId: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  role: roleSchema,
  status: userStatusSchema,
  phone: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type UserView = z.infer<typeof userViewSchema>;

export const userListSchema = z.object({ items: z.array(userViewSchema), nextCursor: z.string().nullable() });

export const listUsersQuerySchema = pageQuerySchema.extend({
  role: roleSchema.optional(),
  status: userStatusSchema.optional(),
});
export type ListUsersQuery = z.infer<typeof listUsersQuerySchema>;

export const updateUserSchema = z
  .strictObject({
    role: roleSchema.optional(),
    status: userStatusSchema.optional(),
    firstName: personNameSchema.optional(),
    lastName: personNameSchema.optional(),
    phone: z.string().trim().max(32).nullable().optional(),
  })
  .refine(atLeastOneField.check, atLeastOneField.params);
export type UpdateUser = z.infer<typeof updateUserSchema>;
