import { Decimal as BaseDecimal } from 'decimal.js';
import { currencyExponent } from './money.js';

/**
 * Invoice arithmetic, the one place amounts are computed (API and the web editor's preview alike).
 * Amounts are decimal strings; nothing passes through a float.
 *
 * - line net   = quantity x unit price (exact);
 * - line VAT   = net x rate / 100, rounded half-up to the currency's minor unit;
 * - line total = net + VAT;
 * - subtotal, VAT total and total are the sums of the lines' net, VAT and total (so total = subtotal + VAT).
 */
const Decimal = BaseDecimal.clone({ precision: 40, rounding: BaseDecimal.ROUND_HALF_UP });
type Dec = InstanceType<typeof Decimal>;

export interface LinePricing {
  quantity: number;
  /** VAT-exclusive price of one unit. */
  unitPrice: string;
  /** Percent, e.g. "15" or "15.00"; "0" for zero-rated lines. */
  vatRate: string;
}

export interface LineAmounts {
  net: string;
  vat: string;
  total: string;
}

export interface DocumentTotals {
  subtotal: string;
  vatTotal: string;
  total: string;
}

const fixed = (value: Dec, currency: string): string => value.toFixed(currencyExponent(currency), Decimal.ROUND_HALF_UP);

/** VAT of a net amount at a percentage, rounded half-up to the currency's minor unit. */
export function vatOf(net: string, vatRate: string, currency: string): string {
  return fixed(new Decimal(net).times(vatRate).dividedBy(100), currency);
}

export function lineAmounts(line: LinePricing, currency: string): LineAmounts {
  const net = new Decimal(line.unitPrice).times(line.quantity);
  const vat = new Decimal(vatOf(net.toString(), line.vatRate, currency));
  return { net: fixed(net, currency), vat: fixed(vat, currency), total: fixed(net.plus(vat), currency) };
}

export function documentTotals(lines: readonly LineAmounts[], currency: string): DocumentTotals {
  const sum = (pick: (line: LineAmounts) => string) => lines.reduce((acc, line) => acc.plus(pick(line)), new Decimal(0));
  return {
    subtotal: fixed(
      sum((l) => l.net),
      currency,
    ),
    vatTotal: fixed(
      sum((l) => l.vat),
      currency,
    ),
    total: fixed(
      sum((l) => l.total),
      currency,
    ),
  };
}

/** a + b - c ..., written in the currency's decimals. */
export function addAmounts(currency: string, ...terms: string[]): string {
  return fixed(
    terms.reduce((acc, term) => acc.plus(term), new Decimal(0)),
    currency,
  );
}

export function subtractAmounts(currency: string, from: string, ...terms: string[]): string {
  return fixed(
    terms.reduce((acc, term) => acc.minus(term), new Decimal(from)),
    currency,
  );
}

/** -1, 0 or 1 as a is less than, equal to or greater than b. */
export function compareAmounts(a: string, b: string): -1 | 0 | 1 {
  return new Decimal(a).comparedTo(b) as -1 | 0 | 1;
}

export const isZeroAmount = (amount: string): boolean => new Decimal(amount).isZero();
export const isPositiveAmount = (amount: string): boolean => new Decimal(amount).greaterThan(0);
