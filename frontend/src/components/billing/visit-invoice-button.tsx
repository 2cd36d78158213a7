'use client';

import { Button, Flex } from '@chakra-ui/react';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import { FormError, useApiForm } from '@/components/form';
import { useRouter } from '@/i18n/navigation';
import { keys } from '@/lib/queries';

/** On a completed visit: open its invoice, or create one (a draft whose line is the visit's service). */
export function VisitInvoiceButton({ appointmentId, patientId }: { appointmentId: string; patientId: string }) {
  const t = useTranslations('billing');
  const router = useRouter();
  const existing = useQuery({
    queryKey: [...keys.invoices, 'appointment', appointmentId],
    queryFn: () => call(api.GET('/api/invoices', { params: { query: { appointmentId, limit: 5 } } })).then((page) => page.items),
  });
  const live = existing.data?.find((invoice) => invoice.status !== 'VOID');
  const create = useApiForm(() => call(api.POST('/api/invoices', { body: { patientId, appointmentId } })), {
    onSuccess: (invoice) => router.push(`/billing/${invoice.id}`),
  });
  if (!existing.data) return null;
  return (
    <Flex direction="column" gap="2">
      {live ? (
        <Button size="sm" variant="outline" onClick={() => router.push(`/billing/${live.id}`)} data-testid="open-visit-invoice">
          {t('openInvoice')}
        </Button>
      ) : (
        <Button
          size="sm"
          colorPalette="teal"
          loading={create.submitting}
          onClick={() => create.onSubmit()}
          data-testid="create-visit-invoice"
        >
          {t('createInvoice')}
        </Button>
      )}
      <FormError message={create.formError} />
    </Flex>
  );
}
