'use client';

import { Badge } from '@chakra-ui/react';
import { useTranslations } from 'next-intl';
import type { Notification, NotificationStatus } from '@/api/types';

const COLOR: Record<NotificationStatus, string> = {
  pending: 'blue',
  sending: 'purple',
  sent: 'green',
  failed: 'red',
  cancelled: 'gray',
  skipped: 'yellow',
};

/** A message's state; one "sent" to the outbox (no provider configured) says so, since nobody received it. */
export function NotificationStatusBadge({ notification }: { notification: Pick<Notification, 'status' | 'channel'> }) {
  const t = useTranslations('notifications.status');
  const inOutbox = notification.status === 'sent' && notification.channel === 'outbox';
  return (
    <Badge colorPalette={inOutbox ? 'orange' : COLOR[notification.status]} data-testid="notification-status">
      {inOutbox ? t('outbox') : t(notification.status)}
    </Badge>
  );
}

/** "Appointment reminder", "Staff invitation", or the template's own name for one this app does not know. */
export function useTemplateName() {
  const t = useTranslations('notifications.template');
  return (template: string) => (isKnownTemplate(template) ? t(template) : template);
}

const TEMPLATES = ['appointment_reminder', 'staff_invite', 'invoice'] as const;
const isKnownTemplate = (template: string): template is (typeof TEMPLATES)[number] => (TEMPLATES as readonly string[]).includes(template);

const PROVIDERS = ['smtp', 'twilio', 'unifonic', 'log', 'outbox'] as const;
const isKnownProvider = (provider: string): provider is (typeof PROVIDERS)[number] => (PROVIDERS as readonly string[]).includes(provider);

/** The provider that carried a message, by name. */
export function useProviderName() {
  const t = useTranslations('notifications.providerName');
  return (provider: string) => (isKnownProvider(provider) ? t(provider) : provider);
}
