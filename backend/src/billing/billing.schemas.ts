import { isPositiveAmount } from '@dental/shared';
import { z } from 'zod';
import { PAYMENT_METHODS } from '../db/schema/billing.js';
import { INVOICE_STATUSES, PAYMENT_STATUSES } from '../db/schema/enums.js';
import { amountSchema, moneyView } from '../common/money.js';
import {
  atLeastOneField,
  displayNameSchema,
  emailSchema,
  idView,
  instantSchema,
  localeSchema,
  pageQuerySchema,
  problemSchema,
} from '../common/schemas.js';

const uuid = z.uuid({ message: 'Must be an id' });
const instant = instantSchema;
const positiveAmount = amountSchema.refine(isPositiveAmount, {
  message: 'Must be more than zero',
  when: (payload) => payload.issues.length === 0,
});
const quantity = z.number().int('Must be a whole number').min(1).max(10_000);
const vatCategory = z.enum(['S', 'Z']).meta({ description: 'S: standard rate; Z: zero-rated (VATEX-SA-HEA, Saudi citizens)' });
const text = (max: number) => z.string().trim().min(1, 'Required').max(max);

const lineInputSchema = z.strictObject({
  /** A catalog service: the line takes its name, Arabic name and price unless given. */
  serviceId: uuid.optional(),
  /** Printed on the tax invoice: no control or text-direction override characters (as for names). */
  description: displayNameSchema(300).optional(),
  descriptionAr: displayNameSchema(300).nullable().optional(),
  quantity,
  /** VAT-exclusive price of one unit. */
  unitPrice: amountSchema.optional(),
  /** Defaults to Z for a Saudi patient when the clinic zero-rates citizens' healthcare, else S. */
  vatCategory: vatCategory.optional(),
});

const invoiceFields = {
  items: z.array(lineInputSchema).max(100).optional(),
  /** When payment is due; an invoice issued without one is due after the clinic's payment terms. */
  dueAt: instant.nullable().optional(),
  notes: text(2000).nullable().optional(),
};

export const createInvoiceSchema = z.strictObject({
  patientId: uuid,
  /** The visit charged for; without items, its service becomes the line. */
  appointmentId: uuid.optional(),
  ...invoiceFields,
});
export type CreateInvoice = z.infer<typeof createInvoiceSchema>;

/** Drafts only; `items` replaces all lines. */
export const updateInvoiceSchema = z
  .strictObject(invoiceFields)
  .refine(atLeastOneField.check, atLeastOneField.params)
  .meta(atLeastOneField.meta);
export type UpdateInvoice = z.infer<typeof updateInvoiceSchema>;

export const listInvoicesQuerySchema = pageQuerySchema.extend({
  status: z.enum(INVOICE_STATUSES).optional(),
  patientId: uuid.optional(),
  appointmentId: uuid.optional(),
  /** Dated (issued, or created while a draft) at or after. */
  from: instant.optional(),
  /** Dated before. */
  to: instant.optional(),
});
export type ListInvoicesQuery = z.infer<typeof listInvoicesQuerySchema>;

export const recordPaymentSchema = z.strictObject({
  amount: positiveAmount,
  method: z.enum(PAYMENT_METHODS),
  /** Card slip, transfer or insurer claim reference. */
  reference: displayNameSchema(120).nullable().optional(),
  /** When the money was received; defaults to now, never in the future. */
  receivedAt: instant.optional(),
});
export type RecordPayment = z.infer<typeof recordPaymentSchema>;

/** "Email invoice": to the patient's address unless another is given. */
export const sendInvoiceSchema = z.strictObject({
  /** Another address to send it to (an insurer, a parent); the patient's email when absent. */
  to: emailSchema.optional(),
});
export type SendInvoice = z.infer<typeof sendInvoiceSchema>;

/** A client-chosen key per payment, refund or credit-note attempt (a UUID is fine): a retry with the same key records nothing new. */
export const idempotencyKeySchema = z
  .string({ message: 'The Idempotency-Key header is required' })
  .trim()
  .min(8, 'Must be at least 8 characters')
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'Printable ASCII without spaces');

export const refundSchema = z.strictObject({ amount: positiveAmount, reason: text(500) });
export type RefundInput = z.infer<typeof refundSchema>;

export const creditNoteInputSchema = z.strictObject({
  reason: text(1000),
  /** Lines to credit; without it, everything left on the invoice is credited. */
  items: z
    .array(
      z
        .strictObject({
          invoiceItemId: uuid,
          /** Units to credit at the line's price. */
          quantity: quantity.optional(),
          /** A net (VAT-exclusive) amount to credit instead; neither: what is left of the line. */
          amount: positiveAmount.optional(),
        })
        .refine((item) => item.quantity === undefined || item.amount === undefined, 'Give quantity or amount, not both'),
    )
    .min(1)
    .max(100)
    .optional(),
});
export type CreditNoteInput = z.infer<typeof creditNoteInputSchema>;

export const documentQuerySchema = z.strictObject({ locale: localeSchema.optional() });
export type DocumentQuery = z.infer<typeof documentQuerySchema>;

export const statementQuerySchema = z.strictObject({ from: instant.optional(), to: instant.optional() });
export type StatementQuery = z.infer<typeof statementQuerySchema>;

export const summaryQuerySchema = z.strictObject({ from: instant, to: instant });
export type SummaryQuery = z.infer<typeof summaryQuerySchema>;

/** 409 appointment-already-invoiced names the invoice the visit already has (null if it could not be read). */
export const invoiceConflictProblemSchema = problemSchema.extend({ invoiceId: idView.nullable().optional() });
/** 422 tax-profile-incomplete names the clinic settings issuing needs. */
export const issueProblemSchema = problemSchema.extend({ missing: z.array(z.string()).optional() });
/** 422 amount-exceeds-balance names what is still due. */
export const paymentProblemSchema = problemSchema.extend({ balanceDue: moneyView.optional() });
/** 422 amount-exceeds-refundable names what is left to refund. */
export const refundProblemSchema = problemSchema.extend({ refundable: moneyView.optional() });

// Responses

const money = moneyView;
const id = idView;
const currency = z.string().regex(/^[A-Z]{3}$/);

export const zatcaViewSchema = z.object({
  /** The document's UUID (KSA-1). */
  uuid: z.uuid(),
  /** Invoice counter value (KSA-16): the document's place in the clinic's chain. */
  icv: z.number().int(),
  /** Base64 TLV of ZATCA's phase-1 QR code (seller, VAT number, time, total, VAT). */
  qr: z.string(),
  invoiceHash: z.string(),
  previousHash: z.string(),
});
export type ZatcaView = z.infer<typeof zatcaViewSchema>;

export const invoiceItemViewSchema = z.object({
  id,
  serviceId: id.nullable(),
  description: z.string(),
  descriptionAr: z.string().nullable(),
  quantity: z.number().int(),
  unitPrice: money,
  vatCategory,
  vatExemptionCode: z.string().nullable(),
  /** Percent */
  vatRate: z.string(),
  netAmount: money,
  vatAmount: money,
  /** net + VAT */
  lineTotal: money,
  /** Taken back by credit notes (net + VAT). */
  creditedAmount: money,
});

export const refundViewSchema = z.object({
  id,
  paymentId: id,
  invoiceId: id,
  amount: money,
  reason: z.string(),
  refundedAt: z.iso.datetime(),
  createdById: id.nullable(),
});
export type RefundView = z.infer<typeof refundViewSchema>;

export const paymentViewSchema = z.object({
  id,
  invoiceId: id,
  amount: money,
  currency,
  method: z.enum(PAYMENT_METHODS),
  reference: z.string().nullable(),
  status: z.enum(PAYMENT_STATUSES),
  receivedAt: z.iso.datetime(),
  receivedById: id.nullable(),
  refundedAmount: money,
  refunds: z.array(refundViewSchema),
  createdAt: z.iso.datetime(),
});
export type PaymentView = z.infer<typeof paymentViewSchema>;

export const creditNoteItemViewSchema = z.object({
  id,
  invoiceItemId: id,
  description: z.string(),
  descriptionAr: z.string().nullable(),
  quantity: z.number().int(),
  unitPrice: money,
  vatCategory,
  vatRate: z.string(),
  netAmount: money,
  vatAmount: money,
  lineTotal: money,
});

const creditNoteSummaryFields = {
  id,
  number: z.string(),
  invoiceId: id,
  reason: z.string(),
  currency,
  subtotal: money,
  vatTotal: money,
  total: money,
  issuedAt: z.iso.datetime(),
};
export const creditNoteSummarySchema = z.object(creditNoteSummaryFields);
export type CreditNoteSummary = z.infer<typeof creditNoteSummarySchema>;

export const creditNoteViewSchema = z.object({
  ...creditNoteSummaryFields,
  invoiceNumber: z.string(),
  patientId: id,
  items: z.array(creditNoteItemViewSchema),
  zatca: zatcaViewSchema,
});
export type CreditNoteView = z.infer<typeof creditNoteViewSchema>;

const invoiceSummaryFields = {
  id,
  /** Null while a draft. */
  number: z.string().nullable(),
  /** OVERDUE: issued, past dueAt, with a balance. */
  status: z.enum(INVOICE_STATUSES),
  patientId: id,
  patientName: z.string(),
  appointmentId: id.nullable(),
  currency,
  subtotal: money,
  vatTotal: money,
  total: money,
  /** Received less refunded. */
  amountPaid: money,
  creditedAmount: money,
  /** total - credited - paid; negative while the clinic owes the patient a refund. */
  balanceDue: money,
  issuedAt: z.iso.datetime().nullable(),
  dueAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
};
export const invoiceSummarySchema = z.object(invoiceSummaryFields);
export type InvoiceSummary = z.infer<typeof invoiceSummarySchema>;
export const invoiceListSchema = z.object({ items: z.array(invoiceSummarySchema), nextCursor: z.string().nullable() });

export const invoiceViewSchema = z.object({
  ...invoiceSummaryFields,
  items: z.array(invoiceItemViewSchema),
  notes: z.string().nullable(),
  payments: z.array(paymentViewSchema),
  creditNotes: z.array(creditNoteSummarySchema),
  /** ZATCA e-invoice data; null while a draft. */
  zatca: zatcaViewSchema.nullable(),
  updatedAt: z.iso.datetime(),
});
export type InvoiceView = z.infer<typeof invoiceViewSchema>;

export const statementEntrySchema = z.object({
  kind: z.enum(['invoice', 'payment', 'refund', 'credit_note']),
  /** The invoice's, payment's, refund's or credit note's id. */
  id,
  at: z.iso.datetime(),
  invoiceId: id,
  invoiceNumber: z.string(),
  /** The document's number, the payment's reference, or the refund's reason. */
  reference: z.string().nullable(),
  /** Payments: cash, card, ...; null for other entries. */
  method: z.enum(PAYMENT_METHODS).nullable(),
  debit: money,
  credit: money,
  /** What the patient owes after this entry (negative: the clinic owes the patient). */
  balance: money,
});
export const statementSchema = z.object({
  patientId: id,
  currency,
  from: z.iso.datetime().nullable(),
  to: z.iso.datetime().nullable(),
  openingBalance: money,
  closingBalance: money,
  entries: z.array(statementEntrySchema),
});
export type StatementView = z.infer<typeof statementSchema>;

export const billingSummarySchema = z.object({
  currency,
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  /** Invoices dated in the period (issued in it, or drafts created in it), by status as shown. */
  invoices: z.array(z.object({ status: z.enum(INVOICE_STATUSES), count: z.number().int(), total: money, balanceDue: money })),
  /** Money received in the period less refunds given in it. */
  collections: z.object({
    received: money,
    refunded: money,
    net: money,
    payments: z.number().int(),
    byMethod: z.array(z.object({ method: z.enum(PAYMENT_METHODS), amount: money, payments: z.number().int() })),
  }),
});
export type BillingSummary = z.infer<typeof billingSummarySchema>;
