'use client';

import { Alert, Button, DataList, SimpleGrid, Stack } from '@chakra-ui/react';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import { formFields, FormError, ServerForm, TextField, useApiForm, useErrorMessage } from '@/components/form';
import { Loading } from '@/components/page';
import { useRouter } from '@/i18n/navigation';

const FIELDS = ['firstName', 'lastName', 'password'] as const;

/**
 * Accepting an invitation: first what it is for (the clinic, the role, the login email; asked of the
 * API with the token in the body), then the invitee's name (pre-filled with what the manager typed) and
 * a password. A used, withdrawn or expired link says so instead of showing a form that cannot work.
 */
export function AcceptInviteForm({ token }: { token: string }) {
  const t = useTranslations('auth');
  const tRoles = useTranslations('roles');
  const router = useRouter();
  const errorMessage = useErrorMessage();
  const details = useQuery({
    queryKey: ['invite-details', token],
    queryFn: () => call(api.POST('/api/auth/invite-details', { body: { token } })),
    retry: false,
  });
  const form = useApiForm((data: FormData) => call(api.POST('/api/auth/accept-invite', { body: { token, ...formFields(data, FIELDS) } })), {
    fields: FIELDS,
    onSuccess: () => router.replace('/dashboard'),
  });
  if (details.error) return <FormError message={errorMessage(details.error)} />;
  if (!details.data) return <Loading />;
  const invite = details.data;
  return (
    <Stack gap="5">
      <Alert.Root status="info" data-testid="invite-details">
        <Alert.Indicator />
        <Alert.Content>
          <Alert.Title>{t.rich('invitedTo', { clinic: () => <bdi>{invite.clinicName}</bdi>, role: tRoles(invite.role) })}</Alert.Title>
          <DataList.Root orientation="horizontal" size="sm" mt="2">
            <DataList.Item>
              <DataList.ItemLabel>{t('loginEmail')}</DataList.ItemLabel>
              <DataList.ItemValue>
                <bdi dir="ltr">{invite.email}</bdi>
              </DataList.ItemValue>
            </DataList.Item>
          </DataList.Root>
        </Alert.Content>
      </Alert.Root>
      <ServerForm onSubmit={(data, element) => void form.run(data, element)}>
        <Stack gap="4">
          <SimpleGrid columns={{ base: 1, sm: 2 }} gap="4">
            <TextField
              label={t('firstName')}
              name="firstName"
              required
              value={invite.firstName ?? ''}
              error={form.fieldErrors.firstName}
              autoComplete="given-name"
            />
            <TextField
              label={t('lastName')}
              name="lastName"
              required
              value={invite.lastName ?? ''}
              error={form.fieldErrors.lastName}
              autoComplete="family-name"
            />
          </SimpleGrid>
          <TextField
            label={t('password')}
            name="password"
            type="password"
            required
            error={form.fieldErrors.password}
            autoComplete="new-password"
            helper={t('passwordRule')}
          />
          <FormError message={form.formError} />
          <Button type="submit" colorPalette="teal" loading={form.submitting}>
            {t('acceptButton')}
          </Button>
        </Stack>
      </ServerForm>
    </Stack>
  );
}
