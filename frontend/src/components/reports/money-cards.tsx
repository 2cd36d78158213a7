'use client';

import { Card, SimpleGrid, Stat } from '@chakra-ui/react';
import { useTranslations } from 'next-intl';
import { Link } from '@/i18n/navigation';
import { useFormats } from '@/lib/format';
import { useReportsSummary } from '@/lib/queries';

/**
 * The dashboard's money for Owner, Admin and Accountant: today's production and collections, this
 * week's no-shows and what patients owe, each a link to the report view it comes from.
 */
export function MoneyCards() {
  const t = useTranslations('dashboard');
  const formats = useFormats();
  const summary = useReportsSummary().data;
  const money = (amount: string | undefined) => (summary && amount !== undefined ? formats.money(amount, summary.currency) : '…');
  const cards = [
    {
      id: 'invoiced',
      label: t('invoicedToday'),
      value: money(summary?.invoicedToday),
      href: '/reports?view=revenue&preset=today&groupBy=day',
    },
    {
      id: 'collected',
      label: t('collectedToday'),
      value: money(summary?.collectedToday),
      href: '/reports?view=revenue&preset=today&groupBy=day',
    },
    {
      id: 'no-shows',
      label: t('noShowsThisWeek'),
      value: summary ? formats.number(summary.noShowsThisWeek) : '…',
      href: '/reports?view=appointments&preset=thisWeek&groupBy=day',
    },
    { id: 'outstanding', label: t('outstanding'), value: money(summary?.outstanding), href: '/reports?view=receivables' },
  ];
  return (
    <SimpleGrid columns={{ base: 1, sm: 2, lg: 4 }} gap="3" aria-label={t('money')} role="group" data-testid="money-cards">
      {cards.map((card) => (
        <Card.Root key={card.id} size="sm" data-testid={`money-card-${card.id}`}>
          <Card.Body>
            <Stat.Root>
              <Stat.Label>
                <Link href={card.href}>{card.label}</Link>
              </Stat.Label>
              <Stat.ValueText data-testid={`money-card-${card.id}-value`} whiteSpace="nowrap">
                {card.value}
              </Stat.ValueText>
            </Stat.Root>
          </Card.Body>
        </Card.Root>
      ))}
    </SimpleGrid>
  );
}
