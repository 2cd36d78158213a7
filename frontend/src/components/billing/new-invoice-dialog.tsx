'use client';

import { Button, Flex, Stack, Text } from '@chakra-ui/react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import { FormError, useApiForm } from '@/components/form';
import { Modal } from '@/components/modal';
import { type PickedPatient, PatientPicker } from '@/components/patient-picker';
import { useRouter } from '@/i18n/navigation';
import { keys } from '@/lib/queries';

/** Starts a draft for a patient (picked here, or given) and opens it in the invoice editor. */
export function NewInvoiceDialog({ patient: given, onClose }: { patient?: PickedPatient; onClose: () => void }) {
  const t = useTranslations('billing');
  const tc = useTranslations('common');
  const router = useRouter();
  const queryClient = useQueryClient();
  const [patient, setPatient] = useState<PickedPatient | null>(given ?? null);
  const form = useApiForm(() => call(api.POST('/api/invoices', { body: { patientId: patient?.id ?? '' } })), {
    fields: ['patientId'],
    onSuccess: (invoice) => {
      void queryClient.invalidateQueries({ queryKey: keys.invoices });
      router.push(`/billing/${invoice.id}`);
    },
  });
  return (
    <Modal
      title={t('newInvoice')}
      open
      onClose={onClose}
      footer={
        <Flex gap="2">
          <Button variant="outline" onClick={onClose}>
            {tc('cancel')}
          </Button>
          <Button
            colorPalette="teal"
            disabled={!patient}
            loading={form.submitting}
            onClick={() => form.onSubmit()}
            data-testid="create-draft"
          >
            {t('createDraft')}
          </Button>
        </Flex>
      }
    >
      <Stack gap="4">
        <PatientPicker value={patient} onChange={setPatient} error={form.fieldErrors.patientId} />
        <Text fontSize="sm" color="fg.muted">
          {t('draftExplain')}
        </Text>
        <FormError message={form.formError} />
      </Stack>
    </Modal>
  );
}
