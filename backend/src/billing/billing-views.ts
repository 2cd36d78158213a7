import { addAmounts } from '@dental/shared';
import { Decimal } from 'decimal.js';
import { formatAmount } from '../common/money.js';
import type { PaymentMethod } from '../db/schema/billing.js';
import type {
  CreditNoteSummary,
  CreditNoteView,
  InvoiceSummary,
  InvoiceView,
  PaymentView,
  RefundView,
  ZatcaView,
} from './billing.schemas.js';
import type { CreditNoteItemRow, CreditNoteRow } from './documents.repository.js';
import type { DocumentLine, VatCategory } from './documents.js';
import type { InvoiceItemRow, InvoiceWithPatient } from './invoices.repository.js';
import { displayedStatus } from './invoice-status.js';
import type { PaymentRow, RefundRow } from './payments.repository.js';

/** Rows as the API shows them: amounts in the currency's decimals, rates in percent with two. */
const percent = (rate: string) => new Decimal(rate).toFixed(2);

export const documentNumber = (series: 'invoice' | 'credit_note', sequence: number): string =>
  `${series === 'invoice' ? 'INV' : 'CN'}-${String(sequence).padStart(6, '0')}`;

export function toInvoiceSummary(row: InvoiceWithPatient, now: Date): InvoiceSummary {
  const money = (amount: string) => formatAmount(amount, row.currency);
  return {
    id: row.id,
    number: row.number,
    status: displayedStatus(row, now),
    patientId: row.patientId,
    patientName: row.patientName,
    appointmentId: row.appointmentId,
    currency: row.currency,
    subtotal: money(row.subtotalAmount),
    vatTotal: money(row.vatAmount),
    total: money(row.totalAmount),
    amountPaid: money(row.amountPaid),
    creditedAmount: money(row.creditedAmount),
    balanceDue: money(row.balanceDue),
    issuedAt: row.issuedAt?.toISOString() ?? null,
    dueAt: row.dueAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export interface InvoiceParts {
  items: InvoiceItemRow[];
  payments: PaymentRow[];
  refunds: RefundRow[];
  creditNotes: CreditNoteRow[];
  zatca: ZatcaView | null;
}

export function toInvoiceView(row: InvoiceWithPatient, parts: InvoiceParts, now: Date): InvoiceView {
  const money = (amount: string) => formatAmount(amount, row.currency);
  return {
    ...toInvoiceSummary(row, now),
    items: parts.items.map((item) => ({
      id: item.id,
      serviceId: item.serviceId,
      description: item.description,
      descriptionAr: item.descriptionAr,
      quantity: item.quantity,
      unitPrice: money(item.unitPrice),
      vatCategory: item.vatCategory as VatCategory,
      vatExemptionCode: item.vatExemptionCode,
      vatRate: percent(item.vatRate),
      netAmount: money(item.netAmount),
      vatAmount: money(item.vatAmount),
      lineTotal: money(item.total),
      creditedAmount: addAmounts(row.currency, item.creditedNet, item.creditedVat),
    })),
    notes: row.notes,
    payments: parts.payments.map((payment) =>
      toPaymentView(
        payment,
        parts.refunds.filter((refund) => refund.paymentId === payment.id),
      ),
    ),
    creditNotes: parts.creditNotes.map(toCreditNoteSummary),
    zatca: parts.zatca,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toRefundView(row: RefundRow, currency: string): RefundView {
  return {
    id: row.id,
    paymentId: row.paymentId,
    invoiceId: row.invoiceId,
    amount: formatAmount(row.amount, currency),
    reason: row.reason,
    refundedAt: row.refundedAt.toISOString(),
    createdById: row.createdById,
  };
}

export function toPaymentView(row: PaymentRow, refunds: RefundRow[]): PaymentView {
  return {
    id: row.id,
    invoiceId: row.invoiceId,
    amount: formatAmount(row.amount, row.currency),
    currency: row.currency,
    method: row.method as PaymentMethod,
    reference: row.providerRef,
    status: row.status,
    receivedAt: (row.processedAt ?? row.createdAt).toISOString(),
    receivedById: row.receivedById,
    refundedAmount: formatAmount(row.refundedAmount, row.currency),
    refunds: refunds.map((refund) => toRefundView(refund, row.currency)),
    createdAt: row.createdAt.toISOString(),
  };
}

export function toCreditNoteSummary(row: CreditNoteRow): CreditNoteSummary {
  const money = (amount: string) => formatAmount(amount, row.currency);
  return {
    id: row.id,
    number: row.number,
    invoiceId: row.invoiceId,
    reason: row.reason,
    currency: row.currency,
    subtotal: money(row.subtotalAmount),
    vatTotal: money(row.vatAmount),
    total: money(row.totalAmount),
    issuedAt: row.issuedAt.toISOString(),
  };
}

export function toCreditNoteView(
  row: CreditNoteRow & { invoiceNumber: string; patientId: string },
  items: CreditNoteItemRow[],
  zatca: ZatcaView,
): CreditNoteView {
  const money = (amount: string) => formatAmount(amount, row.currency);
  return {
    ...toCreditNoteSummary(row),
    invoiceNumber: row.invoiceNumber,
    patientId: row.patientId,
    items: items.map((item) => ({
      id: item.id,
      invoiceItemId: item.invoiceItemId,
      description: item.description,
      descriptionAr: item.descriptionAr,
      quantity: item.quantity,
      unitPrice: money(item.unitPrice),
      vatCategory: item.vatCategory as VatCategory,
      vatRate: percent(item.vatRate),
      netAmount: money(item.netAmount),
      vatAmount: money(item.vatAmount),
      lineTotal: money(item.total),
    })),
    zatca,
  };
}

export const toZatcaView = (row: { id: string; icv: number; qr: string; invoiceHash: string; previousHash: string }): ZatcaView => ({
  uuid: row.id,
  icv: row.icv,
  qr: row.qr,
  invoiceHash: row.invoiceHash,
  previousHash: row.previousHash,
});

/** A stored line (invoice or credit note) as the documents print it. */
export function toDocumentLine(
  row: Pick<
    InvoiceItemRow,
    | 'description'
    | 'descriptionAr'
    | 'quantity'
    | 'unitPrice'
    | 'vatCategory'
    | 'vatExemptionCode'
    | 'vatRate'
    | 'netAmount'
    | 'vatAmount'
    | 'total'
  >,
  currency: string,
): DocumentLine {
  const money = (amount: string) => formatAmount(amount, currency);
  return {
    description: row.description,
    descriptionAr: row.descriptionAr,
    quantity: row.quantity,
    unitPrice: money(row.unitPrice),
    vatCategory: row.vatCategory as VatCategory,
    vatExemptionCode: row.vatExemptionCode,
    vatRate: percent(row.vatRate),
    netAmount: money(row.netAmount),
    vatAmount: money(row.vatAmount),
    total: money(row.total),
  };
}
