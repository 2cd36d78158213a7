import { compareAmounts, isPositiveAmount, subtractAmounts } from '@dental/shared';
import type { InvoiceStatus } from '../db/schema/enums.js';

/**
 * An invoice's status, decided in one place. DRAFT until issued; then by its amounts: VOID once credit
 * notes took back all of it, PAID once nothing is left to pay, PARTIALLY_PAID after a first payment, SENT
 * before one. OVERDUE is never stored: an open invoice whose due date has passed reads as OVERDUE
 * (`displayedStatus`); the daily job `invoices-overdue` only records when it fell overdue.
 */
export type StoredInvoiceStatus = Exclude<InvoiceStatus, 'OVERDUE'>;

export interface InvoiceAmounts {
  currency: string;
  total: string;
  credited: string;
  /** Received less refunded. */
  paid: string;
}

/** total - credited - paid: negative while the clinic owes the patient (credited after payment, not yet refunded). */
export const balanceOf = (amounts: InvoiceAmounts): string =>
  subtractAmounts(amounts.currency, amounts.total, amounts.credited, amounts.paid);

/** The status of an issued invoice with these amounts. */
export function issuedStatus(amounts: InvoiceAmounts): StoredInvoiceStatus {
  if (isPositiveAmount(amounts.total) && compareAmounts(amounts.credited, amounts.total) === 0) return 'VOID';
  if (!isPositiveAmount(balanceOf(amounts))) return 'PAID';
  return isPositiveAmount(amounts.paid) ? 'PARTIALLY_PAID' : 'SENT';
}

export interface StatusFacts {
  status: StoredInvoiceStatus | InvoiceStatus;
  balanceDue: string;
  dueAt: Date | null;
}

/** Whether an open invoice is past its due date with money still owed. */
export const isOverdue = (invoice: StatusFacts, now: Date): boolean =>
  (invoice.status === 'SENT' || invoice.status === 'PARTIALLY_PAID' || invoice.status === 'OVERDUE') &&
  isPositiveAmount(invoice.balanceDue) &&
  invoice.dueAt !== null &&
  invoice.dueAt.getTime() < now.getTime();

/** The status to show: the stored one, or OVERDUE when the invoice is overdue now. */
export const displayedStatus = (invoice: StatusFacts, now: Date): InvoiceStatus => (isOverdue(invoice, now) ? 'OVERDUE' : invoice.status);
