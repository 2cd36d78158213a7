'use client';

import { Button, Flex, Stack, Table, Text } from '@chakra-ui/react';
import { isRemindable } from '@dental/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import type { AppointmentCore } from '@/api/types';
import { FormError, useApiForm, useErrorMessage } from '@/components/form';
import { useFormats } from '@/lib/format';
import { NotificationStatusBadge } from './notification-status';

/** An appointment's reminders (scheduled, sent, cancelled...) and the front desk's "Send reminder". */
export function AppointmentReminders({ appointment }: { appointment: AppointmentCore }) {
  const t = useTranslations('notifications');
  const formats = useFormats();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const queryKey = ['notifications', 'appointment', appointment.id];
  const reminders = useQuery({
    queryKey,
    queryFn: () =>
      call(api.GET('/api/notifications', { params: { query: { appointmentId: appointment.id, limit: 50 } } })).then((page) =>
        [...page.items].sort((a, b) => (a.scheduledFor ?? a.createdAt).localeCompare(b.scheduledFor ?? b.createdAt)),
      ),
    // While one is going out, follow it until it is sent.
    refetchInterval: (query) => (query.state.data?.some((n) => n.status === 'pending' || n.status === 'sending') ? 2000 : false),
  });
  const send = useApiForm(() => call(api.POST('/api/appointments/{id}/remind', { params: { path: { id: appointment.id } }, body: {} })), {
    onSuccess: () => void queryClient.invalidateQueries({ queryKey }),
  });
  // Upcoming as of when the dialog opened (the API decides at the click).
  const [openedAt] = useState(() => Date.now());
  const upcoming = isRemindable(appointment.status) && new Date(appointment.startAt).getTime() > openedAt;
  return (
    <Stack gap="2" data-testid="appointment-reminders">
      <Flex justify="space-between" align="center" gap="2" wrap="wrap">
        <Text fontWeight="semibold">{t('reminders')}</Text>
        {upcoming && (
          <Button
            size="sm"
            variant="outline"
            colorPalette="teal"
            loading={send.submitting}
            onClick={() => void send.run(undefined)}
            data-testid="send-reminder"
          >
            {t('sendReminder')}
          </Button>
        )}
      </Flex>
      <FormError message={send.formError} />
      {reminders.error ? (
        <FormError message={errorMessage(reminders.error)} />
      ) : reminders.data && reminders.data.length === 0 ? (
        <Text fontSize="sm" color="fg.muted">
          {t('noReminders')}
        </Text>
      ) : (
        <Table.Root size="sm">
          <Table.Body>
            {(reminders.data ?? []).map((n) => (
              <Table.Row key={n.id} data-testid="reminder-row" data-status={n.status} data-type={n.type}>
                <Table.Cell>{t(`type.${n.type}`)}</Table.Cell>
                <Table.Cell whiteSpace="nowrap">{formats.dateTime(n.sentAt ?? n.scheduledFor ?? n.createdAt)}</Table.Cell>
                <Table.Cell>
                  <NotificationStatusBadge notification={n} />
                </Table.Cell>
                <Table.Cell>
                  {n.error && (
                    <Text fontSize="xs" color="fg.muted">
                      <bdi>{n.error}</bdi>
                    </Text>
                  )}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table.Root>
      )}
    </Stack>
  );
}
