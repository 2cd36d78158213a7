import { asc, gt, lt, type SQL } from 'drizzle-orm';
import type { Tx } from '../db/database.js';
import { appointments, MAX_APPOINTMENT_HOURS } from '../db/schema/index.js';
import type { AppointmentStatus } from '../db/schema/enums.js';
import type { AppointmentView } from './appointments.schemas.js';

const MAX_DURATION_MS = MAX_APPOINTMENT_HOURS * 3600_000;

/** Appointments overlapping [from, to). */
export const overlapping = (from: Date, to: Date): SQL[] => [
  lt(appointments.startAt, to),
  gt(appointments.endAt, from),
  // Bounded duration lets the start_at indexes answer the overlap.
  gt(appointments.startAt, new Date(from.getTime() - MAX_DURATION_MS)),
];

/**
 * The calendar read: up to 2,000 rows a week for a busy clinic. Drizzle builds the query; pg runs it
 * with every value left as text and rows as arrays, mapped here: Drizzle's and pg's per-value parsing
 * (above all of timestamps) cost more than the query itself at this size.
 */
const CALENDAR_COLUMNS = {
  id: appointments.id, patientId: appointments.patientId, dentistId: appointments.dentistId, serviceId: appointments.serviceId,
  room: appointments.room, startAt: appointments.startAt, endAt: appointments.endAt, status: appointments.status,
  notes: appointments.notes, cancelReason: appointments.cancelReason, cancelledAt: appointments.cancelledAt,
  version: appointments.version, createdAt: appointments.createdAt, updatedAt: appointments.updatedAt,
};

export async function calendarRows(tx: Tx, where: SQL, limit: number): Promise<AppointmentView[]> {
  const query = tx.select(CALENDAR_COLUMNS).from(appointments).where(where).orderBy(asc(appointments.startAt), asc(appointments.id)).limit(limit).toSQL();
  const result = await tx.$client.query<string[]>({ text: query.sql, values: query.params as unknown[], rowMode: 'array', types: TEXT_VALUES });
  return result.rows.map((r) => ({
    id: r[0]!, patientId: r[1]!, dentistId: r[2]!, serviceId: r[3]!, room: r[4] ?? null,
    startAt: isoInstant(r[5]!), endAt: isoInstant(r[6]!), status: r[7] as AppointmentStatus, notes: r[8] ?? null,
    cancelReason: r[9] ?? null, cancelledAt: r[10] ? isoInstant(r[10]) : null, version: Number(r[11]),
    createdAt: isoInstant(r[12]!), updatedAt: isoInstant(r[13]!),
  }));
}

const TEXT_VALUES = { getTypeParser: () => (value: string) => value };

/** PostgreSQL's timestamptz text in UTC ("2026-12-01 05:00:00.5+00") as ISO-8601 ("2026-12-01T05:00:00.500Z"). */
export function isoInstant(text: string): string {
  const match = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d+))?\+00$/.exec(text);
  if (!match) return new Date(text).toISOString();
  return `${match[1]}T${match[2]}.${(match[3] ?? '').padEnd(3, '0').slice(0, 3)}Z`;
}

