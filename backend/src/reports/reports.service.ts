import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { PROVIDERS, REPORT_ALL_ROWS } from '@dental/shared';
import { Database, type Tx } from '../db/database.js';
import { type Actor, actingUserId, actsAs } from '../common/actor.js';
import { ValidationError } from '../common/errors.js';
import { Clock } from '../common/clock.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import { SchedulesService } from '../schedules/schedules.service.js';
import { type Interval, mergeIntervals, workingIntervals } from '../scheduling/working-time.js';
import { APPOINTMENT_COLUMNS, GROUP_HEADINGS, RECEIVABLES_COLUMNS, REVENUE_COLUMNS, UTILIZATION_COLUMNS } from './report-columns.js';
import { currencyExponent, formatAmount } from '../common/money.js';
import { CONTENT_TYPES, csvStream, type ReportColumn, type ReportRecord, type ReportTable, xlsxStream } from './report-export.js';
import { minutesOf, minutesPerPeriod, ratio } from './report-math.js';
import { daysInRange, isPeriodUnit, MAX_REPORT_DAYS, type Period, periodsOf, type ReportRange, reportRange } from './report-periods.js';
import {
  type AgingRow,
  type AppointmentCountsRow,
  type ReportFilter,
  type ReportKey,
  ReportsRepository,
  type RevenueRow,
} from './reports.repository.js';
import type {
  AppointmentFigures,
  AppointmentsReport,
  AppointmentsReportQuery,
  ReceivablesReport,
  ReceivablesReportQuery,
  ReportQuery,
  ReportsSummary,
  RevenueReport,
  RevenueReportQuery,
  UtilizationFigures,
  UtilizationReport,
  UtilizationReportQuery,
} from './reports.schemas.js';

/** A report as a file to send: its bytes stream out while they are written. */
export interface ReportFile {
  fileName: string;
  contentType: string;
  stream: Readable;
}

/** A row key and what a reader sees for it. */
interface RowHead {
  key: string;
  label: string;
}

const ZERO_COUNTS: AppointmentCountsRow = {
  key: null,
  total: 0,
  scheduled: 0,
  confirmed: 0,
  checkedIn: 0,
  inProgress: 0,
  completed: 0,
  cancelled: 0,
  noShow: 0,
  lateCancellations: 0,
  newPatients: 0,
  visitingPatients: 0,
};

function appointmentFigures(counts: AppointmentCountsRow): AppointmentFigures {
  const { key: _key, visitingPatients, ...figures } = counts;
  return {
    ...figures,
    noShowRate: ratio(counts.noShow, counts.total - counts.cancelled),
    cancellationRate: ratio(counts.cancelled, counts.total),
    returningPatients: visitingPatients - counts.newPatients,
  };
}

function utilizationFigures(availableMinutes: number, bookedMinutes: number): UtilizationFigures {
  return { availableMinutes, bookedMinutes, utilization: ratio(bookedMinutes, availableMinutes) };
}

function rangeOf(query: ReportQuery, zone: string): ReportRange {
  if (query.to < query.from) throw new ValidationError([{ path: 'to', message: 'Must not be before "from"' }]);
  if (daysInRange(query.from, query.to) > MAX_REPORT_DAYS)
    throw new ValidationError([{ path: 'to', message: `A report may cover at most ${MAX_REPORT_DAYS} days` }]);
  return reportRange(query.from, query.to, zone);
}

/** The SQL key of a grouping: a period's bucket number, or the entity column. */
const keyOf = (groupBy: string, periods: Period[] | undefined): ReportKey =>
  periods ? { by: 'period', bounds: periods.map((period) => new Date(period.start)) } : { by: groupBy as 'dentist' | 'service' | 'room' };

const fileOf = (
  name: string,
  query: Pick<ReportQuery, 'format' | 'locale'> & { from: string; to: string },
  columns: readonly ReportColumn[],
  report: { rows: object[]; totals: object },
) => {
  const table: ReportTable = {
    name: `${name}-${query.from}-${query.to}`,
    columns,
    rows: report.rows as ReportRecord[],
    totals: report.totals as ReportRecord,
  };
  const format = query.format === 'xlsx' ? 'xlsx' : 'csv';
  return {
    fileName: `${table.name}.${format}`,
    contentType: CONTENT_TYPES[format],
    stream: format === 'xlsx' ? xlsxStream(table, query.locale) : csvStream(table, query.locale),
  };
};

/** Reports read across appointments, schedules, staff and services; they never write. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly database: Database,
    private readonly repository: ReportsRepository,
    private readonly clinics: ClinicsService,
    private readonly schedules: SchedulesService,
    private readonly clock: Clock,
  ) {}

  /**
   * The dashboard's four money figures in one small read: today's invoiced and collected (as the revenue
   * report for today), this week's no-shows (as the appointments report for Sunday to Saturday) and what
   * patients owe now (as the receivables report for today). Owner, Admin and Accountant only (the
   * controller's roles).
   */
  async summary(actor: Actor): Promise<ReportsSummary> {
    return this.database.transaction(actor, async (tx) => {
      const clinic = await this.clinics.profile(actor.clinicId);
      const today = DateTime.fromJSDate(this.clock.now(), { zone: clinic.timezone }).startOf('day');
      const weekFrom = today.minus({ days: today.weekday % 7 });
      const day = reportRange(today.toISODate()!, today.toISODate()!, clinic.timezone);
      const week = reportRange(weekFrom.toISODate()!, weekFrom.plus({ days: 6 }).toISODate()!, clinic.timezone);
      const whole = (range: ReportRange): ReportKey => ({ by: 'period', bounds: [new Date(range.start)] });
      const filterOf = (range: ReportRange): ReportFilter => ({
        clinicId: actor.clinicId,
        from: new Date(range.start),
        to: new Date(range.end),
      });
      const money = (await this.repository.revenue(tx, filterOf(day), whole(day))).find((row) => row.key === null);
      const counts = (await this.repository.appointmentCounts(tx, filterOf(week), whole(week))).find((row) => row.key === null);
      const outstanding = await this.repository.outstanding(tx, actor.clinicId);
      return {
        date: day.fromDate,
        timezone: clinic.timezone,
        currency: clinic.currency,
        weekFrom: week.fromDate,
        weekTo: week.toDate,
        invoicedToday: formatAmount(money?.invoiced ?? '0', clinic.currency),
        collectedToday: formatAmount(money?.collected ?? '0', clinic.currency),
        noShowsThisWeek: counts?.noShow ?? 0,
        outstanding: formatAmount(outstanding, clinic.currency),
      };
    });
  }

  /** Counts by status, no-show and cancellation rates, late cancellations, new and returning patients. */
  async appointments(actor: Actor, query: AppointmentsReportQuery): Promise<AppointmentsReport | ReportFile> {
    const report = await this.database.transaction(actor, async (tx): Promise<AppointmentsReport> => {
      const { range, filter, periods } = await this.scope(actor, query, query.groupBy);
      const counts = await this.repository.appointmentCounts(tx, filter, keyOf(query.groupBy, periods));
      const byKey = new Map(counts.filter((row) => row.key !== null).map((row) => [row.key!, row]));
      let heads: RowHead[];
      if (periods) heads = periods.map((period, index) => ({ key: String(index + 1), label: period.label }));
      else if (query.groupBy === 'dentist') heads = await this.dentistHeads(tx, filter, [...byKey.keys()]);
      else heads = await this.serviceHeads(tx, filter.clinicId, [...byKey.keys()], query.locale);
      return {
        from: range.fromDate,
        to: range.toDate,
        timezone: range.zone,
        groupBy: query.groupBy,
        rows: heads.map((head, index) => ({
          key: periods ? periods[index]!.key : head.key,
          label: head.label,
          ...appointmentFigures(byKey.get(head.key) ?? ZERO_COUNTS),
        })),
        totals: appointmentFigures(counts.find((row) => row.key === null) ?? ZERO_COUNTS),
      };
    });
    if (query.format === 'json') return report;
    return fileOf('appointments', query, [GROUP_HEADINGS[query.groupBy]!, ...APPOINTMENT_COLUMNS], report);
  }

  /** Available minutes (working hours less breaks and absences) against booked minutes. */
  async utilization(actor: Actor, query: UtilizationReportQuery): Promise<UtilizationReport | ReportFile> {
    const report = await this.database.transaction(actor, async (tx): Promise<UtilizationReport> => {
      const { range, filter, periods, rooms } = await this.scope(actor, query, query.groupBy);
      const booked = await this.repository.bookedMinutes(tx, filter, keyOf(query.groupBy, periods));
      const dentists = await this.dentistHeads(tx, filter, query.groupBy === 'dentist' ? [...booked.keys()].filter((k) => k !== null) : []);
      const providers = dentists.map((d) => d.key);
      const schedules = await this.schedules.schedulesOf(filter.clinicId, providers, range.fromDate, range.toDate);
      const working = new Map<string, Interval[]>(
        providers.map((id) => [id, workingIntervals(schedules.get(id)!, range.zone, range.start, range.end)]),
      );
      let rows: UtilizationReport['rows'];
      if (periods) {
        const perProvider = [...working.values()].map((intervals) => minutesPerPeriod(intervals, periods));
        rows = periods.map((period, index) => ({
          key: period.key,
          label: period.label,
          ...utilizationFigures(
            perProvider.reduce((sum, minutes) => sum + minutes.get(period.key)!, 0),
            booked.get(String(index + 1)) ?? 0,
          ),
        }));
      } else if (query.groupBy === 'dentist') {
        rows = dentists.map((d) => ({ ...d, ...utilizationFigures(minutesOf(working.get(d.key)!), booked.get(d.key) ?? 0) }));
      } else {
        // A room is available while the clinic is open: while any provider (of those in scope) works.
        const open = minutesOf(mergeIntervals([...working.values()].flat()));
        const names = [...new Set([...rooms, ...[...booked.keys()].filter((k): k is string => k !== null).sort()])];
        rows = names.map((room) => ({ key: room, label: room, ...utilizationFigures(open, booked.get(room) ?? 0) }));
      }
      const sum = (pick: (row: UtilizationFigures) => number) => rows.reduce((total, row) => total + pick(row), 0);
      return {
        from: range.fromDate,
        to: range.toDate,
        timezone: range.zone,
        groupBy: query.groupBy,
        rows,
        totals: utilizationFigures(
          sum((r) => r.availableMinutes),
          sum((r) => r.bookedMinutes),
        ),
      };
    });
    if (query.format === 'json') return report;
    return fileOf('utilization', query, [GROUP_HEADINGS[query.groupBy]!, ...UTILIZATION_COLUMNS], report);
  }

  /** Invoiced (net of credit notes) and VAT by issue date, collected and refunded by the day money moved. */
  async revenue(actor: Actor, query: RevenueReportQuery): Promise<RevenueReport | ReportFile> {
    const report = await this.database.transaction(actor, async (tx): Promise<RevenueReport> => {
      const { range, filter, periods, currency } = await this.scope(actor, query, query.groupBy);
      const rows = await this.repository.revenue(tx, filter, keyOf(query.groupBy, periods));
      const money = (row: RevenueRow | undefined) => ({
        invoiced: formatAmount(row?.invoiced ?? '0', currency),
        vat: formatAmount(row?.vat ?? '0', currency),
        collected: formatAmount(row?.collected ?? '0', currency),
        refunded: formatAmount(row?.refunded ?? '0', currency),
      });
      const byKey = new Map(rows.filter((row) => row.key !== null).map((row) => [row.key!, row]));
      let heads: RowHead[];
      if (periods) heads = periods.map((period, index) => ({ key: String(index + 1), label: period.label }));
      else if (query.groupBy === 'service') {
        // Only the services that moved money in the range (a clinic has dozens), by name; lines without one last.
        const ids = [...byKey.keys()].filter((key) => key !== '');
        heads = (await this.serviceHeads(tx, filter.clinicId, ids, query.locale)).filter((head) => byKey.has(head.key));
        if (byKey.has('')) heads.push({ key: '', label: query.locale === 'ar' ? 'بنود بلا خدمة' : 'Other items' });
      } else {
        heads = await this.dentistHeads(
          tx,
          filter,
          [...byKey.keys()].filter((key) => key !== ''),
        );
        if (byKey.has('')) heads.push({ key: '', label: query.locale === 'ar' ? 'بدون طبيب' : 'No dentist' });
      }
      return {
        from: range.fromDate,
        to: range.toDate,
        timezone: range.zone,
        currency,
        groupBy: query.groupBy,
        rows: heads.map((head, index) => ({
          key: periods ? periods[index]!.key : head.key,
          label: head.label,
          ...money(byKey.get(head.key)),
        })),
        totals: money(rows.find((row) => row.key === null)),
      };
    });
    if (query.format === 'json') return report;
    return fileOf('revenue', query, [GROUP_HEADINGS[query.groupBy]!, ...REVENUE_COLUMNS], report);
  }

  /** What patients owe at the end of a day, aged by days past due (current, 1-30, 31-60, 61-90, over 90). */
  async receivables(actor: Actor, query: ReceivablesReportQuery): Promise<ReceivablesReport | ReportFile> {
    const report = await this.database.transaction(actor, async (tx): Promise<ReceivablesReport> => {
      const { range, filter, currency } = await this.scope(actor, { ...query, from: query.asOf, to: query.asOf }, 'patient');
      const rows = await this.repository.aging(tx, actor.clinicId, filter.to, currencyExponent(currency), filter.dentistId);
      const zero = formatAmount('0', currency);
      const money = (row: AgingRow | undefined) => ({
        current: row?.current ?? zero,
        days1to30: row?.days1to30 ?? zero,
        days31to60: row?.days31to60 ?? zero,
        days61to90: row?.days61to90 ?? zero,
        over90: row?.over90 ?? zero,
        total: row?.total ?? zero,
      });
      return {
        asOf: range.toDate,
        timezone: range.zone,
        currency,
        rows: rows.filter((row) => row.key !== null).map((row) => ({ key: row.key!, label: row.label ?? '', ...money(row) })),
        totals: money(rows.find((row) => row.key === null)),
      };
    });
    if (query.format === 'json') return report;
    return fileOf('receivables', { ...query, from: query.asOf, to: query.asOf }, [GROUP_HEADINGS.patient!, ...RECEIVABLES_COLUMNS], report);
  }

  /** The range in the clinic's zone, its periods, and whose rows the actor reads (Dentist, Hygienist: their own). */
  private async scope(actor: Actor, query: ReportQuery, groupBy: string) {
    const clinic = await this.clinics.profile(actor.clinicId);
    const range = rangeOf(query, clinic.timezone);
    const ownRows = actsAs(actor, REPORT_ALL_ROWS) ? undefined : (actingUserId(actor) ?? undefined);
    const filter: ReportFilter = { clinicId: actor.clinicId, from: new Date(range.start), to: new Date(range.end), dentistId: ownRows };
    return {
      range,
      filter,
      periods: isPeriodUnit(groupBy) ? periodsOf(range, groupBy) : undefined,
      rooms: clinic.rooms,
      currency: clinic.currency,
    };
  }

  /** Providers (and other staff named by `ids`), or only the actor when they read their own rows. */
  private async dentistHeads(tx: Tx, filter: ReportFilter, ids: string[]): Promise<RowHead[]> {
    const staff = await this.repository.dentists(tx, filter.clinicId, filter.dentistId ? [filter.dentistId] : ids, PROVIDERS);
    return staff.filter((s) => !filter.dentistId || s.id === filter.dentistId).map((s) => ({ key: s.id, label: s.name }));
  }

  private async serviceHeads(tx: Tx, clinicId: string, ids: string[], locale: ReportQuery['locale']): Promise<RowHead[]> {
    const list = await this.repository.services(tx, clinicId, ids);
    return list.map((s) => ({ key: s.id, label: locale === 'ar' ? (s.nameAr ?? s.name) : s.name }));
  }
}
