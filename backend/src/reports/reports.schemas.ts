import { z } from 'zod';

export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const REPORT_LOCALES = ['en', 'ar'] as const;
export type ReportLocale = (typeof REPORT_LOCALES)[number];

const localDate = z.iso.date({ message: 'Must be a date (YYYY-MM-DD)' });

/** What every report takes: local dates in the clinic's time zone (both inclusive) and the output format. */
const reportQuery = z.strictObject({
  /** First day, in the clinic's time zone. */
  from: localDate,
  /** Last day (inclusive), in the clinic's time zone. At most 731 days after `from`. */
  to: localDate,
  /** json (default), csv (RFC 4180, UTF-8 with BOM) or xlsx. */
  format: z.enum(REPORT_FORMATS).default('json'),
  /** Language of the column headings of csv and xlsx files. */
  locale: z.enum(REPORT_LOCALES).default('en'),
});
export type ReportQuery = z.infer<typeof reportQuery>;

export const APPOINTMENT_GROUPINGS = ['day', 'week', 'month', 'dentist', 'service'] as const;
export const appointmentsReportQuerySchema = reportQuery.extend({ groupBy: z.enum(APPOINTMENT_GROUPINGS).default('day') });
export type AppointmentsReportQuery = z.infer<typeof appointmentsReportQuerySchema>;

export const UTILIZATION_GROUPINGS = ['dentist', 'room', 'day', 'week', 'month'] as const;
export const utilizationReportQuerySchema = reportQuery.extend({ groupBy: z.enum(UTILIZATION_GROUPINGS).default('dentist') });
export type UtilizationReportQuery = z.infer<typeof utilizationReportQuerySchema>;

const rate = z.number().min(0).nullable();

const appointmentFigures = z.object({
  /** Appointments starting in the row, whatever their status. */
  total: z.number().int(),
  scheduled: z.number().int(),
  confirmed: z.number().int(),
  checkedIn: z.number().int(),
  inProgress: z.number().int(),
  completed: z.number().int(),
  cancelled: z.number().int(),
  noShow: z.number().int(),
  /** Cancelled less than 24 hours before the start (or after it). */
  lateCancellations: z.number().int(),
  /** noShow / (total - cancelled); null when nothing was due. */
  noShowRate: rate,
  /** cancelled / total; null when there were no appointments. */
  cancellationRate: rate,
  /** Patients whose first visit (an appointment neither cancelled nor missed) is in the row. */
  newPatients: z.number().int(),
  /** Patients with a visit in the row who had visited before. */
  returningPatients: z.number().int(),
});

const reportHeader = {
  from: z.iso.date(),
  to: z.iso.date(),
  /** The clinic's time zone: every day, week and month boundary is a local midnight in it. */
  timezone: z.string(),
};

export const appointmentsReportSchema = z.object({
  ...reportHeader,
  groupBy: z.enum(APPOINTMENT_GROUPINGS),
  rows: z.array(z.object({ key: z.string(), label: z.string(), ...appointmentFigures.shape })),
  /** Over the whole range (patients counted once, so not always the sum of the rows). */
  totals: appointmentFigures,
});
export type AppointmentsReport = z.infer<typeof appointmentsReportSchema>;
export type AppointmentFigures = z.infer<typeof appointmentFigures>;

const utilizationFigures = z.object({
  /** Working hours less breaks and absences (for a room: while any provider works). */
  availableMinutes: z.number().int(),
  /** Appointments that were not cancelled, within the range. */
  bookedMinutes: z.number().int(),
  /** bookedMinutes / availableMinutes; null when nothing was available. */
  utilization: rate,
});

export const utilizationReportSchema = z.object({
  ...reportHeader,
  groupBy: z.enum(UTILIZATION_GROUPINGS),
  rows: z.array(z.object({ key: z.string(), label: z.string(), ...utilizationFigures.shape })),
  totals: utilizationFigures,
});
export type UtilizationReport = z.infer<typeof utilizationReportSchema>;
export type UtilizationFigures = z.infer<typeof utilizationFigures>;

export const REVENUE_GROUPINGS = ['day', 'week', 'month', 'dentist', 'service'] as const;
export const revenueReportQuerySchema = reportQuery.extend({ groupBy: z.enum(REVENUE_GROUPINGS).default('month') });
export type RevenueReportQuery = z.infer<typeof revenueReportQuerySchema>;

const amount = z.string().regex(/^-?\d+(\.\d+)?$/);

const revenueFigures = z.object({
  /** Issued invoices' totals (VAT included) by issue date, less credit notes by theirs. */
  invoiced: amount,
  /** The VAT in `invoiced`. */
  vat: amount,
  /** Payments by the day they were received. */
  collected: amount,
  /** Refunds by the day they were given. */
  refunded: amount,
});

export const revenueReportSchema = z.object({
  ...reportHeader,
  currency: z.string(),
  groupBy: z.enum(REVENUE_GROUPINGS),
  rows: z.array(z.object({ key: z.string(), label: z.string(), ...revenueFigures.shape })),
  totals: revenueFigures,
});
export type RevenueReport = z.infer<typeof revenueReportSchema>;
export type RevenueFigures = z.infer<typeof revenueFigures>;

export const receivablesReportQuerySchema = z.strictObject({
  /** The day (in the clinic's time zone) whose end the balances are taken at. */
  asOf: localDate,
  format: z.enum(REPORT_FORMATS).default('json'),
  locale: z.enum(REPORT_LOCALES).default('en'),
});
export type ReceivablesReportQuery = z.infer<typeof receivablesReportQuerySchema>;

const agingFigures = z.object({
  /** Not yet past due. */
  current: amount,
  days1to30: amount,
  days31to60: amount,
  days61to90: amount,
  over90: amount,
  /** The sum of the buckets: what is owed. */
  total: amount,
});

export const receivablesReportSchema = z.object({
  asOf: z.iso.date(),
  timezone: z.string(),
  currency: z.string(),
  /** One row per patient who owes money, by name. */
  rows: z.array(z.object({ key: z.string(), label: z.string(), ...agingFigures.shape })),
  totals: agingFigures,
});
export type ReceivablesReport = z.infer<typeof receivablesReportSchema>;
export type AgingFigures = z.infer<typeof agingFigures>;

export const reportsSummarySchema = z.object({
  /** Today in the clinic's time zone. */
  date: z.iso.date(),
  timezone: z.string(),
  currency: z.string(),
  /** This week (Sunday to Saturday, as the calendar and the Reports page's "This week"), both inclusive. */
  weekFrom: z.iso.date(),
  weekTo: z.iso.date(),
  /** Today's production: what the revenue report's `invoiced` says for today. */
  invoicedToday: amount,
  /** Today's collections: the revenue report's `collected` for today. */
  collectedToday: amount,
  /** Appointments this week marked no-show: the appointments report's `noShow` for the week. */
  noShowsThisWeek: z.number().int(),
  /** What patients owe now: the receivables report's total as of today. */
  outstanding: amount,
});
export type ReportsSummary = z.infer<typeof reportsSummarySchema>;
