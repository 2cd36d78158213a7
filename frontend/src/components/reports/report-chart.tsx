'use client';

import { Box } from '@chakra-ui/react';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AppointmentsReport, UtilizationReport } from '@/api/types';
import { type ReportKind, useReportFormats } from './report-view';

// Chakra's palette (teal.600, red.500, orange.400, gray.400), readable on white and in the dark theme's cards.
const COLORS = { completed: '#0d9488', noShow: '#ef4444', cancelled: '#fb923c', other: '#a1a1aa', booked: '#0d9488' };

/**
 * The report's rows as bars. Right to left in Arabic: the first period on the right, the value axis on
 * the right; numbers and dates in the page's language.
 */
export function ReportChart({ kind, report }: { kind: ReportKind; report: AppointmentsReport | UtilizationReport }) {
  const t = useTranslations('reports');
  const rtl = useLocale() === 'ar';
  const format = useFormatter();
  const { rowName } = useReportFormats();
  const data: Record<string, string | number>[] =
    kind === 'appointments'
      ? (report as AppointmentsReport).rows.map((row) => ({
          name: rowName(row, report.groupBy),
          completed: row.completed,
          noShow: row.noShow,
          cancelled: row.cancelled,
          other: row.total - row.completed - row.noShow - row.cancelled,
        }))
      : (report as UtilizationReport).rows.map((row) => ({ name: rowName(row, report.groupBy), booked: row.utilization ?? 0 }));
  const percent = kind === 'utilization';
  const tick = (value: number) => format.number(value, percent ? { style: 'percent', maximumFractionDigits: 1 } : {});
  const series =
    kind === 'appointments'
      ? (['completed', 'noShow', 'cancelled', 'other'] as const).map((key) => ({ key, name: t(`series.${key}`), color: COLORS[key] }))
      : [{ key: 'booked' as const, name: t('columns.utilization'), color: COLORS.booked }];

  return (
    <Box h="300px" dir={rtl ? 'rtl' : 'ltr'} data-testid="report-chart" role="img" aria-label={t('chartLabel')}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, left: 8, bottom: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" reversed={rtl} tick={{ fontSize: 12 }} interval="preserveStartEnd" />
          <YAxis orientation={rtl ? 'right' : 'left'} tickFormatter={tick} allowDecimals={percent} tick={{ fontSize: 12 }} width={56} />
          <Tooltip formatter={(value) => tick(Number(value))} />
          <Legend />
          {series.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.name} stackId="a" fill={s.color} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </Box>
  );
}
