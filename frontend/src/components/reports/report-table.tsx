'use client';

import { Box, Table } from '@chakra-ui/react';
import { useTranslations } from 'next-intl';
import { isFrontDesk } from '@dental/shared';
import { Link } from '@/i18n/navigation';
import { useSession } from '@/lib/session';
import { type AnyReport, COLUMNS, groupingOf, isPeriodGrouping, type ReportKind, useReportFormats, valueOf } from './report-view';

/**
 * The report's rows and totals; names people typed are isolated (<bdi>) inside the other language. A
 * receivables row links to its patient for those who may open patients (not the Accountant).
 */
export function ReportTable({ kind, report }: { kind: ReportKind; report: AnyReport }) {
  const t = useTranslations('reports');
  const { user } = useSession();
  const { figure, rowName } = useReportFormats();
  const columns = COLUMNS[kind];
  const groupBy = groupingOf(report);
  const currency = 'currency' in report ? report.currency : undefined;
  const linksPatients = groupBy === 'patient' && isFrontDesk(user.role);
  return (
    <Box overflowX="auto" borderWidth="1px" borderRadius="md">
      <Table.Root size="sm" data-testid="report-table">
        <Table.Header>
          <Table.Row>
            <Table.ColumnHeader>{t(`groupBy.${groupBy}`)}</Table.ColumnHeader>
            {columns.map((column) => (
              <Table.ColumnHeader key={column.key} textAlign="end">
                {t(`columns.${column.key}`)}
              </Table.ColumnHeader>
            ))}
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {report.rows.map((row) => (
            <Table.Row key={row.key}>
              <Table.Cell whiteSpace="nowrap">
                {isPeriodGrouping(groupBy) ? (
                  rowName(row, groupBy)
                ) : linksPatients ? (
                  <Link href={`/patients/${row.key}`} data-testid="report-patient-link">
                    <bdi>{row.label}</bdi>
                  </Link>
                ) : (
                  <bdi>{row.label}</bdi>
                )}
              </Table.Cell>
              {columns.map((column) => (
                <Table.Cell key={column.key} textAlign="end" whiteSpace="nowrap">
                  {figure(valueOf(row, column), column.kind, currency)}
                </Table.Cell>
              ))}
            </Table.Row>
          ))}
        </Table.Body>
        <Table.Footer>
          <Table.Row fontWeight="semibold">
            <Table.Cell>{t('total')}</Table.Cell>
            {columns.map((column) => (
              <Table.Cell key={column.key} textAlign="end" whiteSpace="nowrap">
                {figure(valueOf(report.totals, column), column.kind, currency)}
              </Table.Cell>
            ))}
          </Table.Row>
        </Table.Footer>
      </Table.Root>
    </Box>
  );
}
