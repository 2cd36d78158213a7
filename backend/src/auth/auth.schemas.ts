import { z } from 'zod';
import { emailSchema, emailView, idView, localeSchema, passwordSchema, personNameSchema, timezoneSchema } from '../common/schemas.js';
import { clinicNameSchema, clinicViewSchema } from '../clinics/clinics.schemas.js';
import { roleSchema, userViewSchema } from '../users/users.schemas.js';

export const signupSchema = z.strictObject({
  clinicName: clinicNameSchema,
  email: emailSchema,
  password: passwordSchema,
  firstName: personNameSchema,
  lastName: personNameSchema,
  timezone: timezoneSchema.default('Asia/Riyadh'),
  locale: localeSchema.default('en'),
});
export type SignupInput = z.infer<typeof signupSchema>;

export const loginSchema = z.strictObject({
  email: emailSchema,
  // Not the signup policy: an old password must still be able to log in. Bounded to cap hashing cost.
  password: z.string().min(1, 'Required').max(1024),
});
export type LoginInput = z.infer<typeof loginSchema>;

export const inviteSchema = z.strictObject({
  email: emailSchema,
  role: roleSchema,
  firstName: personNameSchema.optional(),
  lastName: personNameSchema.optional(),
});
export type InviteInput = z.infer<typeof inviteSchema>;

export const acceptInviteSchema = z.strictObject({
  token: z.string().min(1, 'Required').max(200),
  password: passwordSchema,
  firstName: personNameSchema,
  lastName: personNameSchema,
});
export type AcceptInviteInput = z.infer<typeof acceptInviteSchema>;

/** refresh and logout take their token from the HttpOnly cookie; a body, if any, must be empty. */
export const emptyBodySchema = z.strictObject({}).optional();

export const sessionViewSchema = z.object({
  user: userViewSchema,
  accessToken: z.string(),
  accessTokenExpiresAt: z.iso.datetime(),
});

export const signupViewSchema = sessionViewSchema.extend({ clinic: clinicViewSchema });

export const inviteViewSchema = z.object({
  id: idView,
  email: emailView,
  role: roleSchema,
  inviteToken: z.string(),
  expiresAt: z.iso.datetime(),
});
export type InviteView = z.infer<typeof inviteViewSchema>;

/** An invite not yet accepted or withdrawn, as the staff page lists it. */
export const pendingInviteSchema = z.object({
  id: idView,
  email: emailView,
  role: roleSchema,
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  expired: z.boolean(),
  /** The link's token, to copy it again; null for an invite made before links were kept (resend it). */
  inviteToken: z.string().nullable(),
});
export type PendingInvite = z.infer<typeof pendingInviteSchema>;
export const pendingInviteListSchema = z.object({ items: z.array(pendingInviteSchema) });

export const inviteTokenSchema = z.strictObject({ token: z.string().min(1, 'Required').max(200) });

/** What the accept-invite page shows: which clinic, which role, for whom. */
export const inviteDetailsSchema = z.object({
  clinicName: z.string(),
  email: emailView,
  role: roleSchema,
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  expiresAt: z.iso.datetime(),
});
export type InviteDetails = z.infer<typeof inviteDetailsSchema>;
