import { bigint, check, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { instant, money, tenantColumns, tenantPrimaryKey, tenantReference, timestamps } from './columns.js';
import { invoiceStatusEnum, paymentStatusEnum } from './enums.js';
import { clinics } from './clinics.js';
import { patients } from './patients.js';
import { appointments } from './appointments.js';
import { services } from './catalog.js';
import { users } from './users.js';

/**
 * An invoice is a draft (no number, freely edited or deleted) until issued; issuing gives it the next
 * number of the clinic's gapless series and freezes it. Afterwards only payments, refunds and credit
 * notes change its paid and credited amounts. balance_due = total - credited - paid (a CHECK), and is
 * negative while the clinic owes the patient money (credited after payment, before the refund).
 */
export const invoices = pgTable(
  'invoices',
  {
    ...tenantColumns(),
    /** INV-000001...; null while a draft. */
    number: text('number'),
    /** The number's counter value in the clinic's invoice series (document_counters). */
    sequence: integer('sequence'),
    patientId: text('patient_id').notNull(),
    appointmentId: text('appointment_id'),
    /** DRAFT, SENT, PARTIALLY_PAID, PAID or VOID as stored; OVERDUE is derived when read (invoice-status.ts). */
    status: invoiceStatusEnum('status').notNull().default('DRAFT'),
    currency: text('currency').notNull().default('SAR'),
    subtotalAmount: money('subtotal_amount').notNull().default('0'),
    vatAmount: money('vat_amount').notNull().default('0'),
    totalAmount: money('total_amount').notNull().default('0'),
    /** Payments received less refunds. */
    amountPaid: money('amount_paid').notNull().default('0'),
    /** Sum of the credit notes' totals. */
    creditedAmount: money('credited_amount').notNull().default('0'),
    balanceDue: money('balance_due').notNull().default('0'),
    issuedAt: instant('issued_at'),
    dueAt: instant('due_at'),
    /** When the daily overdue job recorded that it fell overdue (once per invoice); OVERDUE itself stays derived. */
    overdueNoticedAt: instant('overdue_noticed_at'),
    notes: text('notes'),
    /** The clinic's and the patient's billing details as they were at issue (the PDF prints these). */
    sellerSnapshot: jsonb('seller_snapshot').$type<Record<string, unknown>>(),
    buyerSnapshot: jsonb('buyer_snapshot').$type<Record<string, unknown>>(),
    /** The invoice's date in lists: its issue time, or its creation time while a draft. */
    listedAt: instant('listed_at').generatedAlwaysAs(sql`coalesce(issued_at, created_at)`),
    ...timestamps(),
  },
  (t) => [
    tenantPrimaryKey(t),
    foreignKey({ name: 'invoices_clinic_fk', columns: [t.clinicId], foreignColumns: [clinics.id] }),
    tenantReference('invoices_patient_fk', { clinicId: t.clinicId, column: t.patientId }, patients),
    tenantReference('invoices_appointment_fk', { clinicId: t.clinicId, column: t.appointmentId }, appointments),
    uniqueIndex('invoices_number_key').on(t.clinicId, t.number),
    index('invoices_patient_idx').on(t.clinicId, t.patientId),
    index('invoices_listed_idx').on(t.clinicId, t.listedAt, t.id),
    // Reports: invoices issued in a range (revenue), and the few that are still owed (receivables, the dashboard).
    index('invoices_issued_idx').on(t.clinicId, t.issuedAt),
    index('invoices_open_idx')
      .on(t.clinicId)
      .where(sql`${t.balanceDue} > 0 and ${t.issuedAt} is not null`),
    // One live invoice per visit: a second one would charge the visit twice (a voided one frees it).
    uniqueIndex('invoices_appointment_key')
      .on(t.clinicId, t.appointmentId)
      .where(sql`${t.appointmentId} is not null and ${t.status} <> 'VOID'`),
    // Every invoice of a visit, voided ones too: the revenue ledger follows a reassigned appointment's dentist.
    index('invoices_appointment_idx')
      .on(t.clinicId, t.appointmentId)
      .where(sql`${t.appointmentId} is not null`),
    check(
      'invoices_amounts_non_negative',
      sql`${t.totalAmount} >= 0 and ${t.amountPaid} >= 0 and ${t.creditedAmount} >= 0 and ${t.creditedAmount} <= ${t.totalAmount}`,
    ),
    check('invoices_balance_identity', sql`${t.balanceDue} = ${t.totalAmount} - ${t.creditedAmount} - ${t.amountPaid}`),
    check(
      'invoices_issued_have_numbers',
      sql`(${t.status} = 'DRAFT') = (${t.number} is null) and (${t.number} is null) = (${t.issuedAt} is null)`,
    ),
  ],
);

export const invoiceItems = pgTable(
  'invoice_items',
  {
    ...tenantColumns(),
    invoiceId: text('invoice_id').notNull(),
    /** Line order on the invoice, from 1. */
    position: integer('position').notNull().default(1),
    serviceId: text('service_id'),
    description: text('description').notNull(),
    /** The Arabic description (the service's Arabic name), printed on Arabic invoices. */
    descriptionAr: text('description_ar'),
    quantity: integer('quantity').notNull().default(1),
    unitPrice: money('unit_price').notNull(),
    /** S (standard rate) or Z (zero-rated, with vat_exemption_code). */
    vatCategory: text('vat_category').notNull().default('S'),
    vatExemptionCode: text('vat_exemption_code'),
    /** Percent, e.g. 15.000. */
    vatRate: money('vat_rate').notNull().default('0'),
    netAmount: money('net_amount').notNull().default('0'),
    vatAmount: money('vat_amount').notNull().default('0'),
    /** net + VAT */
    total: money('total').notNull(),
    /** How much of the line credit notes have taken back (net, VAT). */
    creditedNet: money('credited_net').notNull().default('0'),
    creditedVat: money('credited_vat').notNull().default('0'),
  },
  (t) => [
    tenantPrimaryKey(t),
    tenantReference('invoice_items_invoice_fk', { clinicId: t.clinicId, column: t.invoiceId }, invoices),
    tenantReference('invoice_items_service_fk', { clinicId: t.clinicId, column: t.serviceId }, services),
    index('invoice_items_invoice_idx').on(t.clinicId, t.invoiceId),
    check('invoice_items_quantity_positive', sql`${t.quantity} > 0`),
    check('invoice_items_vat_category', sql`${t.vatCategory} in ('S', 'Z')`),
    check('invoice_items_amounts', sql`${t.total} = ${t.netAmount} + ${t.vatAmount} and ${t.netAmount} >= 0 and ${t.vatAmount} >= 0`),
    check('invoice_items_credited', sql`${t.creditedNet} between 0 and ${t.netAmount} and ${t.creditedVat} between 0 and ${t.vatAmount}`),
  ],
);

export const PAYMENT_METHODS = ['cash', 'card', 'bank_transfer', 'insurance', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const payments = pgTable(
  'payments',
  {
    ...tenantColumns(),
    invoiceId: text('invoice_id').notNull(),
    amount: money('amount').notNull(),
    currency: text('currency').notNull().default('SAR'),
    /** SUCCEEDED when recorded; REFUNDED once refunded in full. */
    status: paymentStatusEnum('status').notNull().default('PENDING'),
    /** cash, card, bank_transfer, insurance or other */
    method: text('method').notNull(),
    /** The provider's or bank's reference (card slip, transfer id). */
    providerRef: text('provider_ref'),
    /** When the money was received (the API's receivedAt). */
    processedAt: instant('processed_at'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>(),
    receivedById: text('received_by_id'),
    /** The client's Idempotency-Key and a hash of what it asked for: a retry returns this payment. */
    idempotencyKey: text('idempotency_key'),
    requestHash: text('request_hash'),
    refundedAmount: money('refunded_amount').notNull().default('0'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    tenantPrimaryKey(t),
    tenantReference('payments_invoice_fk', { clinicId: t.clinicId, column: t.invoiceId }, invoices),
    tenantReference('payments_received_by_fk', { clinicId: t.clinicId, column: t.receivedById }, users),
    index('payments_invoice_idx').on(t.clinicId, t.invoiceId),
    index('payments_processed_idx').on(t.clinicId, t.processedAt),
    uniqueIndex('payments_idempotency_key').on(t.clinicId, t.idempotencyKey),
    check('payments_amount_positive', sql`${t.amount} > 0`),
    check('payments_refunded', sql`${t.refundedAmount} between 0 and ${t.amount}`),
    check('payments_method', sql`${t.method} in ('cash', 'card', 'bank_transfer', 'insurance', 'other')`),
  ],
);

/** Money given back against a payment. */
export const paymentRefunds = pgTable(
  'payment_refunds',
  {
    ...tenantColumns(),
    paymentId: text('payment_id').notNull(),
    invoiceId: text('invoice_id').notNull(),
    amount: money('amount').notNull(),
    reason: text('reason').notNull(),
    refundedAt: instant('refunded_at').notNull(),
    createdById: text('created_by_id'),
    /** The client's Idempotency-Key and a hash of what it asked for: a retry returns this refund. */
    idempotencyKey: text('idempotency_key'),
    requestHash: text('request_hash'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    tenantPrimaryKey(t),
    tenantReference('payment_refunds_payment_fk', { clinicId: t.clinicId, column: t.paymentId }, payments),
    tenantReference('payment_refunds_invoice_fk', { clinicId: t.clinicId, column: t.invoiceId }, invoices),
    tenantReference('payment_refunds_created_by_fk', { clinicId: t.clinicId, column: t.createdById }, users),
    index('payment_refunds_payment_idx').on(t.clinicId, t.paymentId),
    index('payment_refunds_invoice_idx').on(t.clinicId, t.invoiceId),
    index('payment_refunds_refunded_idx').on(t.clinicId, t.refundedAt),
    uniqueIndex('payment_refunds_idempotency_key').on(t.clinicId, t.idempotencyKey),
    check('payment_refunds_amount_positive', sql`${t.amount} > 0`),
  ],
);

/** The only correction of an issued invoice: takes back some or all of its lines, with its own gapless series. */
export const creditNotes = pgTable(
  'credit_notes',
  {
    ...tenantColumns(),
    invoiceId: text('invoice_id').notNull(),
    /** CN-000001... */
    number: text('number').notNull(),
    sequence: integer('sequence').notNull(),
    reason: text('reason').notNull(),
    currency: text('currency').notNull(),
    subtotalAmount: money('subtotal_amount').notNull(),
    vatAmount: money('vat_amount').notNull(),
    totalAmount: money('total_amount').notNull(),
    issuedAt: instant('issued_at').notNull(),
    createdById: text('created_by_id'),
    /** The client's Idempotency-Key and a hash of what it asked for: a retry returns this credit note. */
    idempotencyKey: text('idempotency_key'),
    requestHash: text('request_hash'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    tenantPrimaryKey(t),
    tenantReference('credit_notes_invoice_fk', { clinicId: t.clinicId, column: t.invoiceId }, invoices),
    tenantReference('credit_notes_created_by_fk', { clinicId: t.clinicId, column: t.createdById }, users),
    uniqueIndex('credit_notes_number_key').on(t.clinicId, t.number),
    index('credit_notes_invoice_idx').on(t.clinicId, t.invoiceId),
    index('credit_notes_issued_idx').on(t.clinicId, t.issuedAt),
    uniqueIndex('credit_notes_idempotency_key').on(t.clinicId, t.idempotencyKey),
    check('credit_notes_total_positive', sql`${t.totalAmount} > 0 and ${t.totalAmount} = ${t.subtotalAmount} + ${t.vatAmount}`),
  ],
);

export const creditNoteItems = pgTable(
  'credit_note_items',
  {
    ...tenantColumns(),
    creditNoteId: text('credit_note_id').notNull(),
    invoiceItemId: text('invoice_item_id').notNull(),
    position: integer('position').notNull(),
    description: text('description').notNull(),
    descriptionAr: text('description_ar'),
    quantity: integer('quantity').notNull(),
    unitPrice: money('unit_price').notNull(),
    vatCategory: text('vat_category').notNull(),
    vatExemptionCode: text('vat_exemption_code'),
    vatRate: money('vat_rate').notNull(),
    netAmount: money('net_amount').notNull(),
    vatAmount: money('vat_amount').notNull(),
    total: money('total').notNull(),
  },
  (t) => [
    tenantPrimaryKey(t),
    tenantReference('credit_note_items_credit_note_fk', { clinicId: t.clinicId, column: t.creditNoteId }, creditNotes),
    tenantReference('credit_note_items_invoice_item_fk', { clinicId: t.clinicId, column: t.invoiceItemId }, invoiceItems),
    index('credit_note_items_credit_note_idx').on(t.clinicId, t.creditNoteId),
    check('credit_note_items_amounts', sql`${t.total} = ${t.netAmount} + ${t.vatAmount} and ${t.netAmount} >= 0 and ${t.vatAmount} >= 0`),
  ],
);

/**
 * An amount in millionths of the currency unit: exact for every currency (at most 3 decimals) and for a
 * payment's shares over lines (rounded to 6), and summed in integer arithmetic, several times faster
 * than numeric over the ~400k ledger rows of a busy clinic's year.
 */
const micros = (name: string) =>
  bigint(name, { mode: 'bigint' })
    .notNull()
    .default(sql`0`);

/**
 * The revenue ledger, for reports: each issued invoice's money by line, with the dentist (of the invoice's
 * appointment) and the service, dated by the movement. An invoice's lines at its issue (invoiced, VAT), a
 * credit note's lines (taken back), and each payment and refund shared out over the invoice's lines in
 * proportion to their totals (rounded so the shares add up to the amount). The database writes it
 * (migration 0023's triggers on invoices, lines, credit note lines, payments, refunds and an appointment's
 * dentist) by recomputing an invoice's rows from those tables; only those triggers write it (functions
 * owned by the dental_ledger role), the application role may only read it. Revenue by dentist or service then reads one (clinic_id, at) range
 * instead of joining every movement to its invoice, lines and appointment.
 */
export const revenueEntries = pgTable(
  'revenue_entries',
  {
    clinicId: text('clinic_id').notNull(),
    /** The invoice, credit note, payment or refund. */
    sourceId: text('source_id').notNull(),
    /** The invoice line (for a credit note, its own line). */
    lineId: text('line_id').notNull(),
    invoiceId: text('invoice_id').notNull(),
    /** When it counts: the invoice's or credit note's issue, the payment's receipt, the refund. */
    at: instant('at').notNull(),
    dentistId: text('dentist_id'),
    serviceId: text('service_id'),
    invoicedMicros: micros('invoiced_micros'),
    vatMicros: micros('vat_micros'),
    collectedMicros: micros('collected_micros'),
    refundedMicros: micros('refunded_micros'),
  },
  (t) => [
    primaryKey({ columns: [t.clinicId, t.sourceId, t.lineId] }),
    tenantReference('revenue_entries_invoice_fk', { clinicId: t.clinicId, column: t.invoiceId }, invoices).onDelete('cascade'),
    index('revenue_entries_invoice_idx').on(t.clinicId, t.invoiceId),
    // Migration 0023 makes it cover the amounts, dentist and service (INCLUDE): a report is an index-only range scan.
    index('revenue_entries_at_idx').on(t.clinicId, t.at),
  ],
);

/**
 * The last number of each of a clinic's document series ('invoice', 'credit_note'). Issuing increments
 * the row inside the issuing transaction; the row lock serialises issuers, and a rollback gives the
 * number back, so the series has no gaps (a PostgreSQL sequence would leave them).
 */
export const documentCounters = pgTable(
  'document_counters',
  {
    clinicId: text('clinic_id').notNull(),
    series: text('series').notNull(),
    lastValue: integer('last_value').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.clinicId, t.series] }),
    foreignKey({ name: 'document_counters_clinic_fk', columns: [t.clinicId], foreignColumns: [clinics.id] }),
  ],
);

/** ZATCA's invoice counter (ICV) and the hash of the clinic's last e-invoice document (the next one's PIH). */
export const zatcaChains = pgTable(
  'zatca_chains',
  {
    clinicId: text('clinic_id').primaryKey(),
    lastIcv: integer('last_icv').notNull(),
    lastHash: text('last_hash').notNull(),
  },
  (t) => [foreignKey({ name: 'zatca_chains_clinic_fk', columns: [t.clinicId], foreignColumns: [clinics.id] })],
);

/**
 * The UBL 2.1 XML of every issued invoice and credit note, with its place in the clinic's hash chain.
 * Append-only for the application (migration): what was issued is never rewritten.
 */
export const zatcaDocuments = pgTable(
  'zatca_documents',
  {
    ...tenantColumns(),
    /** 'invoice' or 'credit_note'; the id is the document's id (and its UBL UUID). */
    kind: text('kind').notNull(),
    icv: integer('icv').notNull(),
    previousHash: text('previous_hash').notNull(),
    invoiceHash: text('invoice_hash').notNull(),
    qr: text('qr').notNull(),
    xml: text('xml').notNull(),
    issuedAt: instant('issued_at').notNull(),
  },
  (t) => [
    tenantPrimaryKey(t),
    foreignKey({ name: 'zatca_documents_clinic_fk', columns: [t.clinicId], foreignColumns: [clinics.id] }),
    uniqueIndex('zatca_documents_icv_key').on(t.clinicId, t.icv),
    check('zatca_documents_kind', sql`${t.kind} in ('invoice', 'credit_note')`),
  ],
);
