import { APPOINTMENT_STATUSES, ROLES } from '@dental/shared';
import { pgEnum } from 'drizzle-orm/pg-core';

export { APPOINTMENT_STATUSES, ROLES, type AppointmentStatus, type Role } from '@dental/shared';
export const roleEnum = pgEnum('role', ROLES);

export const USER_STATUSES = ['active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];
export const userStatusEnum = pgEnum('user_status', USER_STATUSES);

export const appointmentStatusEnum = pgEnum('appointment_status', APPOINTMENT_STATUSES);

export const INVOICE_STATUSES = ['DRAFT', 'SENT', 'PARTIALLY_PAID', 'PAID', 'OVERDUE', 'VOID'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export const invoiceStatusEnum = pgEnum('invoice_status', INVOICE_STATUSES);

export const PAYMENT_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED', 'REFUNDED'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export const paymentStatusEnum = pgEnum('payment_status', PAYMENT_STATUSES);

export const SCHEDULE_INTERVAL_KINDS = ['work', 'break'] as const;
export const scheduleIntervalKindEnum = pgEnum('schedule_interval_kind', SCHEDULE_INTERVAL_KINDS);

export const SCHEDULE_EXCEPTION_KINDS = ['vacation', 'sick', 'unavailable', 'extra_hours'] as const;
export const scheduleExceptionKindEnum = pgEnum('schedule_exception_kind', SCHEDULE_EXCEPTION_KINDS);

export const NOTIFICATION_CHANNELS = ['email', 'sms'] as const;
export const notificationChannelEnum = pgEnum('notification_channel', NOTIFICATION_CHANNELS);

/**
 * pending: waits for its time (or a retry); sending: claimed by a worker that is handing it to the provider;
 * sent: accepted by the provider (or kept in the outbox when none is configured); failed: given up, error kept;
 * cancelled: no longer wanted (appointment moved or cancelled); skipped: not sendable (opted out, no address, too late).
 */
export const NOTIFICATION_STATUSES = ['pending', 'sending', 'sent', 'failed', 'cancelled', 'skipped'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];
export const notificationStatusEnum = pgEnum('notification_status', NOTIFICATION_STATUSES);
