import { z } from 'zod';

/** Shared field schemas so every module validates the same thing the same way. */
export const emailSchema = z
  .string()
  .trim()
  .max(254)
  .toLowerCase()
  .check(z.email({ message: 'Must be a valid email address' }));

/**
 * Control characters (CR, LF, tab...) and the bidi embedding, override and isolate controls
 * (U+202A-U+202E, U+2066-U+2069) that can make a name display as something else. Arabic letters and
 * marks, ZWNJ/ZWJ and ordinary punctuation are fine.
 */
const UNSAFE_IN_NAMES = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

/** A name people read (a person, clinic, service or room): trimmed, with something visible in it. */
export const displayNameSchema = (max: number) =>
  z
    .string()
    .trim()
    .min(1, { message: 'Required', abort: true })
    .max(max)
    .refine((name) => !UNSAFE_IN_NAMES.test(name), 'Must not contain control or text-direction override characters')
    .refine((name) => /[\p{L}\p{N}]/u.test(name), 'Must contain a letter or digit');

export const personNameSchema = displayNameSchema(100);

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

/** An IANA time zone, stored under its canonical name ("ASIA/RIYADH" becomes "Asia/Riyadh"). */
export const timezoneSchema = z
  .string()
  .max(64)
  .refine(isIanaTimeZone, 'Must be an IANA time zone such as Asia/Riyadh')
  .transform((zone) => new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone);

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

/**
 * The span of time the platform stores: 1900 to 2999. PostgreSQL itself refuses year 0 and instants
 * past year 294276, and a clinic has no use for either, so anything outside is a 400, never a 500.
 */
const EARLIEST = Date.UTC(1900, 0, 1);
const LATEST = Date.UTC(3000, 0, 1);
const RANGE_MESSAGE = 'Must be between the years 1900 and 2999';
export const isStorableInstant = (ms: number): boolean => ms >= EARLIEST && ms < LATEST;

/** An instant with an explicit offset (ISO-8601), within the storable span. */
export const instantSchema = z.iso
  .datetime({ offset: true, message: 'Must be an ISO-8601 date-time with a time zone, e.g. 2026-12-01T09:00:00+03:00' })
  .refine((value) => isStorableInstant(Date.parse(value)), RANGE_MESSAGE);

/** A calendar date, YYYY-MM-DD, that exists, within the storable span. */
export const isoDateSchema = z.iso
  .date({ message: 'Must be a date as YYYY-MM-DD' })
  .refine((value) => value >= '1900-01-01' && value <= '2999-12-31', RANGE_MESSAGE);

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

/** An RFC 9457 problem as this API sends it; operations document their extra members per status. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int().min(400).max(599),
  detail: z.string().optional(),
  instance: z.string().optional(),
  /** Validation problems (400): one entry per field, `path` dotted ("items.0.quantity"), "" for the body itself. */
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

/** 429: how long until another attempt is counted (also in Retry-After). */
export const rateLimitedProblemSchema = problemSchema.extend({ retryAfterSeconds: z.number().int().min(1) });

/** For PATCH bodies: at least one field, reported only when the fields themselves are valid. */
export const atLeastOneField = {
  check: (body: Record<string, unknown>) => Object.values(body).some((v) => v !== undefined),
  params: {
    message: 'Give at least one field to change',
    when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0,
  },
};
