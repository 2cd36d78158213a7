import { z } from 'zod';
import { REMINDER_CHANNELS } from '../clinics/clinic-settings.js';
import { notificationViewSchema } from './notifications.schemas.js';

export const sendReminderSchema = z.strictObject({
  /** Default: every channel the patient has an address for. */
  channels: z
    .array(z.enum(REMINDER_CHANNELS))
    .min(1)
    .refine((c) => new Set(c).size === c.length, 'Each channel may appear once')
    .meta({ uniqueItems: true })
    .optional(),
});
export type SendReminder = z.infer<typeof sendReminderSchema>;

export const sentRemindersSchema = z.object({ items: z.array(notificationViewSchema) });

export const reminderPreviewSchema = z.object({
  items: z.array(
    z.object({
      locale: z.enum(['en', 'ar']),
      channel: z.enum(REMINDER_CHANNELS),
      subject: z.string().nullable(),
      text: z.string(),
    }),
  ),
});
export type ReminderPreview = z.infer<typeof reminderPreviewSchema>;
