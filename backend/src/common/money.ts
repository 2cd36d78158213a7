import { Decimal } from 'decimal.js';
import { z } from 'zod';
import type { FieldError } from './errors.js';

/** Amounts travel as decimal strings ("350.00"), never as floats. */
export const amountSchema = z
  .string()
  .regex(/^\d{1,11}(\.\d{1,3})?$/, 'Must be a non-negative decimal amount such as "350.00"')
  .meta({ example: '350.00' });

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

/** The amount written with exactly the currency's number of decimals. */
export const formatAmount = (amount: string, currency: string): string => new Decimal(amount).toFixed(currencyExponent(currency));

/** A field error if the amount has more decimals than the currency allows. */
export function amountPrecisionError(path: string, amount: string, currency: string): FieldError | undefined {
  const exponent = currencyExponent(currency);
  return new Decimal(amount).decimalPlaces() > exponent
    ? { path, message: `${currency} amounts have at most ${exponent} decimals` }
    : undefined;
}
