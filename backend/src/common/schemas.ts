import { z } from 'zod';
import { coded, codedPattern } from './error-codes.js';

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
    .refine(
      (name) => !UNSAFE_IN_NAMES.test(name),
      coded('unsafe_characters', 'Must not contain control or text-direction override characters'),
    )
    .refine((name) => /[\p{L}\p{N}]/u.test(name), coded('needs_letter_or_digit', 'Must contain a letter or digit'))
    .meta({
      // Trimmed, so not only white space: what the document can say of it.
      pattern: '\\S',
      description:
        'Trimmed; must contain a letter or digit, and no control or text-direction override characters (U+202A-U+202E, U+2066-U+2069).',
    });

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

/**
 * Long enough to resist guessing, short enough to bound hashing cost. One message per failure: the
 * length checks abort, so the mix rules below run only on a password of a storable length (the length
 * is declared in the document; the mix rules are described there).
 */
export const passwordSchema = z
  .string()
  .min(10, { message: 'Must be at least 10 characters', abort: true })
  .max(128, { message: 'Must be at most 128 characters', abort: true })
  .superRefine((password, ctx) => {
    const problem = passwordProblem(password);
    if (problem) ctx.addIssue({ code: 'custom', ...problem });
  })
  .meta({ description: 'Mixes letters with digits or symbols, has at least 5 different characters, and is not a common password.' });

function passwordProblem(password: string): ReturnType<typeof coded> | undefined {
  if (!/\p{L}/u.test(password) || !/[^\p{L}]/u.test(password))
    return coded('password_needs_mix', 'Must mix letters with digits or symbols');
  if (new Set(password).size < 5) return coded('password_repetitive', 'Must not repeat the same few characters');
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return coded('password_too_common', 'Is too common');
  return undefined;
}

/** An IANA time zone, stored as IANA spells it ("ASIA/RIYADH" becomes "Asia/Riyadh"; see canonicalTimeZone). */
const TIME_ZONE_MESSAGE = 'Must be an IANA time zone such as Asia/Riyadh';
export const timezoneSchema = z
  .string()
  .max(64)
  .regex(codedPattern(/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/, 'invalid_time_zone'), { message: TIME_ZONE_MESSAGE, abort: true })
  .refine(isIanaTimeZone, coded('invalid_time_zone', TIME_ZONE_MESSAGE))
  .meta({
    example: 'Asia/Riyadh',
    description:
      "An IANA time zone the runtime knows (Area/Location, or UTC), any letter case; returned in IANA's spelling of the name given.",
  })
  .transform(canonicalTimeZone);

/**
 * IANA's current names that ICU (Node's Intl, on Node 20 and 24) resolves to an older CLDR id:
 * "Asia/Kolkata" to "Asia/Calcutta", "Europe/Kyiv" to "Europe/Kiev". Found by resolving every zone of
 * tzdata 2025b; the legacy POSIX-style ids (EST5EDT, CET...) are left to ICU.
 */
const IANA_NAMES_ICU_RENAMES = [
  'Africa/Asmara',
  'America/Argentina/Buenos_Aires',
  'America/Argentina/Catamarca',
  'America/Argentina/Cordoba',
  'America/Argentina/Jujuy',
  'America/Argentina/Mendoza',
  'America/Atikokan',
  'America/Indiana/Indianapolis',
  'America/Kentucky/Louisville',
  'America/Nuuk',
  'Asia/Ho_Chi_Minh',
  'Asia/Kathmandu',
  'Asia/Kolkata',
  'Asia/Yangon',
  'Atlantic/Faroe',
  'Europe/Kyiv',
  'Pacific/Chuuk',
  'Pacific/Kanton',
  'Pacific/Pohnpei',
];

/** The names a zone is stored under, by their lower-case form: ICU's list, UTC, and IANA's renamed ones. */
const ZONE_SPELLINGS = new Map(
  [...Intl.supportedValuesOf('timeZone'), 'UTC', ...IANA_NAMES_ICU_RENAMES].map((zone) => [zone.toLowerCase(), zone]),
);

/**
 * The spelling a valid zone is stored under: the name the user chose, with the case corrected against the
 * known names, never swapped for another alias (Asia/Kolkata stays Asia/Kolkata, Asia/Calcutta stays
 * Asia/Calcutta). A name in neither list (old links such as "US/Eastern") becomes ICU's canonical id.
 */
export function canonicalTimeZone(zone: string): string {
  return ZONE_SPELLINGS.get(zone.toLowerCase()) ?? new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
}

export const localeSchema = z.enum(['en', 'ar']);

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const CURRENCY_MESSAGE = 'Must be an ISO 4217 currency code such as SAR';
export const currencySchema = z
  .string()
  .regex(codedPattern(/^[A-Z]{3}$/, 'invalid_currency'), { message: CURRENCY_MESSAGE, abort: true })
  .refine((code) => CURRENCIES.has(code), coded('invalid_currency', CURRENCY_MESSAGE))
  .meta({ example: 'SAR', description: 'An ISO 4217 currency code the runtime knows (Intl.supportedValuesOf("currency")).' });

/** ISO 3166-1 alpha-2, as far as Intl knows region names. */
const COUNTRY_MESSAGE = 'Must be an ISO 3166 country code such as SA';
export const countrySchema = z
  .string()
  .regex(codedPattern(/^[A-Z]{2}$/, 'invalid_country'), { message: COUNTRY_MESSAGE, abort: true })
  .refine(
    (code) => new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' }).of(code) !== undefined,
    coded('invalid_country', COUNTRY_MESSAGE),
  )
  .meta({ example: 'SA', description: 'An ISO 3166-1 alpha-2 country code the runtime knows (Intl.DisplayNames).' });

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
  .refine((value) => isStorableInstant(Date.parse(value)), coded('out_of_range', RANGE_MESSAGE));

/** A calendar date, YYYY-MM-DD, that exists, within the storable span. */
export const isoDateSchema = z.iso
  .date({ message: 'Must be a date as YYYY-MM-DD' })
  .refine((value) => value >= '1900-01-01' && value <= '2999-12-31', coded('out_of_range', RANGE_MESSAGE));

export function isIanaTimeZone(zone: string): boolean {
  if (!zone.includes('/') && zone !== 'UTC') return false;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone.length > 0;
  } catch {
    return false;
  }
}

// Response fields: what the API sends, declared so that the document (and the tests' contract, which holds
// every response to it) state the format, not only the type.

/** An id the API generated: a UUIDv7 (src/common/ids.ts), in every table. */
export const idView = z.uuid();

/** An address stored through emailSchema (trimmed, lower-cased, checked). */
export const emailView = z.email();

/** E.164: "+", country code, subscriber number, 15 digits at most. */
export const E164_PATTERN = /^\+[1-9]\d{1,14}$/;

/** A phone number as stored: always E.164, whatever notation it was given in. */
export const storedPhoneView = z.string().regex(E164_PATTERN).meta({ description: 'E.164, e.g. +966501234567' });

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
  /** Validation problems: `code` is stable (translate it), `message` English, `params` the values it names. */
  errors: z
    .array(
      z.object({
        path: z.string(),
        code: z.string(),
        message: z.string(),
        params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
      }),
    )
    .optional(),
});

/** 429: how long until another attempt is counted (also in Retry-After). */
export const rateLimitedProblemSchema = problemSchema.extend({ retryAfterSeconds: z.number().int().min(1) });

/**
 * For PATCH bodies: at least one field, reported only when the fields themselves are valid. `meta`
 * declares it in the document (minProperties: 1; JSON has no undefined values, so the two agree).
 */
export const atLeastOneField = {
  meta: { minProperties: 1 },
  check: (body: Record<string, unknown>) => Object.values(body).some((v) => v !== undefined),
  params: {
    message: 'Give at least one field to change',
    params: { code: 'no_fields' },
    when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0,
  },
};
