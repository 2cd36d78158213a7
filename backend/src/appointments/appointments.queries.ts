import { asc, gt, lt, type SQL } from 'drizzle-orm';
import pg from 'pg';
import type { Tx } from '../db/database.js';
import { appointments, MAX_APPOINTMENT_HOURS } from '../db/schema/index.js';
import type { AppointmentStatus } from '../db/schema/enums.js';
import { isoFromPgText } from '../common/instants.js';
import { patientDisplayName } from '../patients/patients.sql.js';
import type { CalendarEntry } from './appointments.schemas.js';

const MAX_DURATION_MS = MAX_APPOINTMENT_HOURS * 3600_000;

/** Appointments overlapping [from, to). */
export const overlapping = (from: Date, to: Date): SQL[] => [
  lt(appointments.startAt, to),
  gt(appointments.endAt, from),
  // Bounded duration lets the start_at indexes answer the overlap.
  gt(appointments.startAt, new Date(from.getTime() - MAX_DURATION_MS)),
];

/**
 * The calendar read: up to 2,000 rows a week for a busy clinic, each named after its patient in the
 * same query. Drizzle builds the query; pg runs it with every value left as text and rows as arrays,
 * mapped here: Drizzle's and pg's per-value parsing (above all of timestamps) cost more than the query
 * itself at this size. The row layout follows these columns.
 */
const CALENDAR_COLUMNS = {
  id: appointments.id,
  patientId: appointments.patientId,
  dentistId: appointments.dentistId,
  serviceId: appointments.serviceId,
  room: appointments.room,
  startAt: appointments.startAt,
  endAt: appointments.endAt,
  status: appointments.status,
  notes: appointments.notes,
  cancelReason: appointments.cancelReason,
  version: appointments.version,
  patientName: patientDisplayName(appointments.clinicId, appointments.patientId),
};

/** The calendar's rows in order, each handed to `onEntry` as PostgreSQL sends it (none are collected). */
export function streamCalendar(tx: Tx, where: SQL, limit: number, onEntry: (entry: CalendarEntry) => void): Promise<void> {
  const { sql, params } = tx
    .select(CALENDAR_COLUMNS)
    .from(appointments)
    .where(where)
    .orderBy(asc(appointments.startAt), asc(appointments.id))
    .limit(limit)
    .toSQL();
  return new Promise((resolve, reject) => {
    // With a 'row' listener and no callback, pg hands over each row as it is parsed and keeps none.
    const config: pg.QueryArrayConfig = { text: sql, values: params, rowMode: 'array', types: TEXT_VALUES };
    // @types/pg types Query's constructor without rowMode, which it honours.
    const query = tx.$client.query(new pg.Query(config as pg.QueryConfig));
    // A throw inside pg's row event would escape into its socket handler: keep it, fail at the end.
    let failure: Error | undefined;
    query.on('row', (r: (string | null)[]) => {
      if (failure !== undefined) return;
      try {
        onEntry(toCalendarEntry(r));
      } catch (error) {
        failure = error instanceof Error ? error : new Error('Mapping a calendar row failed', { cause: error });
      }
    });
    query.on('error', reject);
    query.on('end', () => (failure === undefined ? resolve() : reject(failure)));
  });
}

const toCalendarEntry = (r: (string | null)[]): CalendarEntry => ({
  id: r[0]!,
  patientId: r[1]!,
  dentistId: r[2]!,
  serviceId: r[3]!,
  room: r[4] ?? null,
  startAt: isoFromPgText(r[5]!),
  endAt: isoFromPgText(r[6]!),
  status: r[7] as AppointmentStatus,
  notes: r[8] ?? null,
  cancelReason: r[9] ?? null,
  version: Number(r[10]),
  patientName: r[11] ?? '',
});

const TEXT_VALUES = { getTypeParser: () => (value: string) => value };
