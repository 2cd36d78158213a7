import { check, foreignKey, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { instant, money, tenantColumns, tenantPrimaryKey, tenantReference, timestamps } from './columns.js';
import { invoiceStatusEnum, paymentStatusEnum } from './enums.js';
import { clinics } from './clinics.js';
import { patients } from './patients.js';
import { appointments } from './appointments.js';
import { services } from './catalog.js';
import { users } from './users.js';

export const invoices = pgTable(
  'invoices',
  {
    ...tenantColumns(),
    number: text('number').notNull(),
    patientId: text('patient_id').notNull(),
    appointmentId: text('appointment_id'),
    status: invoiceStatusEnum('status').notNull().default('DRAFT'),
    currency: text('currency').notNull().default('SAR'),
    subtotalAmount: money('subtotal_amount').notNull().default('0'),
    vatAmount: money('vat_amount').notNull().default('0'),
    totalAmount: money('total_amount').notNull().default('0'),
    amountPaid: money('amount_paid').notNull().default('0'),
    balanceDue: money('balance_due').notNull().default('0'),
    issuedAt: instant('issued_at'),
    dueAt: instant('due_at'),
    ...timestamps(),
  },
  (t) => [
    tenantPrimaryKey(t),
    foreignKey({ name: 'invoices_clinic_fk', columns: [t.clinicId], foreignColumns: [clinics.id] }),
    tenantReference('invoices_patient_fk', { clinicId: t.clinicId, column: t.patientId }, patients),
    tenantReference('invoices_appointment_fk', { clinicId: t.clinicId, column: t.appointmentId }, appointments),
    uniqueIndex('invoices_number_key').on(t.clinicId, t.number),
    index('invoices_patient_idx').on(t.clinicId, t.patientId),
    check('invoices_amounts_non_negative', sql`${t.totalAmount} >= 0 and ${t.amountPaid} >= 0 and ${t.balanceDue} >= 0`),
  ],
);

export const invoiceItems = pgTable(
  'invoice_items',
  {
    ...tenantColumns(),
    invoiceId: text('invoice_id').notNull(),
    serviceId: text('service_id'),
    description: text('description').notNull(),
    quantity: integer('quantity').notNull().default(1),
    unitPrice: money('unit_price').notNull(),
    vatRate: money('vat_rate').notNull().default('0'),
    total: money('total').notNull(),
  },
  (t) => [
    tenantPrimaryKey(t),
    tenantReference('invoice_items_invoice_fk', { clinicId: t.clinicId, column: t.invoiceId }, invoices),
    tenantReference('invoice_items_service_fk', { clinicId: t.clinicId, column: t.serviceId }, services),
    index('invoice_items_invoice_idx').on(t.clinicId, t.invoiceId),
    check('invoice_items_quantity_positive', sql`${t.quantity} > 0`),
  ],
);

export const payments = pgTable(
  'payments',
  {
    ...tenantColumns(),
    invoiceId: text('invoice_id').notNull(),
    amount: money('amount').notNull(),
    currency: text('currency').notNull().default('SAR'),
    status: paymentStatusEnum('status').notNull().default('PENDING'),
    /** cash, card, bank_transfer or a provider's name */
    method: text('method').notNull(),
    providerRef: text('provider_ref'),
    processedAt: instant('processed_at'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>(),
    receivedById: text('received_by_id'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    tenantPrimaryKey(t),
    tenantReference('payments_invoice_fk', { clinicId: t.clinicId, column: t.invoiceId }, invoices),
    tenantReference('payments_received_by_fk', { clinicId: t.clinicId, column: t.receivedById }, users),
    index('payments_invoice_idx').on(t.clinicId, t.invoiceId),
    check('payments_amount_positive', sql`${t.amount} > 0`),
  ],
);
