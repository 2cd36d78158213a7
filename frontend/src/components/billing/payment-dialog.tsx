'use client';

import { Button, Flex, Stack, Text } from '@chakra-ui/react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import type { Invoice, PaymentMethod } from '@/api/types';
import { FormError, SelectField, TextField, useApiForm } from '@/components/form';
import { Modal } from '@/components/modal';
import { useFormats } from '@/lib/format';
import { newIdempotencyKey } from '@/lib/idempotency';
import { parseAmountInput } from '@dental/shared';

const METHODS: PaymentMethod[] = ['cash', 'card', 'bank_transfer', 'insurance', 'other'];

/**
 * Records a payment. The Idempotency-Key is made once per opening of the dialog: a double click, or a
 * retry after a lost response, sends the same key, and the API records the payment once. The button is
 * also disabled while a request is out.
 */
export function PaymentDialog({ invoice, onClose, onPaid }: { invoice: Invoice; onClose: () => void; onPaid: () => void }) {
  const t = useTranslations('billing');
  const tc = useTranslations('common');
  const tMethod = useTranslations('paymentMethod');
  const formats = useFormats();
  const [key] = useState(() => newIdempotencyKey('pay'));
  const [values, setValues] = useState({ amount: invoice.balanceDue, method: 'cash' as PaymentMethod, reference: '' });
  const set = (field: keyof typeof values) => (value: string) => setValues((current) => ({ ...current, [field]: value }));
  const form = useApiForm(
    () =>
      call(
        api.POST('/api/invoices/{id}/payments', {
          params: { path: { id: invoice.id }, header: { 'Idempotency-Key': key } },
          body: {
            amount: parseAmountInput(values.amount) ?? values.amount.trim(),
            method: values.method,
            reference: values.reference.trim() || null,
          },
        }),
      ),
    {
      fields: ['amount', 'method', 'reference'],
      onSuccess: () => {
        onPaid();
        onClose();
      },
    },
  );
  return (
    <Modal
      title={t('recordPayment')}
      open
      onClose={onClose}
      footer={
        <Flex gap="2">
          <Button variant="outline" onClick={onClose}>
            {tc('cancel')}
          </Button>
          <Button
            type="submit"
            form="payment-form"
            colorPalette="teal"
            loading={form.submitting}
            disabled={form.submitting}
            data-testid="submit-payment"
          >
            {t('recordPayment')}
          </Button>
        </Flex>
      }
    >
      <form id="payment-form" noValidate onSubmit={form.onSubmit}>
        <Stack gap="4">
          <Text>{t('balanceDueIs', { amount: formats.money(invoice.balanceDue, invoice.currency) })}</Text>
          <TextField
            label={t('amountIn', { currency: invoice.currency })}
            name="amount"
            dir="ltr"
            required
            value={values.amount}
            onChange={set('amount')}
            error={form.fieldErrors.amount}
          />
          <SelectField
            label={t('method')}
            name="method"
            value={values.method}
            onChange={set('method')}
            options={METHODS.map((method) => ({ value: method, label: tMethod(method) }))}
          />
          <TextField
            label={t('reference')}
            name="reference"
            value={values.reference}
            onChange={set('reference')}
            error={form.fieldErrors.reference}
          />
          <FormError message={form.formError} />
        </Stack>
      </form>
    </Modal>
  );
}
