import { z } from 'zod';

/** Shared field schemas so every module validates the same thing the same way. */
export const emailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'Must be a valid email address' }))
  .transform((email) => email.toLowerCase());

export const personNameSchema = z.string().trim().min(1, 'Required').max(100);

const COMMON_PASSWORDS = new Set([
  'password123', 'password1234', '1234567890', 'qwertyuiop', '123456789a', 'iloveyou123', 'passw0rd123',
  'welcome123', 'admin12345', 'letmein123', 'abc1234567', 'qwerty1234', 'password!1',
]);

/** Long enough to resist guessing, short enough to bound hashing cost. */
export const passwordSchema = z
  .string()
  .min(10, 'Must be at least 10 characters')
  .max(128, 'Must be at most 128 characters')
  .refine((p) => /[A-Za-z\p{L}]/u.test(p) && /[^A-Za-z\p{L}]/u.test(p), 'Must mix letters with digits or symbols')
  .refine((p) => new Set(p).size >= 5, 'Must not repeat the same few characters')
  .refine((p) => !COMMON_PASSWORDS.has(p.toLowerCase()), 'Is too common');

export const timezoneSchema = z
  .string()
  .max(64)
  .refine(isIanaTimeZone, 'Must be an IANA time zone such as Asia/Riyadh');

export const localeSchema = z.enum(['en', 'ar']);

export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'Must be an ISO 4217 code such as SAR')
  .refine((code) => Intl.supportedValuesOf('currency').includes(code), 'Must be an ISO 4217 currency code');

export function isIanaTimeZone(zone: string): boolean {
  if (!zone.includes('/') && zone !== 'UTC') return false;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone.length > 0;
  } catch {
    return false;
  }
}

/** Cursor paging: `limit` and an opaque `cursor` from the previous page's `nextCursor`. */
export const pageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  });
