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
