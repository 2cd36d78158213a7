import { z } from 'zod';
import { NOTIFICATION_CHANNELS, NOTIFICATION_STATUSES } from '../db/schema/enums.js';
import { idView, pageQuerySchema, problemSchema } from '../common/schemas.js';

const idFilter = z.uuid({ message: 'Must be an id' }).optional();

export const listNotificationsQuerySchema = pageQuerySchema.extend({
  appointmentId: idFilter,
  invoiceId: idFilter,
  patientId: idFilter,
  status: z.enum(NOTIFICATION_STATUSES).optional(),
});
export type ListNotificationsQuery = z.infer<typeof listNotificationsQuerySchema>;

export const notificationViewSchema = z.object({
  id: idView,
  /** email or sms */
  type: z.enum(NOTIFICATION_CHANNELS),
  /** The provider that carried it, or will: smtp, twilio, unifonic, log, or outbox (kept here, not delivered). */
  channel: z.string(),
  /** appointment_reminder, staff_invite, invoice */
  template: z.string(),
  locale: z.string(),
  recipient: z.string(),
  status: z.enum(NOTIFICATION_STATUSES),
  scheduledFor: z.iso.datetime().nullable(),
  sentAt: z.iso.datetime().nullable(),
  /** Sending attempts so far. */
  attempts: z.number().int(),
  /** Why it failed, was skipped or cancelled (the last error while it is retried). */
  error: z.string().nullable(),
  appointmentId: idView.nullable(),
  invoiceId: idView.nullable(),
  patientId: idView.nullable(),
  /** What was sent (kept once sent; links with secrets are removed). */
  subject: z.string().nullable(),
  body: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type NotificationView = z.infer<typeof notificationViewSchema>;

export const notificationListSchema = z.object({ items: z.array(notificationViewSchema), nextCursor: z.string().nullable() });

export const deliveryChannelsSchema = z.object({
  /** 'smtp', or 'outbox' when SMTP_URL is not set (emails are kept, not delivered). */
  email: z.string(),
  /** 'twilio', 'unifonic', 'log', or 'outbox' when SMS_PROVIDER is not set. */
  sms: z.string(),
});
export type DeliveryChannels = z.infer<typeof deliveryChannelsSchema>;

/** 409 of a retry: the message is not failed; its current status. */
export const retryConflictProblemSchema = problemSchema.extend({
  currentStatus: z.enum(NOTIFICATION_STATUSES).optional(),
});
