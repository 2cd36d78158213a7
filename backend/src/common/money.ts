import { AMOUNT_PATTERN, currencyExponent } from '@dental/shared';
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import type { FieldError } from './errors.js';
import { codedPattern } from './error-codes.js';

export { currencyExponent } from '@dental/shared';

/** Amounts travel as decimal strings ("350.00"), never as floats. */
export const amountSchema = z
  .string()
  .regex(codedPattern(AMOUNT_PATTERN, 'invalid_amount'), 'Must be a non-negative decimal amount such as "350.00"')
  .meta({ example: '350.00' });

/**
 * An amount the API sends: a decimal string with the currency's decimals (at most 3), negative where a
 * balance can be ("the clinic owes the patient").
 */
export const MONEY_VIEW_PATTERN = /^-?\d+(\.\d{1,3})?$/;
export const moneyView = z.string().regex(MONEY_VIEW_PATTERN).meta({ example: '115.00' });

/** The amount written with exactly the currency's number of decimals. */
export const formatAmount = (amount: string, currency: string): string => new Decimal(amount).toFixed(currencyExponent(currency));

/** A field error if the amount has more decimals than the currency allows. */
export function amountPrecisionError(path: string, amount: string, currency: string): FieldError | undefined {
  const exponent = currencyExponent(currency);
  return new Decimal(amount).decimalPlaces() > exponent
    ? {
        path,
        code: 'too_many_decimals',
        message: `${currency} amounts have at most ${exponent} decimals`,
        params: { maximum: exponent, currency },
      }
    : undefined;
}
