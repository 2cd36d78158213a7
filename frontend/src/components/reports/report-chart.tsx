'use client';

import { Box, Flex, HStack } from '@chakra-ui/react';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AppointmentsReport, ReceivablesReport, RevenueReport, UtilizationReport } from '@/api/types';
import { useFormats } from '@/lib/format';
import { system } from '../theme';
import { type AnyReport, COLUMNS, type ReportKind, useReportFormats } from './report-view';

/** A series colour as the theme's CSS variable (`chart.*` tokens in theme.ts, checked by e2e/contrast.e2e.ts). */
const color = (name: string): string => system.token.var(`colors.chart.${name}`) as string;
const TEXT = system.token.var('colors.fg') as string;
const CARD = system.token.var('colors.bg') as string;
const AGING = ['current', 'days1to30', 'days31to60', 'days61to90', 'over90'] as const;

interface Series {
  key: string;
  name: string;
  color: string;
  stacked: boolean;
}

/**
 * The report's rows as bars. Right to left in Arabic: the first period on the right, the value axis on
 * the right; numbers, dates and money in the page's language. Receivables: one bar per aging bucket.
 * The legend is HTML under the chart, not Recharts' (which paints each label in its series colour and
 * overlaps the SVG, so axe could not judge it): text in `fg`, a colour swatch beside it.
 */
export function ReportChart({ kind, report }: { kind: ReportKind; report: AnyReport }) {
  const t = useTranslations('reports');
  const rtl = useLocale() === 'ar';
  const format = useFormatter();
  const formats = useFormats();
  const { rowName } = useReportFormats();
  let data: Record<string, string | number>[];
  let series: Series[];
  if (kind === 'appointments') {
    const r = report as AppointmentsReport;
    data = r.rows.map((row) => ({
      name: rowName(row, r.groupBy),
      completed: row.completed,
      noShow: row.noShow,
      cancelled: row.cancelled,
      other: row.total - row.completed - row.noShow - row.cancelled,
    }));
    series = (['completed', 'noShow', 'cancelled', 'other'] as const).map((key) => ({
      key,
      name: t(`series.${key}`),
      color: color(key),
      stacked: true,
    }));
  } else if (kind === 'utilization') {
    const r = report as UtilizationReport;
    data = r.rows.map((row) => ({ name: rowName(row, r.groupBy), booked: row.utilization ?? 0 }));
    series = [{ key: 'booked', name: t('columns.utilization'), color: color('booked'), stacked: true }];
  } else if (kind === 'revenue') {
    const r = report as RevenueReport;
    data = r.rows.map((row) => ({
      name: rowName(row, r.groupBy),
      invoiced: Number(row.invoiced),
      collected: Number(row.collected),
      refunded: Number(row.refunded),
    }));
    series = (['invoiced', 'collected', 'refunded'] as const).map((key) => ({
      key,
      name: t(`columns.${key}`),
      color: color(key),
      stacked: false,
    }));
  } else {
    const r = report as ReceivablesReport;
    data = COLUMNS.receivables
      .filter((column) => column.key !== 'outstanding')
      .map((column) => ({ name: t(`columns.${column.key}`), owed: Number(r.totals[column.key as keyof typeof r.totals]) }));
    series = [{ key: 'owed', name: t('columns.outstanding'), color: color('current'), stacked: false }];
  }
  const currency = 'currency' in report ? report.currency : undefined;
  const percent = kind === 'utilization';
  const tick = (value: number) => format.number(value, percent ? { style: 'percent', maximumFractionDigits: 1 } : { notation: 'compact' });
  const tooltip = (value: number) => (currency ? formats.money(String(value), currency) : tick(value));

  const axisTick = { fontSize: 12, fill: TEXT };

  return (
    <Box>
      <Box h="300px" dir={rtl ? 'rtl' : 'ltr'} data-testid="report-chart" role="img" aria-label={t('chartLabel')}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 8, left: 8, bottom: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="name" reversed={rtl} tick={axisTick} interval="preserveStartEnd" />
            <YAxis orientation={rtl ? 'right' : 'left'} tickFormatter={tick} allowDecimals={percent} tick={axisTick} width={56} />
            <Tooltip
              formatter={(value) => tooltip(Number(value))}
              contentStyle={{ background: CARD, color: TEXT }}
              itemStyle={{ color: TEXT }}
              labelStyle={{ color: TEXT }}
            />
            {series.map((s) => (
              <Bar
                key={s.key}
                dataKey={s.key}
                name={s.name}
                stackId={s.stacked ? 'a' : undefined}
                fill={s.color}
                stroke={s.stacked ? CARD : undefined}
                isAnimationActive={false}
              >
                {kind === 'receivables' && data.map((entry, index) => <Cell key={String(entry.name)} fill={color(AGING[index]!)} />)}
              </Bar>
            ))}
          </BarChart>
        </ResponsiveContainer>
      </Box>
      {kind !== 'receivables' && (
        <Flex
          as="ul"
          listStyleType="none"
          flexWrap="wrap"
          justifyContent="center"
          columnGap="4"
          rowGap="1"
          mt="2"
          fontSize="sm"
          color="fg"
          data-testid="report-legend"
        >
          {series.map((s) => (
            <HStack as="li" key={s.key} gap="1.5">
              <Box as="span" aria-hidden w="3" h="3" flexShrink={0} borderRadius="sm" style={{ background: s.color }} />
              {s.name}
            </HStack>
          ))}
        </Flex>
      )}
    </Box>
  );
}
