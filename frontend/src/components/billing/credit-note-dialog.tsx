'use client';

import { Box, Button, Flex, Input, NativeSelect, Stack, Table, Text } from '@chakra-ui/react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import type { Invoice } from '@/api/types';
import { FormError, TextField, useApiForm } from '@/components/form';
import { Modal } from '@/components/modal';
import { useFormats } from '@/lib/format';
import { newIdempotencyKey } from '@/lib/idempotency';

/**
 * Corrects an issued invoice: credits everything left on it, or some units of chosen lines, with a reason.
 * As in the payment dialog, the Idempotency-Key is made once per opening and a ref refuses a second
 * submit while one is out: a double click or a retry after a lost response issues one credit note.
 */
export function CreditNoteDialog({ invoice, onClose, onCredited }: { invoice: Invoice; onClose: () => void; onCredited: () => void }) {
  const t = useTranslations('billing');
  const tc = useTranslations('common');
  const formats = useFormats();
  const [key] = useState(() => newIdempotencyKey('credit'));
  const [scope, setScope] = useState<'all' | 'lines'>('all');
  const [reason, setReason] = useState('');
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const form = useApiForm(
    () => {
      const items = invoice.items
        .map((item) => ({ invoiceItemId: item.id, quantity: Number(quantities[item.id] ?? '0') }))
        .filter((item) => item.quantity > 0);
      return call(
        api.POST('/api/invoices/{id}/credit-notes', {
          params: { path: { id: invoice.id }, header: { 'Idempotency-Key': key } },
          body: { reason: reason.trim(), ...(scope === 'lines' ? { items } : {}) },
        }),
      );
    },
    {
      fields: ['reason'],
      onSuccess: () => {
        onCredited();
        onClose();
      },
    },
  );
  return (
    <Modal
      title={t('creditNote')}
      open
      onClose={onClose}
      size="lg"
      footer={
        <Flex gap="2">
          <Button variant="outline" onClick={onClose}>
            {tc('cancel')}
          </Button>
          <Button
            type="submit"
            form="credit-form"
            colorPalette="teal"
            loading={form.submitting}
            disabled={form.submitting}
            data-testid="submit-credit-note"
          >
            {t('issueCreditNote')}
          </Button>
        </Flex>
      }
    >
      <form id="credit-form" noValidate onSubmit={form.onSubmit}>
        <Stack gap="4">
          <Text fontSize="sm" color="fg.muted">
            {t('creditExplain')}
          </Text>
          <NativeSelect.Root>
            <NativeSelect.Field
              aria-label={t('creditScope')}
              value={scope}
              onChange={(event) => setScope(event.target.value as 'all' | 'lines')}
            >
              <option value="all">{t('creditAll')}</option>
              <option value="lines">{t('creditLines')}</option>
            </NativeSelect.Field>
            <NativeSelect.Indicator />
          </NativeSelect.Root>
          {scope === 'lines' && (
            <Box overflowX="auto">
              <Table.Root size="sm">
                <Table.Header>
                  <Table.Row>
                    <Table.ColumnHeader>{t('description')}</Table.ColumnHeader>
                    <Table.ColumnHeader textAlign="end">{t('lineTotal')}</Table.ColumnHeader>
                    <Table.ColumnHeader textAlign="end">{t('credited')}</Table.ColumnHeader>
                    <Table.ColumnHeader w="7rem">{t('unitsToCredit')}</Table.ColumnHeader>
                  </Table.Row>
                </Table.Header>
                <Table.Body>
                  {invoice.items.map((item) => (
                    <Table.Row key={item.id}>
                      <Table.Cell>
                        <bdi>{formats.serviceName({ name: item.description, nameAr: item.descriptionAr })}</bdi>
                      </Table.Cell>
                      <Table.Cell textAlign="end" whiteSpace="nowrap">
                        {formats.money(item.lineTotal, invoice.currency)}
                      </Table.Cell>
                      <Table.Cell textAlign="end" whiteSpace="nowrap">
                        {formats.money(item.creditedAmount, invoice.currency)}
                      </Table.Cell>
                      <Table.Cell>
                        <Input
                          size="sm"
                          type="number"
                          min="0"
                          max={String(item.quantity)}
                          aria-label={t('unitsToCredit')}
                          value={quantities[item.id] ?? '0'}
                          onChange={(event) => setQuantities((current) => ({ ...current, [item.id]: event.target.value }))}
                        />
                      </Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table.Root>
            </Box>
          )}
          <TextField label={t('reason')} name="reason" required value={reason} onChange={setReason} error={form.fieldErrors.reason} />
          <FormError message={form.formError} />
        </Stack>
      </form>
    </Modal>
  );
}
