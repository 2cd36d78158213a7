'use client';

import { Button, ButtonGroup, Card, SimpleGrid, Stack, Stat } from '@chakra-ui/react';
import { useQuery } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
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
import { type AnyReport, type ColumnKey, COLUMNS, type Grouping, GROUPINGS, type ReportKind, useReportFormats } from './report-view';

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
];

/** One request for either report, as JSON or as a file (the API streams CSV and XLSX). */
function fetchReport(kind: ReportKind, query: { from: string; to: string; groupBy: string; locale: 'en' | 'ar' }, format?: Format) {
  const params = { query: { ...query, format } };
  return kind === 'appointments'
    ? api.GET('/api/reports/appointments', { params: params as never, parseAs: format ? 'blob' : 'json' })
    : api.GET('/api/reports/utilization', { params: params as never, parseAs: format ? 'blob' : 'json' });
}

/** Saves a file the API sent, under the name it gave. */
async function saveFile(kind: ReportKind, query: Parameters<typeof fetchReport>[1], format: Format): Promise<void> {
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
  const [kind, setKind] = useState<ReportKind>('appointments');
  const [preset, setPreset] = useState<Preset>('thisMonth');
  const [range, setRange] = useState<DateRange>(() => presetRange('thisMonth', today));
  const [grouping, setGrouping] = useState<Record<ReportKind, Grouping | null>>({ appointments: null, utilization: null });
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const [downloading, setDownloading] = useState<Format | null>(null);
  const groupBy: Grouping = grouping[kind] ?? (kind === 'appointments' ? periodFor(range) : 'dentist');
  const query = { from: range.from, to: range.to, groupBy, locale } as const;
  const valid = range.from !== '' && range.to !== '' && range.from <= range.to;

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
      <ButtonGroup size="sm" attached variant="outline" alignSelf="flex-start">
        {(['appointments', 'utilization'] as const).map((value) => (
          <Button key={value} onClick={() => setKind(value)} aria-pressed={kind === value} variant={kind === value ? 'solid' : 'outline'}>
            {t(`kinds.${value}`)}
          </Button>
        ))}
      </ButtonGroup>
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
  const totals = report.totals as Record<string, number | null>;
  const headline = COLUMNS[kind].filter((column) => HEADLINE.includes(column.key));
  return (
    <Stack gap="4" data-testid={`report-${kind}`}>
      <SimpleGrid columns={{ base: 2, md: headline.length }} gap="3">
        {headline.map((column) => (
          <Card.Root key={column.key} size="sm">
            <Card.Body>
              <Stat.Root>
                <Stat.Label>{t(`columns.${column.key}`)}</Stat.Label>
                <Stat.ValueText>{figure(totals[column.key], column.kind)}</Stat.ValueText>
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
