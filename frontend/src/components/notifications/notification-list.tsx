'use client';

import { Alert, Box, Button, Flex, Stack, Table, Text } from '@chakra-ui/react';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { Fragment, useState } from 'react';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import type { Notification, NotificationStatus } from '@/api/types';
import { FormError, SelectField, useApiForm, useErrorMessage } from '@/components/form';
import { Empty, Loading, PageHeader } from '@/components/page';
import { useFormats } from '@/lib/format';
import { NotificationStatusBadge, useProviderName, useTemplateName } from './notification-status';

const STATUSES: NotificationStatus[] = ['pending', 'sending', 'sent', 'failed', 'cancelled', 'skipped'];
const PAGE = 50;

/** The outbox and log of every message: what went (or waits) to whom, how, and why one failed; failed ones can go again. */
export function NotificationList() {
  const t = useTranslations('notifications');
  const tStatus = useTranslations('notifications.status');
  const errorMessage = useErrorMessage();
  const [status, setStatus] = useState<NotificationStatus | ''>('');
  const channels = useQuery({ queryKey: ['notification-channels'], queryFn: () => call(api.GET('/api/notifications/channels')) });
  const list = useInfiniteQuery({
    queryKey: ['notifications', 'log', status],
    queryFn: ({ pageParam }) =>
      call(api.GET('/api/notifications', { params: { query: { limit: PAGE, status: status || undefined, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    // Messages change state on their own (the worker sends them): keep the page current.
    refetchInterval: 5000,
  });
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const outbox = (['email', 'sms'] as const).filter((channel) => channels.data?.[channel] === 'outbox');

  return (
    <Stack gap="4">
      <PageHeader title={t('title')} />
      {outbox.length > 0 && (
        <Alert.Root status="warning" data-testid="outbox-notice">
          <Alert.Indicator />
          <Alert.Content>
            <Alert.Title>{t('outboxTitle')}</Alert.Title>
            <Alert.Description>{t('outboxExplain', { channels: outbox.map((c) => t(`type.${c}`)).join(' / ') })}</Alert.Description>
          </Alert.Content>
        </Alert.Root>
      )}
      <Box maxW="xs">
        <SelectField
          label={t('filterStatus')}
          name="status"
          value={status}
          onChange={(value) => setStatus(value as NotificationStatus | '')}
          placeholder={t('allStatuses')}
          options={STATUSES.map((s) => ({ value: s, label: tStatus(s) }))}
        />
      </Box>
      {list.error ? (
        <FormError message={errorMessage(list.error)} />
      ) : !list.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty>{t('empty')}</Empty>
      ) : (
        <Box overflowX="auto">
          <Table.Root size="sm" data-testid="notification-list">
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeader>{t('when')}</Table.ColumnHeader>
                <Table.ColumnHeader>{t('message')}</Table.ColumnHeader>
                <Table.ColumnHeader>{t('recipient')}</Table.ColumnHeader>
                <Table.ColumnHeader>{t('statusLabel')}</Table.ColumnHeader>
                <Table.ColumnHeader>{t('attempts')}</Table.ColumnHeader>
                <Table.ColumnHeader>{t('detail')}</Table.ColumnHeader>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {items.map((notification) => (
                <NotificationRow key={notification.id} notification={notification} />
              ))}
            </Table.Body>
          </Table.Root>
        </Box>
      )}
      {list.hasNextPage && (
        <Button variant="outline" alignSelf="flex-start" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('loadMore')}
        </Button>
      )}
    </Stack>
  );
}

function NotificationRow({ notification: n }: { notification: Notification }) {
  const t = useTranslations('notifications');
  const formats = useFormats();
  const templateName = useTemplateName();
  const providerName = useProviderName();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const retry = useApiForm(() => call(api.POST('/api/notifications/{id}/retry', { params: { path: { id: n.id } } })), {
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['notifications'] }),
  });
  const when = n.sentAt ?? n.scheduledFor ?? n.createdAt;
  return (
    <Fragment>
      <Table.Row data-testid="notification-row" data-status={n.status}>
        <Table.Cell whiteSpace="nowrap">
          {formats.dateTime(when)}
          <Text fontSize="xs" color="fg.muted">
            {n.sentAt ? t('sentAt') : t('due')}
          </Text>
        </Table.Cell>
        <Table.Cell>
          {templateName(n.template)}
          <Text fontSize="xs" color="fg.muted">
            {t(`type.${n.type}`)} · {t('provider', { provider: providerName(n.channel) })}
          </Text>
        </Table.Cell>
        <Table.Cell>
          <bdi dir="ltr">{n.recipient}</bdi>
        </Table.Cell>
        <Table.Cell>
          <NotificationStatusBadge notification={n} />
        </Table.Cell>
        <Table.Cell>{formats.number(n.attempts)}</Table.Cell>
        <Table.Cell>
          <Stack gap="1" align="flex-start">
            {n.error && (
              <Text fontSize="sm" color={n.status === 'failed' ? 'red.700' : 'fg.muted'} data-testid="notification-error">
                <bdi>{n.error}</bdi>
              </Text>
            )}
            <Flex gap="2">
              {n.body && (
                <Button size="xs" variant="ghost" onClick={() => setOpen(!open)} aria-expanded={open}>
                  {open ? t('hideMessage') : t('showMessage')}
                </Button>
              )}
              {n.status === 'failed' && (
                <Button
                  size="xs"
                  colorPalette="teal"
                  loading={retry.submitting}
                  onClick={() => void retry.run(undefined)}
                  data-testid="retry-notification"
                >
                  {t('retry')}
                </Button>
              )}
            </Flex>
            <FormError message={retry.formError} />
          </Stack>
        </Table.Cell>
      </Table.Row>
      {open && n.body && (
        <Table.Row>
          <Table.Cell colSpan={6} bg="bg.muted">
            {n.subject && (
              <Text fontWeight="semibold" dir={n.locale === 'ar' ? 'rtl' : 'ltr'}>
                {n.subject}
              </Text>
            )}
            <Text whiteSpace="pre-wrap" dir={n.locale === 'ar' ? 'rtl' : 'ltr'} data-testid="notification-body">
              {n.body}
            </Text>
          </Table.Cell>
        </Table.Row>
      )}
    </Fragment>
  );
}
