'use client';

import { useFormatter, useTranslations } from 'next-intl';
import type { AppointmentsReport, UtilizationReport } from '@/api/types';
import { useFormats } from '@/lib/format';

export type ReportKind = 'appointments' | 'utilization';
export type AnyReport = AppointmentsReport | UtilizationReport;
export type ReportRow = AnyReport['rows'][number];

export type Grouping = 'day' | 'week' | 'month' | 'dentist' | 'service' | 'room';
export type ColumnKey =
  | 'total'
  | 'completed'
  | 'noShow'
  | 'cancelled'
  | 'lateCancellations'
  | 'noShowRate'
  | 'cancellationRate'
  | 'newPatients'
  | 'returningPatients'
  | 'availableMinutes'
  | 'bookedMinutes'
  | 'utilization';

export const GROUPINGS: Record<ReportKind, readonly Grouping[]> = {
  appointments: ['day', 'week', 'month', 'dentist', 'service'],
  utilization: ['dentist', 'room', 'day', 'week', 'month'],
};

export const isPeriodGrouping = (groupBy: string) => groupBy === 'day' || groupBy === 'week' || groupBy === 'month';

/** A figure of a report column: its key, and how it reads (a count, a ratio, minutes as hours). */
export interface Column {
  key: ColumnKey;
  kind: 'count' | 'percent' | 'hours';
}

export const COLUMNS: Record<ReportKind, Column[]> = {
  appointments: [
    { key: 'total', kind: 'count' },
    { key: 'completed', kind: 'count' },
    { key: 'noShow', kind: 'count' },
    { key: 'cancelled', kind: 'count' },
    { key: 'lateCancellations', kind: 'count' },
    { key: 'noShowRate', kind: 'percent' },
    { key: 'cancellationRate', kind: 'percent' },
    { key: 'newPatients', kind: 'count' },
    { key: 'returningPatients', kind: 'count' },
  ],
  utilization: [
    { key: 'availableMinutes', kind: 'hours' },
    { key: 'bookedMinutes', kind: 'hours' },
    { key: 'utilization', kind: 'percent' },
  ],
};

/** Numbers, ratios, hours and row names in the page's language. */
export function useReportFormats() {
  const format = useFormatter();
  const formats = useFormats();
  const t = useTranslations('reports');
  const figure = (value: unknown, kind: Column['kind']): string => {
    if (value === null || value === undefined) return '—';
    const number = Number(value);
    if (kind === 'percent') return format.number(number, { style: 'percent', maximumFractionDigits: 1 });
    if (kind === 'hours') return format.number(number / 60, { maximumFractionDigits: 1 });
    return format.number(number);
  };
  /** A period row's name from its key (the local date it starts on); other rows carry their own name. */
  const rowName = (row: ReportRow, groupBy: string): string => {
    if (groupBy === 'day') return formats.day(row.key, 'short');
    if (groupBy === 'week') return t('weekOf', { day: formats.day(row.key, 'short') });
    if (groupBy === 'month') return format.dateTime(new Date(`${row.key}T12:00:00Z`), { month: 'short', year: 'numeric', timeZone: 'UTC' });
    return row.label;
  };
  return { figure, rowName };
}
