'use client';

import { Box, Table } from '@chakra-ui/react';
import { useTranslations } from 'next-intl';
import { type AnyReport, COLUMNS, isPeriodGrouping, type ReportKind, useReportFormats } from './report-view';

/** The report's rows and totals; names people typed are isolated (<bdi>) inside the other language. */
export function ReportTable({ kind, report }: { kind: ReportKind; report: AnyReport }) {
  const t = useTranslations('reports');
  const { figure, rowName } = useReportFormats();
  const columns = COLUMNS[kind];
  const cell = (values: object, key: string) => (values as Record<string, unknown>)[key];
  return (
    <Box overflowX="auto" borderWidth="1px" borderRadius="md">
      <Table.Root size="sm" data-testid="report-table">
        <Table.Header>
          <Table.Row>
            <Table.ColumnHeader>{t(`groupBy.${report.groupBy}`)}</Table.ColumnHeader>
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
                {isPeriodGrouping(report.groupBy) ? rowName(row, report.groupBy) : <bdi>{row.label}</bdi>}
              </Table.Cell>
              {columns.map((column) => (
                <Table.Cell key={column.key} textAlign="end">
                  {figure(cell(row, column.key), column.kind)}
                </Table.Cell>
              ))}
            </Table.Row>
          ))}
        </Table.Body>
        <Table.Footer>
          <Table.Row fontWeight="semibold">
            <Table.Cell>{t('total')}</Table.Cell>
            {columns.map((column) => (
              <Table.Cell key={column.key} textAlign="end">
                {figure(cell(report.totals, column.key), column.kind)}
              </Table.Cell>
            ))}
          </Table.Row>
        </Table.Footer>
      </Table.Root>
    </Box>
  );
}
