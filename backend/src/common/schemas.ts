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
  'password123',
  'password1234',
  '1234567890',
  'qwertyuiop',
  '123456789a',
  'iloveyou123',
  'passw0rd123',
  'welcome123',
  'admin12345',
  'letmein123',
  'abc1234567',
  'qwerty1234',
  'password!1',
]);

/** Long enough to resist guessing, short enough to bound hashing cost. One message per failure. */
export const passwordSchema = z.string().superRefine((password, ctx) => {
  const problem = passwordProblem(password);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

function passwordProblem(password: string): string | undefined {
  if (password.length < 10) return 'Must be at least 10 characters';
  if (password.length > 128) return 'Must be at most 128 characters';
  if (!/\p{L}/u.test(password) || !/[^\p{L}]/u.test(password)) return 'Must mix letters with digits or symbols';
  if (new Set(password).size < 5) return 'Must not repeat the same few characters';
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return 'Is too common';
  return undefined;
}

export const timezoneSchema = z.string().max(64).refine(isIanaTimeZone, 'Must be an IANA time zone such as Asia/Riyadh');

export const localeSchema = z.enum(['en', 'ar']);

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
export const currencySchema = z
  .string()
  .refine((code) => CURRENCIES.has(code), 'Must be an ISO 4217 currency code such as SAR')
  .meta({ example: 'SAR' });

/** ISO 3166-1 alpha-2, as far as Intl knows region names. */
export const countrySchema = z
  .string()
  .refine(
    (code) => /^[A-Z]{2}$/.test(code) && new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' }).of(code) !== undefined,
    'Must be an ISO 3166 country code such as SA',
  )
  .meta({ example: 'SA' });

/** A calendar date, YYYY-MM-DD, that exists. */
export const isoDateSchema = z.iso.date({ message: 'Must be a date as YYYY-MM-DD' });

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

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

/** For PATCH bodies: at least one field, reported only when the fields themselves are valid. */
export const atLeastOneField = {
  check: (body: Record<string, unknown>) => Object.values(body).some((v) => v !== undefined),
  params: {
    message: 'Give at least one field to change',
    when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0,
  },
};
