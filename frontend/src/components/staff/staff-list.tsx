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
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import type { Invite, PendingInvite, Role, User } from '@/api/types';
import { FormError, SelectField, TextField, useApiForm, useErrorMessage } from '@/components/form';
import { Modal } from '@/components/modal';
import { Empty, Loading, PageHeader } from '@/components/page';
import { CARDS_ON_PHONE } from '@/components/responsive-table';
import { Link } from '@/i18n/navigation';
import { useFormats } from '@/lib/format';
import { keys, useStaff } from '@/lib/queries';
import { PROVIDERS, ROLES } from '@dental/shared';
import { useSession } from '@/lib/session';

export function StaffList() {
  const t = useTranslations('staff');
  const tc = useTranslations('common');
  const tRoles = useTranslations('roles');
  const errorMessage = useErrorMessage();
  const { user } = useSession();
  const staff = useStaff();
  const [inviting, setInviting] = useState(false);
  const [deactivating, setDeactivating] = useState<User | null>(null);
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
        <Table.Root size="sm" css={CARDS_ON_PHONE}>
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
            {staff.data.map((member) => {
              const name = `${member.firstName} ${member.lastName}`;
              return (
                <Table.Row key={member.id} data-testid="staff-row" data-email={member.email} data-status={member.status}>
                  <Table.Cell data-label={t('name')} fontWeight="medium">
                    <bdi>{name}</bdi>
                  </Table.Cell>
                  <Table.Cell data-label={t('email')}>
                    <Text as="span" dir="ltr" wordBreak="break-all">
                      {member.email}
                    </Text>
                  </Table.Cell>
                  <Table.Cell data-label={t('role')}>
                    <RoleSelect member={member} label={t('roleOf', { name })} />
                  </Table.Cell>
                  <Table.Cell data-label={t('status')}>
                    <Badge colorPalette={member.status === 'active' ? 'green' : 'gray'}>{t(member.status)}</Badge>
                  </Table.Cell>
                  <Table.Cell>
                    <Flex gap="3" align="center" wrap="wrap" justify="flex-end" w="full">
                      {PROVIDERS.includes(member.role) && <Link href={`/staff/${member.id}`}>{t('schedule')}</Link>}
                      {member.id !== user.id &&
                        (member.status === 'active' ? (
                          <Button
                            size="xs"
                            variant="outline"
                            colorPalette="red"
                            onClick={() => setDeactivating(member)}
                            data-testid="deactivate"
                          >
                            {t('deactivate')}
                            <VisuallyHidden> {name}</VisuallyHidden>
                          </Button>
                        ) : (
                          <ReactivateButton member={member} name={name} />
                        ))}
                    </Flex>
                  </Table.Cell>
                </Table.Row>
              );
            })}
          </Table.Body>
        </Table.Root>
      )}
      <Text fontSize="sm" color="fg.muted">
        {t('rolesHint', { roles: ROLES.map((role) => tRoles(role)).join(', ') })}
      </Text>
      <PendingInvites />
      {inviting && <InviteDialog onClose={() => setInviting(false)} />}
      {deactivating && <DeactivateDialog member={deactivating} onClose={() => setDeactivating(null)} />}
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
      <NativeSelect.Root size="xs" minW="36" disabled={form.submitting || member.status !== 'active'}>
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

function useSetStatus(member: User, onDone?: () => void) {
  const queryClient = useQueryClient();
  return useApiForm(
    (status: 'active' | 'disabled') => call(api.PATCH('/api/users/{id}', { params: { path: { id: member.id } }, body: { status } })),
    {
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: keys.staff });
        onDone?.();
      },
    },
  );
}

/** Deactivating ends the person's sessions at once (their open pages are logged out); their history stays. */
function DeactivateDialog({ member, onClose }: { member: User; onClose: () => void }) {
  const t = useTranslations('staff');
  const tc = useTranslations('common');
  const form = useSetStatus(member, onClose);
  const name = `${member.firstName} ${member.lastName}`;
  return (
    <Modal
      title={t('deactivateTitle')}
      open
      onClose={onClose}
      footer={
        <Flex gap="2">
          <Button variant="outline" onClick={onClose}>
            {tc('cancel')}
          </Button>
          <Button colorPalette="red" loading={form.submitting} onClick={() => void form.run('disabled')} data-testid="confirm-deactivate">
            {t('deactivate')}
          </Button>
        </Flex>
      }
    >
      <Stack gap="3">
        <Text>{t.rich('deactivateExplain', { name: () => <bdi>{name}</bdi> })}</Text>
        <FormError message={form.formError} />
      </Stack>
    </Modal>
  );
}

function ReactivateButton({ member, name }: { member: User; name: string }) {
  const t = useTranslations('staff');
  const form = useSetStatus(member);
  return (
    <Box>
      <Button size="xs" variant="outline" loading={form.submitting} onClick={() => void form.run('active')} data-testid="reactivate">
        {t('reactivate')}
        <VisuallyHidden> {name}</VisuallyHidden>
      </Button>
      {form.formError && (
        <Text color="fg.error" fontSize="xs" role="alert">
          {form.formError}
        </Text>
      )}
    </Box>
  );
}

/** The invitation link for a token, in the page's language. */
function useInviteLink() {
  const locale = useLocale();
  return (token: string) => `${window.location.origin}/${locale}/accept-invite?token=${encodeURIComponent(token)}`;
}

/** Invitations not yet accepted: copy the link again, send a fresh one (the old stops working), or withdraw. */
function PendingInvites() {
  const t = useTranslations('staff');
  const tc = useTranslations('common');
  const tRoles = useTranslations('roles');
  const formats = useFormats();
  const errorMessage = useErrorMessage();
  const invites = useQuery({
    queryKey: keys.invites,
    queryFn: () => call(api.GET('/api/auth/invites')).then((list) => list.items),
  });
  const [shown, setShown] = useState<{ invite: PendingInvite | Invite; fresh: boolean } | null>(null);
  const [revoking, setRevoking] = useState<PendingInvite | null>(null);
  return (
    <Stack gap="3" as="section" aria-labelledby="pending-invites">
      <Text as="h2" id="pending-invites" fontSize="lg" fontWeight="semibold">
        {t('pendingTitle')}
      </Text>
      {invites.error && <FormError message={errorMessage(invites.error)} />}
      {!invites.data ? (
        <Loading />
      ) : invites.data.length === 0 ? (
        <Empty>{t('noPending')}</Empty>
      ) : (
        <Table.Root size="sm" css={CARDS_ON_PHONE} data-testid="pending-invites">
          <Table.Header>
            <Table.Row>
              <Table.ColumnHeader>{t('email')}</Table.ColumnHeader>
              <Table.ColumnHeader>{t('role')}</Table.ColumnHeader>
              <Table.ColumnHeader>{t('expires')}</Table.ColumnHeader>
              <Table.ColumnHeader>
                <VisuallyHidden>{tc('actions')}</VisuallyHidden>
              </Table.ColumnHeader>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {invites.data.map((invite) => (
              <Table.Row key={invite.id} data-testid="invite-row" data-email={invite.email}>
                <Table.Cell data-label={t('email')}>
                  <Text as="span" dir="ltr" wordBreak="break-all">
                    {invite.email}
                  </Text>
                </Table.Cell>
                <Table.Cell data-label={t('role')}>{tRoles(invite.role)}</Table.Cell>
                <Table.Cell data-label={t('expires')}>
                  {invite.expired ? <Badge colorPalette="orange">{t('expired')}</Badge> : formats.dateTime(invite.expiresAt)}
                </Table.Cell>
                <Table.Cell>
                  <Flex gap="2" wrap="wrap" justify="flex-end" w="full">
                    {invite.inviteToken && !invite.expired && (
                      <Button size="xs" variant="outline" onClick={() => setShown({ invite, fresh: false })} data-testid="show-invite-link">
                        {t('copyLinkAgain')}
                        <VisuallyHidden> {invite.email}</VisuallyHidden>
                      </Button>
                    )}
                    <ResendButton invite={invite} onResent={(fresh) => setShown({ invite: fresh, fresh: true })} />
                    <Button size="xs" variant="outline" colorPalette="red" onClick={() => setRevoking(invite)} data-testid="revoke-invite">
                      {t('revoke')}
                      <VisuallyHidden> {invite.email}</VisuallyHidden>
                    </Button>
                  </Flex>
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table.Root>
      )}
      {shown?.invite.inviteToken && (
        <Modal
          title={t('inviteLink')}
          open
          onClose={() => setShown(null)}
          footer={<Button onClick={() => setShown(null)}>{tc('done')}</Button>}
        >
          <InviteLink email={shown.invite.email} token={shown.invite.inviteToken} fresh={shown.fresh} />
        </Modal>
      )}
      {revoking && <RevokeDialog invite={revoking} onClose={() => setRevoking(null)} />}
    </Stack>
  );
}

function ResendButton({ invite, onResent }: { invite: PendingInvite; onResent: (fresh: Invite) => void }) {
  const t = useTranslations('staff');
  const queryClient = useQueryClient();
  const form = useApiForm(() => call(api.POST('/api/auth/invites/{id}/resend', { params: { path: { id: invite.id } } })), {
    onSuccess: (fresh) => {
      void queryClient.invalidateQueries({ queryKey: keys.invites });
      onResent(fresh);
    },
  });
  return (
    <Box>
      <Button size="xs" variant="outline" loading={form.submitting} onClick={() => void form.run(undefined)} data-testid="resend-invite">
        {t('resend')}
        <VisuallyHidden> {invite.email}</VisuallyHidden>
      </Button>
      {form.formError && (
        <Text color="fg.error" fontSize="xs" role="alert">
          {form.formError}
        </Text>
      )}
    </Box>
  );
}

function RevokeDialog({ invite, onClose }: { invite: PendingInvite; onClose: () => void }) {
  const t = useTranslations('staff');
  const tc = useTranslations('common');
  const queryClient = useQueryClient();
  const form = useApiForm(() => call(api.DELETE('/api/auth/invites/{id}', { params: { path: { id: invite.id } } })), {
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: keys.invites });
      onClose();
    },
  });
  return (
    <Modal
      title={t('revokeTitle')}
      open
      onClose={onClose}
      footer={
        <Flex gap="2">
          <Button variant="outline" onClick={onClose}>
            {tc('cancel')}
          </Button>
          <Button colorPalette="red" loading={form.submitting} onClick={() => void form.run(undefined)} data-testid="confirm-revoke">
            {t('revoke')}
          </Button>
        </Flex>
      }
    >
      <Stack gap="3">
        <Text>{t.rich('revokeExplain', { email: () => <bdi dir="ltr">{invite.email}</bdi> })}</Text>
        <FormError message={form.formError} />
      </Stack>
    </Modal>
  );
}

/** The link to send an invitee, with a copy button. */
function InviteLink({ email, token, fresh }: { email: string; token: string; fresh: boolean }) {
  const t = useTranslations('staff');
  const link = useInviteLink()(token);
  return (
    <Stack gap="3">
      <Text>{t.rich(fresh ? 'inviteCreated' : 'inviteStillValid', { email: () => <bdi dir="ltr">{email}</bdi> })}</Text>
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
  );
}

function InviteDialog({ onClose }: { onClose: () => void }) {
  const t = useTranslations('staff');
  const tc = useTranslations('common');
  const tRoles = useTranslations('roles');
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
        void queryClient.invalidateQueries({ queryKey: keys.invites });
      },
    },
  );
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
        <InviteLink email={invite.email} token={invite.inviteToken} fresh />
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
              helper={t('inviteReplaces')}
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
