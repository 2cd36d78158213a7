import { z } from 'zod';
import { ROLES, USER_STATUSES } from '../db/schema/enums.js';
import { atLeastOneField, emailView, idView, pageQuerySchema, personNameSchema } from '../common/schemas.js';

export const roleSchema = z.enum(ROLES);
export const userStatusSchema = z.enum(USER_STATUSES);

export const userViewSchema = z.object({
  id: idView,
  clinicId: idView,
  email: emailView,
  firstName: z.string(),
  lastName: z.string(),
  role: roleSchema,
  status: userStatusSchema,
  /** As the user wrote it (not normalised: staff numbers are for people, not for SMS). */
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
    phone: z.string().trim().max(32).meta({ description: 'Any notation; kept as written (not normalised).' }).nullable().optional(),
  })
  .refine(atLeastOneField.check, atLeastOneField.params)
  .meta(atLeastOneField.meta);
export type UpdateUser = z.infer<typeof updateUserSchema>;
