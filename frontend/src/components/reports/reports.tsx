'use client';

import { Button, ButtonGroup, Card, SimpleGrid, Stack, Stat } from '@chakra-ui/react';
import { useQuery } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { readsReports } from '@dental/shared';
import { api } from '@/api/client';
import { ApiError, call } from '@/api/problem';
import { FormError, SelectField, TextField, useErrorMessage } from '@/components/form';
import { Loading, PageHeader, RoleGate } from '@/components/page';
import { type DateRange, type Preset, PRESETS, periodFor, presetRange } from '@/lib/report-range';
import { useSession } from '@/lib/session';
import { todayIn } from '@/lib/time';
import { ReportChart } from './report-chart';
import { ReportTable } from './report-table';
import {
  type AnyReport,
  type ColumnKey,
  COLUMNS,
  type Grouping,
  GROUPINGS,
  isMoneyKind,
  REPORT_KINDS,
  type ReportKind,
  useReportFormats,
  valueOf,
} from './report-view';

type Format = 'csv' | 'xlsx';

/** The totals shown as cards above the chart. */
const HEADLINE: readonly ColumnKey[] = [
  'total',
  'noShowRate',
  'cancellationRate',
  'newPatients',
  'availableMinutes',
  'bookedMinutes',
  'utilization',
  'invoiced',
  'vat',
  'collected',
  'refunded',
  'over90',
  'outstanding',
];

interface ReportParams {
  from: string;
  to: string;
  groupBy: string;
  locale: 'en' | 'ar';
}

/** One request for a report, as JSON or as a file (the API streams CSV and XLSX). Receivables are as of `to`. */
function fetchReport(kind: ReportKind, query: ReportParams, format?: Format) {
  const parseAs = format ? 'blob' : 'json';
  const { from, to, groupBy, locale } = query;
  switch (kind) {
    case 'appointments':
      return api.GET('/api/reports/appointments', { params: { query: { from, to, groupBy, locale, format } } as never, parseAs });
    case 'utilization':
      return api.GET('/api/reports/utilization', { params: { query: { from, to, groupBy, locale, format } } as never, parseAs });
    case 'revenue':
      return api.GET('/api/reports/revenue', { params: { query: { from, to, groupBy, locale, format } } as never, parseAs });
    case 'receivables':
      return api.GET('/api/reports/receivables', { params: { query: { asOf: to, locale, format } } as never, parseAs });
  }
}

const isKind = (value: string | null): value is ReportKind => (REPORT_KINDS as readonly string[]).includes(value ?? '');
const isPreset = (value: string | null): value is Preset => (PRESETS as readonly string[]).includes(value ?? '');

/** Saves a file the API sent, under the name it gave. */
async function saveFile(kind: ReportKind, query: ReportParams, format: Format): Promise<void> {
  const { data, response } = await fetchReport(kind, query, format);
  if (!response.ok) throw new ApiError({ type: 'about:blank', title: response.statusText, status: response.status });
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `${kind}.${format}`;
  const url = URL.createObjectURL(data as unknown as Blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function Reports() {
  const { user } = useSession();
  return (
    <RoleGate allow={readsReports(user.role)}>
      <ReportsPage />
    </RoleGate>
  );
}

function ReportsPage() {
  const t = useTranslations('reports');
  const locale = useLocale() === 'ar' ? 'ar' : 'en';
  const { clinic } = useSession();
  const errorMessage = useErrorMessage();
  const today = todayIn(clinic.timezone);
  // A link may open a view: ?view=revenue&preset=today&groupBy=day (the dashboard's cards do).
  const search = useSearchParams();
  const initialKind: ReportKind = isKind(search.get('view')) ? (search.get('view') as ReportKind) : 'appointments';
  const initialPreset: Preset = isPreset(search.get('preset')) ? (search.get('preset') as Preset) : 'thisMonth';
  const initialGroupBy = search.get('groupBy') as Grouping | null;
  const [kind, setKind] = useState<ReportKind>(initialKind);
  const [preset, setPreset] = useState<Preset>(initialPreset);
  const [range, setRange] = useState<DateRange>(() => presetRange(initialPreset === 'custom' ? 'thisMonth' : initialPreset, today));
  // Receivables are as of one day: today unless chosen.
  const [asOf, setAsOf] = useState(today);
  const [grouping, setGrouping] = useState<Record<ReportKind, Grouping | null>>(() => ({
    appointments: null,
    utilization: null,
    revenue: null,
    receivables: null,
    ...(initialGroupBy && GROUPINGS[initialKind].includes(initialGroupBy) ? { [initialKind]: initialGroupBy } : {}),
  }));
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const [downloading, setDownloading] = useState<Format | null>(null);
  const defaultGrouping: Record<ReportKind, Grouping> = {
    appointments: periodFor(range),
    utilization: 'dentist',
    revenue: periodFor(range),
    receivables: 'patient',
  };
  const groupBy: Grouping = grouping[kind] ?? defaultGrouping[kind];
  const query: ReportParams =
    kind === 'receivables' ? { from: asOf, to: asOf, groupBy, locale } : { from: range.from, to: range.to, groupBy, locale };
  const valid = kind === 'receivables' ? asOf !== '' : range.from !== '' && range.to !== '' && range.from <= range.to;

  const report = useQuery({
    queryKey: ['report', kind, query],
    queryFn: () => call(fetchReport(kind, query) as Promise<{ data?: AnyReport; error?: unknown; response: Response }>),
    enabled: valid,
    // The previous figures stay while new ones load, but never another report's.
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[1] === kind ? previous : undefined),
  });

  const choosePreset = (value: string) => {
    setPreset(value as Preset);
    if (value !== 'custom') setRange(presetRange(value as Exclude<Preset, 'custom'>, today));
  };
  const download = async (format: Format) => {
    setDownloading(format);
    setDownloadError(null);
    try {
      await saveFile(kind, query, format);
    } catch (error) {
      setDownloadError(error);
    } finally {
      setDownloading(null);
    }
  };

  const actions = (
    <>
      <Button variant="outline" onClick={() => void download('csv')} loading={downloading === 'csv'} disabled={!valid}>
        {t('downloadCsv')}
      </Button>
      <Button variant="outline" onClick={() => void download('xlsx')} loading={downloading === 'xlsx'} disabled={!valid}>
        {t('downloadExcel')}
      </Button>
    </>
  );

  return (
    <Stack gap="4">
      <PageHeader title={t('title')} actions={actions} />
      <ButtonGroup size="sm" attached variant="outline" alignSelf="flex-start" flexWrap="wrap">
        {REPORT_KINDS.map((value) => (
          <Button key={value} onClick={() => setKind(value)} aria-pressed={kind === value} variant={kind === value ? 'solid' : 'outline'}>
            {t(`kinds.${value}`)}
          </Button>
        ))}
      </ButtonGroup>
      {kind === 'receivables' ? (
        <SimpleGrid columns={{ base: 1, sm: 2, lg: 4 }} gap="3" alignItems="end">
          <TextField label={t('asOf')} name="asOf" type="date" value={asOf} onChange={setAsOf} />
        </SimpleGrid>
      ) : (
        <SimpleGrid columns={{ base: 1, sm: 2, lg: 4 }} gap="3" alignItems="end">
          <SelectField
            label={t('period')}
            name="preset"
            value={preset}
            onChange={choosePreset}
            options={PRESETS.map((value) => ({ value, label: t(`presets.${value}`) }))}
          />
          <TextField
            label={t('from')}
            name="from"
            type="date"
            value={range.from}
            onChange={(from) => {
              setPreset('custom');
              setRange({ ...range, from });
            }}
          />
          <TextField
            label={t('to')}
            name="to"
            type="date"
            value={range.to}
            onChange={(to) => {
              setPreset('custom');
              setRange({ ...range, to });
            }}
          />
          <SelectField
            label={t('groupByLabel')}
            name="groupBy"
            value={groupBy}
            onChange={(value) => setGrouping({ ...grouping, [kind]: value as Grouping })}
            options={GROUPINGS[kind].map((value) => ({ value, label: t(`groupBy.${value}`) }))}
          />
        </SimpleGrid>
      )}
      {!valid && <FormError message={t('invalidRange')} />}
      {downloadError !== null && <FormError message={errorMessage(downloadError)} />}
      {report.error ? (
        <FormError message={errorMessage(report.error)} />
      ) : !report.data ? (
        <Loading />
      ) : (
        <ReportBody kind={kind} report={report.data} />
      )}
    </Stack>
  );
}

function ReportBody({ kind, report }: { kind: ReportKind; report: AnyReport }) {
  const t = useTranslations('reports');
  const { figure } = useReportFormats();
  const currency = 'currency' in report ? report.currency : undefined;
  const headline = COLUMNS[kind].filter((column) => HEADLINE.includes(column.key));
  return (
    <Stack gap="4" data-testid={`report-${kind}`}>
      <SimpleGrid columns={{ base: 2, md: headline.length }} gap="3">
        {headline.map((column) => (
          <Card.Root key={column.key} size="sm" data-testid={`headline-${column.key}`}>
            <Card.Body>
              <Stat.Root>
                <Stat.Label>{t(`columns.${column.key}`)}</Stat.Label>
                <Stat.ValueText fontSize={isMoneyKind(kind) ? 'xl' : undefined}>
                  {figure(valueOf(report.totals, column), column.kind, currency)}
                </Stat.ValueText>
              </Stat.Root>
            </Card.Body>
          </Card.Root>
        ))}
      </SimpleGrid>
      <ReportChart kind={kind} report={report} />
      <ReportTable kind={kind} report={report} />
    </Stack>
  );
}
