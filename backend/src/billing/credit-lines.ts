import { addAmounts, compareAmounts, currencyExponent, isPositiveAmount, isZeroAmount, subtractAmounts, vatOf } from '@dental/shared';
import { Decimal } from 'decimal.js';
import { BusinessRuleError, ValidationError } from '../common/errors.js';
import { amountPrecisionError } from '../common/money.js';
import type { DocumentLine } from './documents.js';

/**
 * What a credit note takes back from an invoice's lines. A line can be credited by units (at its unit
 * price), by a net amount (a price correction), or whole (what is left of it); never more than is left.
 * VAT is the line's rate on the credited net, rounded as on the invoice, and crediting what is left takes
 * exactly the VAT that is left: however a line is credited, in the end its net and VAT come back to the
 * cent, and a fully credited invoice sums to its total.
 */
export interface CreditableLine extends DocumentLine {
  id: string;
  creditedNet: string;
  creditedVat: string;
}

export interface CreditRequest {
  invoiceItemId: string;
  /** Units to credit at the line's unit price. */
  quantity?: number;
  /** Net (VAT-exclusive) amount to credit. */
  amount?: string;
}

export interface CreditedLine extends DocumentLine {
  invoiceItemId: string;
}

/** Credits the requested lines, or everything left on the invoice when `requests` is absent. */
export function creditLines(
  lines: readonly CreditableLine[],
  requests: readonly CreditRequest[] | undefined,
  currency: string,
): CreditedLine[] {
  const credited = requests === undefined ? lines.map((line) => creditRest(line, currency)) : creditRequested(lines, requests, currency);
  const taken = credited.filter((line): line is CreditedLine => line !== null);
  if (taken.length === 0) throw new BusinessRuleError('nothing-to-credit', 'Nothing is left to credit on this invoice.');
  return taken;
}

function creditRequested(lines: readonly CreditableLine[], requests: readonly CreditRequest[], currency: string): (CreditedLine | null)[] {
  const byId = new Map(lines.map((line) => [line.id, line]));
  const seen = new Set<string>();
  return requests.map((request, index) => {
    const path = `items.${index}`;
    const line = byId.get(request.invoiceItemId);
    if (!line) throw new ValidationError([{ path: `${path}.invoiceItemId`, message: 'Not a line of this invoice' }]);
    if (seen.has(line.id)) throw new ValidationError([{ path: `${path}.invoiceItemId`, message: 'This line is credited twice' }]);
    seen.add(line.id);
    const restNet = subtractAmounts(currency, line.netAmount, line.creditedNet);
    let net: string;
    if (request.quantity !== undefined) {
      net = new Decimal(line.unitPrice).times(request.quantity).toFixed(currencyExponent(currency));
    } else if (request.amount !== undefined) {
      const precision = amountPrecisionError(`${path}.amount`, request.amount, currency);
      if (precision) throw new ValidationError([precision]);
      net = new Decimal(request.amount).toFixed(currencyExponent(currency));
    } else {
      return creditRest(line, currency) ?? nothingLeft(index);
    }
    if (compareAmounts(net, restNet) > 0) {
      throw new BusinessRuleError('credit-exceeds-line', `Line ${line.description}: at most ${restNet} (net) is left to credit.`);
    }
    if (compareAmounts(net, restNet) === 0) return creditRest(line, currency) ?? nothingLeft(index);
    const restVat = subtractAmounts(currency, line.vatAmount, line.creditedVat);
    const computed = vatOf(net, line.vatRate, currency);
    const vat = compareAmounts(computed, restVat) > 0 ? restVat : computed;
    const byUnits = request.quantity !== undefined;
    return {
      ...line,
      invoiceItemId: line.id,
      quantity: byUnits ? request.quantity! : 1,
      unitPrice: byUnits ? line.unitPrice : net,
      netAmount: net,
      vatAmount: vat,
      total: addAmounts(currency, net, vat),
    };
  });
}

/** Everything left of a line, or null when nothing is. */
function creditRest(line: CreditableLine, currency: string): CreditedLine | null {
  const net = subtractAmounts(currency, line.netAmount, line.creditedNet);
  const vat = subtractAmounts(currency, line.vatAmount, line.creditedVat);
  if (isZeroAmount(net) && isZeroAmount(vat)) return null;
  const untouched = !isPositiveAmount(line.creditedNet) && !isPositiveAmount(line.creditedVat);
  return {
    ...line,
    invoiceItemId: line.id,
    quantity: untouched ? line.quantity : 1,
    unitPrice: untouched ? line.unitPrice : net,
    netAmount: net,
    vatAmount: vat,
    total: addAmounts(currency, net, vat),
  };
}

const nothingLeft = (index: number): never => {
  throw new BusinessRuleError('credit-exceeds-line', `Line ${index + 1} of the request: nothing is left to credit on it.`);
};
