'use client';

import { Box, Button, Flex, IconButton, Input, NativeSelect, Stack, Table, Text } from '@chakra-ui/react';
import { useQuery } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import type { Invoice, InvoiceLineInput } from '@/api/types';
import { FormError, TextAreaField, TextField, useApiForm } from '@/components/form';
import { Modal } from '@/components/modal';
import { useRouter } from '@/i18n/navigation';
import { useFormats } from '@/lib/format';
import { keys, useServices } from '@/lib/queries';
import { useSession } from '@/lib/session';
import { documentTotals, lineAmounts, parseAmountInput } from '@dental/shared';
import { TotalsBlock } from './invoice-detail';

type Category = '' | 'S' | 'Z';

interface EditedLine {
  key: number;
  serviceId: string | null;
  description: string;
  descriptionAr: string | null;
  quantity: string;
  unitPrice: string;
  /** '' lets the API choose (zero-rated for a Saudi patient when the clinic zero-rates citizens). */
  vatCategory: Category;
}

let nextKey = 1;
const toEdited = (item: Invoice['items'][number]): EditedLine => ({
  key: nextKey++,
  serviceId: item.serviceId,
  description: item.description,
  descriptionAr: item.descriptionAr,
  quantity: String(item.quantity),
  unitPrice: item.unitPrice,
  vatCategory: item.vatCategory,
});

const LINE_FIELDS = ['description', 'quantity', 'unitPrice', 'vatCategory', 'serviceId'] as const;

/** The draft's lines from the catalog or free text, with a live preview of VAT and totals; save, issue or delete. */
export function DraftEditor({ invoice, onChanged }: { invoice: Invoice; onChanged: (next?: Invoice) => void }) {
  const t = useTranslations('billing');
  const tc = useTranslations('common');
  const { clinic } = useSession();
  const formats = useFormats();
  const router = useRouter();
  const services = useServices();
  const patient = useQuery({
    queryKey: keys.patient(invoice.patientId),
    queryFn: () => call(api.GET('/api/patients/{id}', { params: { path: { id: invoice.patientId } } })),
  });
  const [lines, setLines] = useState<EditedLine[]>(() => invoice.items.map(toEdited));
  const [dueDate, setDueDate] = useState(invoice.dueAt ? DateTime.fromISO(invoice.dueAt, { zone: clinic.timezone }).toISODate()! : '');
  const [notes, setNotes] = useState(invoice.notes ?? '');
  const [dirty, setDirty] = useState(false);
  const [confirm, setConfirm] = useState<'issue' | 'delete' | null>(null);

  const update = (key: number, change: Partial<EditedLine>) => {
    setDirty(true);
    setLines((current) => current.map((line) => (line.key === key ? { ...line, ...change } : line)));
  };
  const addService = (serviceId: string) => {
    const service = services.data?.find((s) => s.id === serviceId);
    if (!service) return;
    setDirty(true);
    setLines((current) => [
      ...current,
      {
        key: nextKey++,
        serviceId,
        description: service.name,
        descriptionAr: service.nameAr,
        quantity: '1',
        unitPrice: service.price,
        vatCategory: '',
      },
    ]);
  };
  const addFreeText = () => {
    setDirty(true);
    setLines((current) => [
      ...current,
      { key: nextKey++, serviceId: null, description: '', descriptionAr: null, quantity: '1', unitPrice: '', vatCategory: '' },
    ]);
  };

  const citizen = patient.data?.nationality === 'SA';
  const rateOf = (category: Category) => ((category || (citizen && clinic.zeroRateCitizens ? 'Z' : 'S')) === 'Z' ? '0' : clinic.vatRate);
  const preview = lines.map((line) => {
    const unitPrice = parseAmountInput(line.unitPrice);
    const quantity = Number(line.quantity);
    return unitPrice && Number.isInteger(quantity) && quantity > 0
      ? lineAmounts({ quantity, unitPrice, vatRate: rateOf(line.vatCategory) }, clinic.currency)
      : null;
  });
  const totals = documentTotals(
    preview.filter((p) => p !== null),
    clinic.currency,
  );

  const body = () => ({
    items: lines.map((line): InvoiceLineInput => ({
      ...(line.serviceId ? { serviceId: line.serviceId } : {}),
      description: line.description.trim(),
      descriptionAr: line.descriptionAr,
      quantity: Number(line.quantity),
      unitPrice: parseAmountInput(line.unitPrice) ?? line.unitPrice.trim(),
      ...(line.vatCategory ? { vatCategory: line.vatCategory } : {}),
    })),
    dueAt: dueDate ? DateTime.fromISO(dueDate, { zone: clinic.timezone }).endOf('day').toUTC().toISO() : null,
    notes: notes.trim() || null,
  });
  const fields = ['items', 'dueAt', 'notes', ...lines.flatMap((_, i) => LINE_FIELDS.map((f) => `items.${i}.${f}`))];
  const save = useApiForm(() => call(api.PATCH('/api/invoices/{id}', { params: { path: { id: invoice.id } }, body: body() })), {
    fields,
    onSuccess: (next) => {
      // What the server stored: a line left to "Automatic" now shows the category it was given.
      setLines(next.items.map(toEdited));
      setDueDate(next.dueAt ? DateTime.fromISO(next.dueAt, { zone: clinic.timezone }).toISODate()! : '');
      setNotes(next.notes ?? '');
      setDirty(false);
      onChanged(next);
    },
  });
  const issue = useApiForm(
    async () => {
      if (dirty) await call(api.PATCH('/api/invoices/{id}', { params: { path: { id: invoice.id } }, body: body() }));
      return call(api.POST('/api/invoices/{id}/issue', { params: { path: { id: invoice.id } } }));
    },
    {
      fields,
      onSuccess: (next) => {
        setConfirm(null);
        onChanged(next);
      },
    },
  );
  const remove = useApiForm(() => call(api.DELETE('/api/invoices/{id}', { params: { path: { id: invoice.id } } })), {
    onSuccess: () => {
      onChanged();
      router.push('/billing');
    },
  });
  const errors = { ...save.fieldErrors, ...issue.fieldErrors };

  return (
    <Stack gap="4">
      <Box overflowX="auto">
        <Table.Root size="sm" data-testid="draft-lines">
          <Table.Header>
            <Table.Row>
              <Table.ColumnHeader minW="14rem">{t('description')}</Table.ColumnHeader>
              <Table.ColumnHeader w="6rem">{t('quantity')}</Table.ColumnHeader>
              <Table.ColumnHeader w="8rem">{t('unitPrice')}</Table.ColumnHeader>
              <Table.ColumnHeader w="11rem">{t('vatCategory')}</Table.ColumnHeader>
              <Table.ColumnHeader textAlign="end">{t('vat')}</Table.ColumnHeader>
              <Table.ColumnHeader textAlign="end">{t('lineTotal')}</Table.ColumnHeader>
              <Table.ColumnHeader />
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {lines.map((line, index) => {
              const amounts = preview[index];
              const error = (field: string) => errors[`items.${index}.${field}`];
              return (
                <Table.Row key={line.key} data-testid="draft-line" verticalAlign="top">
                  <Table.Cell>
                    <Input
                      size="sm"
                      aria-label={t('description')}
                      value={line.description}
                      onChange={(event) => update(line.key, { description: event.target.value, descriptionAr: null })}
                      aria-invalid={Boolean(error('description'))}
                    />
                    <LineError message={error('description') ?? error('serviceId')} />
                  </Table.Cell>
                  <Table.Cell>
                    <Input
                      size="sm"
                      type="number"
                      min="1"
                      aria-label={t('quantity')}
                      value={line.quantity}
                      onChange={(event) => update(line.key, { quantity: event.target.value })}
                      aria-invalid={Boolean(error('quantity'))}
                    />
                    <LineError message={error('quantity')} />
                  </Table.Cell>
                  <Table.Cell>
                    <Input
                      size="sm"
                      dir="ltr"
                      inputMode="decimal"
                      aria-label={t('unitPrice')}
                      value={line.unitPrice}
                      onChange={(event) => update(line.key, { unitPrice: event.target.value })}
                      aria-invalid={Boolean(error('unitPrice'))}
                    />
                    <LineError message={error('unitPrice')} />
                  </Table.Cell>
                  <Table.Cell>
                    <NativeSelect.Root size="sm">
                      <NativeSelect.Field
                        aria-label={t('vatCategory')}
                        value={line.vatCategory}
                        onChange={(event) => update(line.key, { vatCategory: event.target.value as Category })}
                      >
                        <option value="">{t('vatAuto')}</option>
                        <option value="S">{t('vatStandard', { rate: formats.percent(clinic.vatRate) })}</option>
                        <option value="Z">{t('vatZero')}</option>
                      </NativeSelect.Field>
                      <NativeSelect.Indicator />
                    </NativeSelect.Root>
                  </Table.Cell>
                  <Table.Cell textAlign="end" whiteSpace="nowrap">
                    {amounts ? formats.money(amounts.vat, clinic.currency) : '—'}
                  </Table.Cell>
                  <Table.Cell textAlign="end" whiteSpace="nowrap">
                    {amounts ? formats.money(amounts.total, clinic.currency) : '—'}
                  </Table.Cell>
                  <Table.Cell>
                    <IconButton
                      size="xs"
                      variant="ghost"
                      aria-label={t('removeLine')}
                      onClick={() => {
                        setDirty(true);
                        setLines((current) => current.filter((l) => l.key !== line.key));
                      }}
                    >
                      ✕
                    </IconButton>
                  </Table.Cell>
                </Table.Row>
              );
            })}
          </Table.Body>
        </Table.Root>
      </Box>
      {lines.length === 0 && <Text color="fg.muted">{t('noLines')}</Text>}
      <Flex gap="2" wrap="wrap" align="center">
        <NativeSelect.Root size="sm" width="auto" minW="16rem">
          <NativeSelect.Field
            aria-label={t('addService')}
            value=""
            onChange={(event) => addService(event.target.value)}
            data-testid="add-service-line"
          >
            <option value="">{t('addService')}</option>
            {services.data
              ?.filter((service) => service.active)
              .map((service) => (
                <option key={service.id} value={service.id}>
                  {formats.serviceName(service)} · {formats.money(service.price, service.currency)}
                </option>
              ))}
          </NativeSelect.Field>
          <NativeSelect.Indicator />
        </NativeSelect.Root>
        <Button size="sm" variant="outline" onClick={addFreeText} data-testid="add-free-line">
          {t('addFreeText')}
        </Button>
      </Flex>
      <TotalsBlock
        currency={clinic.currency}
        rows={[
          { label: t('subtotal'), amount: totals.subtotal },
          { label: t('vatTotal'), amount: totals.vatTotal },
          { label: t('total'), amount: totals.total, strong: true, testId: 'draft-total' },
        ]}
      />
      <Flex gap="4" wrap="wrap" align="flex-start">
        <Box minW="12rem">
          <TextField
            label={t('dueDate')}
            name="dueAt"
            type="date"
            value={dueDate}
            onChange={(value) => {
              setDirty(true);
              setDueDate(value);
            }}
            error={errors.dueAt}
            helper={t('dueDateHint', { days: clinic.paymentTermsDays })}
          />
        </Box>
        <Box flex="1" minW="16rem">
          <TextAreaField
            label={t('notes')}
            name="notes"
            value={notes}
            onChange={(value) => {
              setDirty(true);
              setNotes(value);
            }}
            error={errors.notes}
          />
        </Box>
      </Flex>
      <FormError message={save.formError ?? issue.formError ?? errors.items} />
      <Flex gap="2" wrap="wrap">
        <Button variant="outline" onClick={() => save.onSubmit()} loading={save.submitting} disabled={!dirty} data-testid="save-draft">
          {t('saveDraft')}
        </Button>
        <Button colorPalette="teal" onClick={() => setConfirm('issue')} disabled={lines.length === 0} data-testid="issue-invoice">
          {t('issue')}
        </Button>
        <Button variant="outline" colorPalette="red" onClick={() => setConfirm('delete')} data-testid="delete-draft">
          {t('deleteDraft')}
        </Button>
      </Flex>
      <Modal
        title={confirm === 'issue' ? t('issue') : t('deleteDraft')}
        open={confirm !== null}
        onClose={() => setConfirm(null)}
        footer={
          <Flex gap="2">
            <Button variant="outline" onClick={() => setConfirm(null)}>
              {tc('cancel')}
            </Button>
            {confirm === 'issue' ? (
              <Button colorPalette="teal" loading={issue.submitting} onClick={() => issue.onSubmit()} data-testid="confirm-issue">
                {t('issue')}
              </Button>
            ) : (
              <Button colorPalette="red" loading={remove.submitting} onClick={() => remove.onSubmit()} data-testid="confirm-delete">
                {t('deleteDraft')}
              </Button>
            )}
          </Flex>
        }
      >
        <Stack gap="3">
          <Text>
            {confirm === 'issue' ? t('issueExplain', { total: formats.money(totals.total, clinic.currency) }) : t('deleteExplain')}
          </Text>
          <FormError
            message={
              confirm === 'issue'
                ? (issue.formError ?? errors.items ?? (Object.keys(issue.fieldErrors).length > 0 ? t('checkLines') : undefined))
                : remove.formError
            }
          />
        </Stack>
      </Modal>
    </Stack>
  );
}

function LineError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <Text fontSize="xs" color="fg.error" mt="1">
      {message}
    </Text>
  );
}
