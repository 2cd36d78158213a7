'use client';

import { Box, Button, Card, Flex, Stack, Table, Text } from '@chakra-ui/react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import type { Invoice } from '@/api/types';
import { FormError, TextField, useApiForm, useErrorMessage } from '@/components/form';
import { useFormats } from '@/lib/format';
import { NotificationStatusBadge } from './notification-status';

/** "Email invoice" (to the patient, or another address) and the emails sent for the invoice with their status. */
export function InvoiceEmails({ invoice }: { invoice: Pick<Invoice, 'id' | 'status'> }) {
  const t = useTranslations('notifications');
  const formats = useFormats();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const queryKey = ['notifications', 'invoice', invoice.id];
  const [to, setTo] = useState('');
  const [otherAddress, setOtherAddress] = useState(false);
  const emails = useQuery({
    queryKey,
    queryFn: () =>
      call(api.GET('/api/notifications', { params: { query: { invoiceId: invoice.id, limit: 50 } } })).then((page) => page.items),
    // While one is going out, follow it until it is sent.
    refetchInterval: (query) => (query.state.data?.some((n) => n.status === 'pending' || n.status === 'sending') ? 2000 : false),
  });
  const send = useApiForm(
    () =>
      call(
        api.POST('/api/invoices/{id}/send', {
          params: { path: { id: invoice.id } },
          body: otherAddress && to.trim() ? { to: to.trim() } : {},
        }),
      ),
    {
      fields: ['to'],
      onSuccess: () => {
        setTo('');
        setOtherAddress(false);
        void queryClient.invalidateQueries({ queryKey });
      },
    },
  );
  const sendable = invoice.status !== 'DRAFT' && invoice.status !== 'VOID';

  return (
    <Card.Root data-testid="invoice-emails">
      <Card.Header>
        <Flex justify="space-between" align="center" gap="2" wrap="wrap">
          <Card.Title>{t('invoiceEmails')}</Card.Title>
          {sendable && (
            <Flex gap="2" wrap="wrap">
              {!otherAddress && (
                <Button size="sm" variant="ghost" onClick={() => setOtherAddress(true)} data-testid="email-other-address">
                  {t('otherAddress')}
                </Button>
              )}
              <Button
                size="sm"
                variant="outline"
                colorPalette="teal"
                loading={send.submitting}
                onClick={() => void send.run(undefined)}
                data-testid="email-invoice"
              >
                {t('emailInvoice')}
              </Button>
            </Flex>
          )}
        </Flex>
      </Card.Header>
      <Card.Body>
        <Stack gap="3">
          {otherAddress && (
            <Box maxW="sm">
              <TextField
                label={t('sendTo')}
                name="to"
                type="email"
                dir="ltr"
                value={to}
                onChange={setTo}
                error={send.fieldErrors.to}
                helper={t('sendToHint')}
              />
            </Box>
          )}
          <FormError message={send.formError} />
          {emails.error ? (
            <FormError message={errorMessage(emails.error)} />
          ) : emails.data && emails.data.length === 0 ? (
            <Text fontSize="sm" color="fg.muted">
              {t('noInvoiceEmails')}
            </Text>
          ) : (
            <Box overflowX="auto">
              <Table.Root size="sm">
                <Table.Body>
                  {(emails.data ?? []).map((n) => (
                    <Table.Row key={n.id} data-testid="invoice-email-row" data-status={n.status}>
                      <Table.Cell>
                        <bdi dir="ltr">{n.recipient}</bdi>
                      </Table.Cell>
                      <Table.Cell whiteSpace="nowrap">{formats.dateTime(n.sentAt ?? n.createdAt)}</Table.Cell>
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
            </Box>
          )}
        </Stack>
      </Card.Body>
    </Card.Root>
  );
}
