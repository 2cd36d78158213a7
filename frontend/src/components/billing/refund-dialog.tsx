'use client';

import { Button, Flex, Stack, Text } from '@chakra-ui/react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import type { Payment } from '@/api/types';
import { FormError, TextField, useApiForm } from '@/components/form';
import { Modal } from '@/components/modal';
import { useFormats } from '@/lib/format';
import { newIdempotencyKey } from '@/lib/idempotency';
import { parseAmountInput, subtractAmounts } from '@dental/shared';

/**
 * Gives back part or all of a payment, with a reason. As in the payment dialog, the Idempotency-Key is
 * made once per opening and a ref refuses a second submit while one is out: a double click or a retry
 * after a lost response refunds once.
 */
export function RefundDialog({ payment, onClose, onRefunded }: { payment: Payment; onClose: () => void; onRefunded: () => void }) {
  const t = useTranslations('billing');
  const tc = useTranslations('common');
  const formats = useFormats();
  const refundable = subtractAmounts(payment.currency, payment.amount, payment.refundedAmount);
  const [key] = useState(() => newIdempotencyKey('refund'));
  const [values, setValues] = useState({ amount: refundable, reason: '' });
  const set = (field: keyof typeof values) => (value: string) => setValues((current) => ({ ...current, [field]: value }));
  const form = useApiForm(
    () =>
      call(
        api.POST('/api/payments/{id}/refund', {
          params: { path: { id: payment.id }, header: { 'Idempotency-Key': key } },
          body: { amount: parseAmountInput(values.amount) ?? values.amount.trim(), reason: values.reason.trim() },
        }),
      ),
    {
      fields: ['amount', 'reason'],
      onSuccess: () => {
        onRefunded();
        onClose();
      },
    },
  );
  return (
    <Modal
      title={t('refund')}
      open
      onClose={onClose}
      footer={
        <Flex gap="2">
          <Button variant="outline" onClick={onClose}>
            {tc('cancel')}
          </Button>
          <Button
            type="submit"
            form="refund-form"
            colorPalette="red"
            loading={form.submitting}
            disabled={form.submitting}
            data-testid="submit-refund"
          >
            {t('refund')}
          </Button>
        </Flex>
      }
    >
      <form id="refund-form" noValidate onSubmit={form.onSubmit}>
        <Stack gap="4">
          <Text>{t('refundableIs', { amount: formats.money(refundable, payment.currency) })}</Text>
          <TextField
            label={t('amountIn', { currency: payment.currency })}
            name="amount"
            dir="ltr"
            required
            value={values.amount}
            onChange={set('amount')}
            error={form.fieldErrors.amount}
          />
          <TextField
            label={t('reason')}
            name="reason"
            required
            value={values.reason}
            onChange={set('reason')}
            error={form.fieldErrors.reason}
          />
          <FormError message={form.formError} />
        </Stack>
      </form>
    </Modal>
  );
}
