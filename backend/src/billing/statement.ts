import { addAmounts, subtractAmounts } from '@dental/shared';

/**
 * A patient's account: issued invoices and refunds raise what the patient owes, payments and credit
 * notes lower it. Entries in time order, each with the balance after it.
 */
export type StatementKind = 'invoice' | 'payment' | 'refund' | 'credit_note';

export interface StatementEvent {
  kind: StatementKind;
  id: string;
  at: Date;
  invoiceId: string;
  invoiceNumber: string;
  /** The document's number, the payment's reference, or the refund's reason. */
  reference: string | null;
  /** Payments: how the money came. */
  method?: string;
  amount: string;
}

export interface StatementEntry extends Omit<StatementEvent, 'amount'> {
  debit: string;
  credit: string;
  balance: string;
}

const RAISES: Record<StatementKind, boolean> = { invoice: true, refund: true, payment: false, credit_note: false };
// At one instant an invoice comes before what settles it.
const ORDER: Record<StatementKind, number> = { invoice: 0, credit_note: 1, payment: 2, refund: 3 };

export function buildStatement(
  events: readonly StatementEvent[],
  currency: string,
  openingBalance = '0',
): { entries: StatementEntry[]; closingBalance: string } {
  const zero = addAmounts(currency, '0');
  let balance = addAmounts(currency, openingBalance);
  const sorted = [...events].sort((a, b) => a.at.getTime() - b.at.getTime() || ORDER[a.kind] - ORDER[b.kind] || a.id.localeCompare(b.id));
  const entries = sorted.map(({ amount, ...event }) => {
    const raises = RAISES[event.kind];
    balance = raises ? addAmounts(currency, balance, amount) : subtractAmounts(currency, balance, amount);
    return {
      ...event,
      debit: raises ? addAmounts(currency, amount) : zero,
      credit: raises ? zero : addAmounts(currency, amount),
      balance,
    };
  });
  return { entries, closingBalance: balance };
}

/** The balance the events before a statement's period leave (its opening balance). */
export const balanceOfEvents = (events: readonly StatementEvent[], currency: string): string =>
  buildStatement(events, currency).closingBalance;
