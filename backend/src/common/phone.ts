import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** E.164 form of a phone number, reading national numbers in the clinic's country; undefined if invalid. */
export function toE164(input: string, defaultCountry: string): string | undefined {
  const parsed = parsePhoneNumberFromString(input, defaultCountry as CountryCode);
  return parsed?.isValid() ? parsed.number : undefined;
}

/** Control characters (CR, LF, tab...) and bidi embeddings, overrides and isolates: the same set names refuse. */
const UNSAFE_CHARACTERS = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

/**
 * Why a phone number cannot be stored, if it cannot. An extension ("ext. 12", "x12") is refused rather
 * than silently dropped: E.164, what SMS reminders are sent to, has no place for one. So are control and
 * text-direction characters, and words around the number ("050 123 4567\nAdmin"), which the parser would
 * otherwise drop without a word.
 */
export function phoneProblem(
  input: string,
  defaultCountry: string,
): { code: string; message: string; params?: Record<string, string> } | undefined {
  if (UNSAFE_CHARACTERS.test(input))
    return { code: 'unsafe_characters', message: 'Must not contain control or text-direction override characters' };
  const parsed = parsePhoneNumberFromString(input, defaultCountry as CountryCode);
  if (parsed?.ext)
    return { code: 'phone_extension', message: 'Must be a phone number without an extension (reminders go to the number itself)' };
  if (!parsed?.isValid() || /\p{L}/u.test(input)) {
    return {
      code: 'invalid_phone',
      message: `Must be a valid phone number (national numbers are read as ${defaultCountry})`,
      params: { country: defaultCountry },
    };
  }
  return undefined;
}

/** The digits to look for when a search term looks like (part of) a phone number. */
export function phoneSearchDigits(term: string, defaultCountry: string): string | undefined {
  if (!/^[+\d\s().-]+$/.test(term)) return undefined;
  const digits = term.replace(/\D/g, '');
  if (digits.length < 3) return undefined;
  const full = toE164(term, defaultCountry);
  if (full) return full.slice(1);
  // A partial national number: drop the trunk prefix so it can match inside the stored E.164 digits.
  return digits.replace(/^0+/, '') || digits;
}
