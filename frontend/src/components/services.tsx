'use client';

import { Badge, Box, Button, Flex, SimpleGrid, Stack, Table, VisuallyHidden } from '@chakra-ui/react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import type { Service } from '@/api/types';
import { FormError, SelectField, TextField, useApiForm, useErrorMessage } from '@/components/form';
import { Modal } from '@/components/modal';
import { Empty, Loading, PageHeader } from '@/components/page';
import { useFormats } from '@/lib/format';
import { keys, useServices } from '@/lib/queries';
import { isManager, parseAmountInput } from '@dental/shared';
import { useSession } from '@/lib/session';

export function Services() {
  const t = useTranslations('services');
  const tc = useTranslations('common');
  const { user } = useSession();
  const formats = useFormats();
  const errorMessage = useErrorMessage();
  const services = useServices();
  const [editing, setEditing] = useState<Service | 'new' | null>(null);
  const manager = isManager(user.role);

  return (
    <Stack gap="4">
      <PageHeader
        title={t('title')}
        actions={
          manager && (
            <Button colorPalette="teal" onClick={() => setEditing('new')} data-testid="new-service">
              {t('new')}
            </Button>
          )
        }
      />
      {services.error && <FormError message={errorMessage(services.error)} />}
      {!services.data ? (
        <Loading />
      ) : services.data.length === 0 ? (
        <Empty>{t('empty')}</Empty>
      ) : (
        <Box overflowX="auto">
          <Table.Root size="sm">
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeader>{t('code')}</Table.ColumnHeader>
                <Table.ColumnHeader>{t('name')}</Table.ColumnHeader>
                <Table.ColumnHeader>{t('nameAr')}</Table.ColumnHeader>
                <Table.ColumnHeader textAlign="end">{t('price')}</Table.ColumnHeader>
                <Table.ColumnHeader textAlign="end">{t('duration')}</Table.ColumnHeader>
                <Table.ColumnHeader>{t('state')}</Table.ColumnHeader>
                {manager && (
                  <Table.ColumnHeader>
                    <VisuallyHidden>{tc('actions')}</VisuallyHidden>
                  </Table.ColumnHeader>
                )}
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {services.data.map((service) => (
                <Table.Row key={service.id} data-testid="service-row">
                  <Table.Cell>{service.code}</Table.Cell>
                  <Table.Cell>{service.name}</Table.Cell>
                  <Table.Cell dir="rtl" textAlign="start">
                    {service.nameAr}
                  </Table.Cell>
                  <Table.Cell textAlign="end" whiteSpace="nowrap">
                    {formats.money(service.price, service.currency)}
                  </Table.Cell>
                  <Table.Cell textAlign="end">{t('minutes', { count: service.durationMinutes })}</Table.Cell>
                  <Table.Cell>
                    <Badge colorPalette={service.active ? 'green' : 'gray'}>{service.active ? t('active') : t('inactive')}</Badge>
                  </Table.Cell>
                  {manager && (
                    <Table.Cell>
                      <Button size="xs" variant="outline" onClick={() => setEditing(service)}>
                        {t('edit')}
                      </Button>
                    </Table.Cell>
                  )}
                </Table.Row>
              ))}
            </Table.Body>
          </Table.Root>
        </Box>
      )}
      {editing && (
        <ServiceDialog
          key={editing === 'new' ? 'new' : editing.id}
          service={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </Stack>
  );
}

function ServiceDialog({ service, onClose }: { service?: Service; onClose: () => void }) {
  const t = useTranslations('services');
  const tc = useTranslations('common');
  const { clinic } = useSession();
  const queryClient = useQueryClient();
  const [values, setValues] = useState({
    name: service?.name ?? '',
    nameAr: service?.nameAr ?? '',
    code: service?.code ?? '',
    price: service?.price ?? '',
    durationMinutes: String(service?.durationMinutes ?? 30),
    active: service?.active === false ? 'false' : 'true',
  });
  const set = (key: keyof typeof values) => (value: string) => setValues((current) => ({ ...current, [key]: value }));
  const form = useApiForm(
    () => {
      const body = {
        name: values.name.trim(),
        nameAr: values.nameAr.trim() || null,
        code: values.code.trim() || null,
        // "1,800", "١٬٨٠٠" and "1800.00" alike (as the app displays amounts); anything else goes as typed, for the API's error.
        price: parseAmountInput(values.price) ?? values.price.trim(),
        durationMinutes: Number(values.durationMinutes),
        active: values.active === 'true',
      };
      return service
        ? call(api.PATCH('/api/services/{id}', { params: { path: { id: service.id } }, body }))
        : call(api.POST('/api/services', { body }));
    },
    {
      fields: ['name', 'nameAr', 'code', 'price', 'durationMinutes', 'active'],
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: keys.services });
        onClose();
      },
    },
  );
  return (
    <Modal
      title={service ? t('edit') : t('new')}
      open
      onClose={onClose}
      footer={
        <Flex gap="2">
          <Button variant="outline" onClick={onClose}>
            {tc('cancel')}
          </Button>
          <Button type="submit" form="service-form" colorPalette="teal" loading={form.submitting} data-testid="save-service">
            {tc('save')}
          </Button>
        </Flex>
      }
    >
      <form id="service-form" onSubmit={form.onSubmit} noValidate>
        <Stack gap="4">
          <TextField label={t('name')} name="name" required value={values.name} onChange={set('name')} error={form.fieldErrors.name} />
          <TextField
            label={t('nameAr')}
            name="nameAr"
            dir="rtl"
            value={values.nameAr}
            onChange={set('nameAr')}
            error={form.fieldErrors.nameAr}
          />
          <SimpleGrid columns={{ base: 1, sm: 3 }} gap="4">
            <TextField label={t('code')} name="code" dir="ltr" value={values.code} onChange={set('code')} error={form.fieldErrors.code} />
            <TextField
              label={t('priceIn', { currency: clinic.currency })}
              name="price"
              dir="ltr"
              required
              value={values.price}
              onChange={set('price')}
              error={form.fieldErrors.price}
              placeholder="350.00"
            />
            <TextField
              label={t('durationMinutes')}
              name="durationMinutes"
              type="number"
              min="5"
              step="5"
              required
              value={values.durationMinutes}
              onChange={set('durationMinutes')}
              error={form.fieldErrors.durationMinutes}
            />
          </SimpleGrid>
          <SelectField
            label={t('state')}
            name="active"
            value={values.active}
            onChange={set('active')}
            options={[
              { value: 'true', label: t('active') },
              { value: 'false', label: t('inactive') },
            ]}
          />
          <FormError message={form.formError} />
        </Stack>
      </form>
    </Modal>
  );
}
