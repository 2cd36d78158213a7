'use client';

import {
  Badge,
  Box,
  Button,
  Clipboard,
  Flex,
  IconButton,
  Input,
  InputGroup,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from '@chakra-ui/react';
import { useQueryClient } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import type { Invite, Role, User } from '@/api/types';
import { FormError, SelectField, TextField, useApiForm, useErrorMessage } from '@/components/form';
import { Modal } from '@/components/modal';
import { Loading, PageHeader } from '@/components/page';
import { Link } from '@/i18n/navigation';
import { keys, useStaff } from '@/lib/queries';
import { PROVIDERS, ROLES } from '@dental/shared';
import { useSession } from '@/lib/session';

export function StaffList() {
  const t = useTranslations('staff');
  const tc = useTranslations('common');
  const tRoles = useTranslations('roles');
  const errorMessage = useErrorMessage();
  const staff = useStaff();
  const [inviting, setInviting] = useState(false);
  return (
    <Stack gap="4">
      <PageHeader
        title={t('title')}
        actions={
          <Button colorPalette="teal" onClick={() => setInviting(true)} data-testid="invite-staff">
            {t('invite')}
          </Button>
        }
      />
      {staff.error && <FormError message={errorMessage(staff.error)} />}
      {!staff.data ? (
        <Loading />
      ) : (
        <Box overflowX="auto">
          <Table.Root size="sm">
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeader>{t('name')}</Table.ColumnHeader>
                <Table.ColumnHeader>{t('email')}</Table.ColumnHeader>
                <Table.ColumnHeader>{t('role')}</Table.ColumnHeader>
                <Table.ColumnHeader>{t('status')}</Table.ColumnHeader>
                <Table.ColumnHeader>
                  <VisuallyHidden>{tc('actions')}</VisuallyHidden>
                </Table.ColumnHeader>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {staff.data.map((member) => (
                <Table.Row key={member.id} data-testid="staff-row" data-email={member.email}>
                  <Table.Cell>
                    {member.firstName} {member.lastName}
                  </Table.Cell>
                  <Table.Cell dir="ltr" textAlign="start">
                    {member.email}
                  </Table.Cell>
                  <Table.Cell>
                    <RoleSelect member={member} label={t('roleOf', { name: `${member.firstName} ${member.lastName}` })} />
                  </Table.Cell>
                  <Table.Cell>
                    <Badge colorPalette={member.status === 'active' ? 'green' : 'gray'}>{t(member.status)}</Badge>
                  </Table.Cell>
                  <Table.Cell>{PROVIDERS.includes(member.role) && <Link href={`/staff/${member.id}`}>{t('schedule')}</Link>}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table.Root>
        </Box>
      )}
      <Text fontSize="sm" color="fg.muted">
        {t('rolesHint', { roles: ROLES.map((role) => tRoles(role)).join(', ') })}
      </Text>
      {inviting && <InviteDialog onClose={() => setInviting(false)} />}
    </Stack>
  );
}

/** Changing a role saves at once; the API refuses what the caller may not do (e.g. demote the last Owner). */
function RoleSelect({ member, label }: { member: User; label: string }) {
  const tRoles = useTranslations('roles');
  const { user } = useSession();
  const queryClient = useQueryClient();
  const form = useApiForm((role: Role) => call(api.PATCH('/api/users/{id}', { params: { path: { id: member.id } }, body: { role } })), {
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: keys.staff }),
  });
  const assignable = user.role === 'OWNER' ? ROLES : ROLES.filter((role) => role !== 'OWNER' || member.role === 'OWNER');
  return (
    <Box>
      <NativeSelect.Root size="xs" minW="36" disabled={form.submitting}>
        <NativeSelect.Field
          aria-label={label}
          value={member.role}
          onChange={(event) => void form.run(event.target.value as Role)}
          data-testid="role-select"
        >
          {assignable.map((role) => (
            <option key={role} value={role}>
              {tRoles(role)}
            </option>
          ))}
        </NativeSelect.Field>
        <NativeSelect.Indicator />
      </NativeSelect.Root>
      {form.formError && (
        <Text color="fg.error" fontSize="xs" role="alert">
          {form.formError}
        </Text>
      )}
    </Box>
  );
}

function InviteDialog({ onClose }: { onClose: () => void }) {
  const t = useTranslations('staff');
  const tc = useTranslations('common');
  const tRoles = useTranslations('roles');
  const locale = useLocale();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const [values, setValues] = useState({ email: '', role: 'DENTIST', firstName: '', lastName: '' });
  const [invite, setInvite] = useState<Invite | null>(null);
  const set = (key: keyof typeof values) => (value: string) => setValues((current) => ({ ...current, [key]: value }));
  const form = useApiForm(
    () =>
      call(
        api.POST('/api/auth/invite', {
          body: {
            email: values.email,
            role: values.role as Role,
            ...(values.firstName.trim() ? { firstName: values.firstName } : {}),
            ...(values.lastName.trim() ? { lastName: values.lastName } : {}),
          },
        }),
      ),
    {
      fields: ['email', 'role', 'firstName', 'lastName'],
      onSuccess: (created) => {
        setInvite(created);
        void queryClient.invalidateQueries({ queryKey: keys.staff });
      },
    },
  );
  const link = invite ? `${window.location.origin}/${locale}/accept-invite?token=${encodeURIComponent(invite.inviteToken)}` : '';
  const roles = user.role === 'OWNER' ? ROLES : ROLES.filter((role) => role !== 'OWNER');

  return (
    <Modal
      title={t('invite')}
      open
      onClose={onClose}
      footer={
        invite ? (
          <Button onClick={onClose}>{tc('done')}</Button>
        ) : (
          <Flex gap="2">
            <Button variant="outline" onClick={onClose}>
              {tc('cancel')}
            </Button>
            <Button type="submit" form="invite-form" colorPalette="teal" loading={form.submitting} data-testid="send-invite">
              {t('createInvite')}
            </Button>
          </Flex>
        )
      }
    >
      {invite ? (
        <Stack gap="3">
          <Text>{t('inviteCreated', { email: invite.email })}</Text>
          <Clipboard.Root value={link}>
            <Clipboard.Label>{t('inviteLink')}</Clipboard.Label>
            <InputGroup
              endElement={
                <Clipboard.Trigger asChild>
                  <IconButton variant="surface" size="xs" me="-2" aria-label={t('copy')}>
                    <Clipboard.Indicator />
                  </IconButton>
                </Clipboard.Trigger>
              }
            >
              <Clipboard.Input asChild>
                <Input readOnly dir="ltr" data-testid="invite-link" />
              </Clipboard.Input>
            </InputGroup>
          </Clipboard.Root>
          <Text fontSize="sm" color="fg.muted">
            {t('inviteExpires')}
          </Text>
        </Stack>
      ) : (
        <form id="invite-form" onSubmit={form.onSubmit} noValidate>
          <Stack gap="4">
            <TextField
              label={t('email')}
              name="email"
              type="email"
              dir="ltr"
              required
              value={values.email}
              onChange={set('email')}
              error={form.fieldErrors.email}
            />
            <SelectField
              label={t('role')}
              name="role"
              required
              value={values.role}
              onChange={set('role')}
              error={form.fieldErrors.role}
              options={roles.map((role) => ({ value: role, label: tRoles(role) }))}
            />
            <SimpleGrid columns={{ base: 1, sm: 2 }} gap="4">
              <TextField
                label={t('firstName')}
                name="firstName"
                value={values.firstName}
                onChange={set('firstName')}
                error={form.fieldErrors.firstName}
              />
              <TextField
                label={t('lastName')}
                name="lastName"
                value={values.lastName}
                onChange={set('lastName')}
                error={form.fieldErrors.lastName}
              />
            </SimpleGrid>
            <FormError message={form.formError} />
          </Stack>
        </form>
      )}
    </Modal>
  );
}
