import { foreignKey, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { instant, tenantColumns, tenantPrimaryKey, tenantReference } from './columns.js';
import { notificationChannelEnum, notificationStatusEnum } from './enums.js';
import { clinics } from './clinics.js';
import { appointments } from './appointments.js';
import { invoices } from './billing.js';
import { patients } from './patients.js';

/**
 * One outgoing email or SMS. The row exists before anything is sent (status pending, scheduled_for); a
 * worker claims it (sending, claimed_by/claimed_at: a lease held by a live worker), hands it to the
 * provider and marks it sent. idempotency_key names the logical message (one reminder per appointment
 * version, offset and channel), so scheduling twice creates nothing new.
 */
export const notifications = pgTable(
  'notifications',
  {
    ...tenantColumns(),
    /** email or sms (the seed's `type`) */
    type: notificationChannelEnum('type').notNull(),
    /** the provider that carried it (the seed's `channel`) */
    channel: text('channel').notNull(),
    template: text('template').notNull(),
    locale: text('locale').notNull().default('en'),
    recipient: text('recipient').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    patientId: text('patient_id'),
    appointmentId: text('appointment_id'),
    invoiceId: text('invoice_id'),
    idempotencyKey: text('idempotency_key').notNull(),
    status: notificationStatusEnum('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    scheduledFor: instant('scheduled_for'),
    sentAt: instant('sent_at'),
    error: text('error'),
    /** What was sent, rendered at send time (secrets such as invite links redacted). */
    subject: text('subject'),
    body: text('body'),
    /** The worker pool that holds the 'sending' lease, and since when. */
    claimedBy: text('claimed_by'),
    claimedAt: instant('claimed_at'),
    /** The provider's id or reply for the accepted message (SMTP response, Twilio SID, Unifonic MessageID). */
    providerMessageId: text('provider_message_id'),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    tenantPrimaryKey(t),
    foreignKey({ name: 'notifications_clinic_fk', columns: [t.clinicId], foreignColumns: [clinics.id] }),
    tenantReference('notifications_patient_fk', { clinicId: t.clinicId, column: t.patientId }, patients),
    tenantReference('notifications_appointment_fk', { clinicId: t.clinicId, column: t.appointmentId }, appointments),
    tenantReference('notifications_invoice_fk', { clinicId: t.clinicId, column: t.invoiceId }, invoices),
    // No index contains status: a row changes status twice while it is sent, and with no indexed column
    // changed PostgreSQL updates it in place (HOT, with fillfactor 70 from migration 0014).
    index('notifications_schedule_idx').on(t.clinicId, t.scheduledFor),
    index('notifications_appointment_idx').on(t.clinicId, t.appointmentId),
    index('notifications_patient_idx').on(t.clinicId, t.patientId),
    uniqueIndex('notifications_idempotency_key').on(t.clinicId, t.idempotencyKey),
  ],
);
