'use client';

import { Box } from '@chakra-ui/react';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { Bar, BarChart, CartesianGrid, Cell, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AppointmentsReport, ReceivablesReport, RevenueReport, UtilizationReport } from '@/api/types';
import { useFormats } from '@/lib/format';
import { type AnyReport, COLUMNS, type ReportKind, useReportFormats } from './report-view';

// Chakra's palette (teal.600, red.500, orange.400, gray.400, blue.500), readable on white and in the dark theme's cards.
const COLORS = {
  completed: '#0d9488',
  noShow: '#ef4444',
  cancelled: '#fb923c',
  other: '#a1a1aa',
  booked: '#0d9488',
  invoiced: '#3b82f6',
  collected: '#0d9488',
  refunded: '#ef4444',
};
// Receivables from not yet due (teal) to over 90 days (red): the older, the warmer.
const AGING_COLORS = ['#0d9488', '#84cc16', '#eab308', '#f97316', '#dc2626'];

interface Series {
  key: string;
  name: string;
  color: string;
  stacked: boolean;
}

/**
 * The report's rows as bars. Right to left in Arabic: the first period on the right, the value axis on
 * the right; numbers, dates and money in the page's language. Receivables: one bar per aging bucket.
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
      color: COLORS[key],
      stacked: true,
    }));
  } else if (kind === 'utilization') {
    const r = report as UtilizationReport;
    data = r.rows.map((row) => ({ name: rowName(row, r.groupBy), booked: row.utilization ?? 0 }));
    series = [{ key: 'booked', name: t('columns.utilization'), color: COLORS.booked, stacked: true }];
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
      color: COLORS[key],
      stacked: false,
    }));
  } else {
    const r = report as ReceivablesReport;
    data = COLUMNS.receivables
      .filter((column) => column.key !== 'outstanding')
      .map((column) => ({ name: t(`columns.${column.key}`), owed: Number(r.totals[column.key as keyof typeof r.totals]) }));
    series = [{ key: 'owed', name: t('columns.outstanding'), color: AGING_COLORS[0]!, stacked: false }];
  }
  const currency = 'currency' in report ? report.currency : undefined;
  const percent = kind === 'utilization';
  const tick = (value: number) => format.number(value, percent ? { style: 'percent', maximumFractionDigits: 1 } : { notation: 'compact' });
  const tooltip = (value: number) => (currency ? formats.money(String(value), currency) : tick(value));

  return (
    <Box h="300px" dir={rtl ? 'rtl' : 'ltr'} data-testid="report-chart" role="img" aria-label={t('chartLabel')}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, left: 8, bottom: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" reversed={rtl} tick={{ fontSize: 12 }} interval="preserveStartEnd" />
          <YAxis orientation={rtl ? 'right' : 'left'} tickFormatter={tick} allowDecimals={percent} tick={{ fontSize: 12 }} width={56} />
          <Tooltip formatter={(value) => tooltip(Number(value))} />
          {kind !== 'receivables' && <Legend />}
          {series.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.name} stackId={s.stacked ? 'a' : undefined} fill={s.color} isAnimationActive={false}>
              {kind === 'receivables' && data.map((entry, index) => <Cell key={String(entry.name)} fill={AGING_COLORS[index]} />)}
            </Bar>
          ))}
        </BarChart>
      </ResponsiveContainer>
    </Box>
  );
}
