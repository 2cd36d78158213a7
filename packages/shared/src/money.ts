/**
 * Money travels as decimal strings ("115.00") in the clinic's currency, never as floating point.
 * Arithmetic happens in the API (decimal.js); these helpers only describe and display amounts.
 */

/** A non-negative amount with at most three decimals (every ISO 4217 exponent in use). */
export const AMOUNT_PATTERN = /^\d{1,11}(\.\d{1,3})?$/;

const exponents = new Map<string, number>();

/** Minor-unit digits of a currency: SAR 2, KWD/BHD/OMR 3, JPY 0. */
export function currencyExponent(currency: string): number {
  let exponent = exponents.get(currency);
  if (exponent === undefined) {
    exponent = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    exponents.set(currency, exponent);
  }
  return exponent;
}

/**
 * An amount for people to read, in their language ("SAR 1,150.00", "‏1,150.00 ر.س."). The decimal string
 * goes to Intl as a string, so no digit passes through a float.
 */
export function formatMoney(amount: string, currency: string, locale: string): string {
  const digits = currencyExponent(currency);
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return format.format(amount as unknown as number);
}

const ARABIC_INDIC = /[\u0660-\u0669\u06F0-\u06F9]/g;

/**
 * What a person typed as an amount, as a plain decimal string, or null if it is not one: Arabic-Indic
 * digits become ASCII, the Arabic decimal and group separators are read, and group separators between
 * digit groups are dropped ("1,800" -> "1800", "١٬٨٠٠٫٥٠" -> "1800.50").
 */
export function parseAmountInput(text: string): string | null {
  const ascii = text
    .trim()
    .replace(ARABIC_INDIC, (d) => String((d.codePointAt(0)! - 0x0660) % 0x90))
    .replace(/\u066B/g, '.')
    .replace(/[\u066C\u00A0\u202F ]/g, ',');
  if (!/^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$/.test(ascii)) return null;
  const plain = ascii.replace(/,/g, '');
  return AMOUNT_PATTERN.test(plain) ? plain : null;
}
