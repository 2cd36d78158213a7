'use client';

import { useFormatter, useTranslations } from 'next-intl';
import type { AppointmentsReport, ReceivablesReport, RevenueReport, UtilizationReport } from '@/api/types';
import { useFormats } from '@/lib/format';

export const REPORT_KINDS = ['appointments', 'utilization', 'revenue', 'receivables'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
/** The money views: figures in the clinic's currency. */
export const isMoneyKind = (kind: ReportKind): kind is 'revenue' | 'receivables' => kind === 'revenue' || kind === 'receivables';
export type AnyReport = AppointmentsReport | UtilizationReport | RevenueReport | ReceivablesReport;
export type ReportRow = AnyReport['rows'][number];

export type Grouping = 'day' | 'week' | 'month' | 'dentist' | 'service' | 'room' | 'patient';
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
  | 'utilization'
  | 'invoiced'
  | 'vat'
  | 'collected'
  | 'refunded'
  | 'current'
  | 'days1to30'
  | 'days31to60'
  | 'days61to90'
  | 'over90'
  | 'outstanding';

export const GROUPINGS: Record<ReportKind, readonly Grouping[]> = {
  appointments: ['day', 'week', 'month', 'dentist', 'service'],
  utilization: ['dentist', 'room', 'day', 'week', 'month'],
  revenue: ['month', 'week', 'day', 'dentist', 'service'],
  receivables: ['patient'],
};

export const isPeriodGrouping = (groupBy: string) => groupBy === 'day' || groupBy === 'week' || groupBy === 'month';

/** A report's grouping: the one it was asked for, or its rows' (receivables are per patient). */
export const groupingOf = (report: AnyReport): Grouping => ('groupBy' in report ? report.groupBy : 'patient');

/** A figure of a report column: its key, the response field it reads, and how it reads (a count, a ratio, hours, money). */
export interface Column {
  key: ColumnKey;
  field?: string;
  kind: 'count' | 'percent' | 'hours' | 'money';
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
  revenue: [
    { key: 'invoiced', kind: 'money' },
    { key: 'vat', kind: 'money' },
    { key: 'collected', kind: 'money' },
    { key: 'refunded', kind: 'money' },
  ],
  receivables: [
    { key: 'current', kind: 'money' },
    { key: 'days1to30', kind: 'money' },
    { key: 'days31to60', kind: 'money' },
    { key: 'days61to90', kind: 'money' },
    { key: 'over90', kind: 'money' },
    { key: 'outstanding', field: 'total', kind: 'money' },
  ],
};

/** The value of a column in a row or the totals. */
export const valueOf = (values: object, column: Column): unknown => (values as Record<string, unknown>)[column.field ?? column.key];

/** Numbers, ratios, hours, money and row names in the page's language. */
export function useReportFormats() {
  const format = useFormatter();
  const formats = useFormats();
  const t = useTranslations('reports');
  const figure = (value: unknown, kind: Column['kind'], currency?: string): string => {
    if (value === null || value === undefined) return '—';
    if (kind === 'money') return formats.money(value as string, currency ?? '');
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
