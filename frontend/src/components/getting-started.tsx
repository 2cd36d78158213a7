'use client';

import { Card, List, Text } from '@chakra-ui/react';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import { Link } from '@/i18n/navigation';
import { keys, useProviders, useServices, useStaff } from '@/lib/queries';

/**
 * A new clinic's first steps, on the dashboard of an Owner or Admin until all are done: working hours for
 * a dentist, a service, a colleague, the first patient. Each links to where it is done.
 */
export function GettingStarted() {
  const t = useTranslations('gettingStarted');
  const staff = useStaff();
  const providers = useProviders();
  const services = useServices();
  const patients = useQuery({
    queryKey: ['patients', 'any'],
    queryFn: () => call(api.GET('/api/patients', { params: { query: { limit: 1 } } })),
  });
  const schedules = useQueries({
    queries: (providers.data ?? []).map((provider) => ({
      queryKey: keys.schedule(provider.id),
      queryFn: () => call(api.GET('/api/staff/{userId}/schedule', { params: { path: { userId: provider.id } } })),
    })),
  });
  if (!staff.data || !providers.data || !services.data || !patients.data || schedules.some((s) => !s.data)) return null;
  const withHours = providers.data.find((_, index) => (schedules[index]?.data?.weekly.length ?? 0) > 0);
  const firstProvider = providers.data[0];
  const steps = [
    { key: 'hours', done: withHours !== undefined, href: firstProvider ? `/staff/${firstProvider.id}` : '/staff' },
    { key: 'services', done: services.data.length > 0, href: '/services' },
    { key: 'staff', done: staff.data.length > 1, href: '/staff' },
    { key: 'patient', done: patients.data.items.length > 0, href: '/patients' },
  ] as const;
  if (steps.every((step) => step.done)) return null;
  return (
    <Card.Root data-testid="getting-started" as="section" aria-labelledby="getting-started-title">
      <Card.Header>
        <Card.Title as="h2" id="getting-started-title">
          {t('title')}
        </Card.Title>
        <Text color="fg.muted">{t('intro')}</Text>
      </Card.Header>
      <Card.Body>
        <List.Root as="ol" gap="2" ps="5">
          {steps.map((step) => (
            <List.Item key={step.key} data-testid={`step-${step.key}`} data-done={step.done}>
              {step.done ? (
                <Text as="span" color="fg.muted">
                  <Text as="s">{t(step.key)}</Text> · {t('done')}
                </Text>
              ) : (
                <Link href={step.href}>{t(step.key)}</Link>
              )}
            </List.Item>
          ))}
        </List.Root>
      </Card.Body>
    </Card.Root>
  );
}
