'use client';

import { Card, Flex, Stat, Text } from '@chakra-ui/react';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import { Link } from '@/i18n/navigation';
import { useFormats } from '@/lib/format';
import { keys } from '@/lib/queries';
import { useSession } from '@/lib/session';
import { periodRange } from './billing-page';

/** The dashboard's "today's collections" for billing roles: money received today less refunds, by method. */
export function CollectionsCard() {
  const t = useTranslations('billing');
  const tMethod = useTranslations('paymentMethod');
  const { clinic } = useSession();
  const formats = useFormats();
  const range = useMemo(() => periodRange('today', clinic.timezone), [clinic.timezone]);
  const summary = useQuery({
    queryKey: [...keys.billingSummary, range.from, range.to],
    queryFn: () => call(api.GET('/api/billing/summary', { params: { query: range } })),
  });
  const collections = summary.data?.collections;
  const currency = summary.data?.currency ?? '';
  return (
    <Card.Root size="sm" data-testid="todays-collections">
      <Card.Body>
        <Stat.Root>
          <Stat.Label>
            <Link href="/billing">{t('todaysCollections')}</Link>
          </Stat.Label>
          <Stat.ValueText data-testid="todays-collections-amount">
            {collections ? formats.money(collections.net, currency) : '…'}
          </Stat.ValueText>
        </Stat.Root>
        {/* Beside the stat, not in it: a <dl> may hold only its dt/dd pairs. */}
        {collections && (
          <Flex gap="3" wrap="wrap" fontSize="xs" color="fg.muted">
            <Text>{t('paymentsCount', { count: collections.payments })}</Text>
            {collections.byMethod.map((m) => (
              <Text key={m.method}>
                {tMethod(m.method)}: {formats.money(m.amount, currency)}
              </Text>
            ))}
          </Flex>
        )}
      </Card.Body>
    </Card.Root>
  );
}
