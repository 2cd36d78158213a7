import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { and, asc, type Column, eq, getTableName, gt, inArray, lt, ne, or, sql as sqlTag, type SQL, type SQLWrapper } from 'drizzle-orm';
import pg from 'pg';
import type { Tx } from '../db/database.js';
import { appointments, MAX_APPOINTMENT_HOURS } from '../db/schema/index.js';
import type { AppointmentStatus } from '../db/schema/enums.js';
import { isoFromPgText } from '../common/instants.js';
import { patientDisplayName } from '../patients/patients.repository.js';
import type { CalendarEntry } from './appointments.schemas.js';

export type AppointmentRow = typeof appointments.$inferSelect;
export type NewAppointmentRow = typeof appointments.$inferInsert;
export type AppointmentChanges = Partial<Omit<NewAppointmentRow, 'clinicId' | 'id' | 'createdAt' | 'createdById' | 'patientId'>>;

const MAX_DURATION_MS = MAX_APPOINTMENT_HOURS * 3600_000;

/** Appointments overlapping [from, to). */
const overlapping = (from: Date, to: Date): SQL[] => [
  lt(appointments.startAt, to),
  gt(appointments.endAt, from),
  // Bounded duration lets the start_at indexes answer the overlap.
  gt(appointments.startAt, new Date(from.getTime() - MAX_DURATION_MS)),
];

export interface CalendarFilter {
  clinicId: string;
  from: Date;
  to: Date;
  dentistId?: string;
  room?: string;
  patientId?: string;
  status?: AppointmentStatus;
  /** Entries after this one in (startAt, id) order. */
  after?: { startAt: Date; id: string };
}

/** Who a booking clashed with, as named by the exclusion constraint that refused it. */
export type ConflictKind = 'dentist' | 'room' | 'patient';

type TextParser = (value: string | null) => unknown;
const text: TextParser = (value) => value;
const requiredText: TextParser = (value) => value ?? '';
const instantText: TextParser = (value) => isoFromPgText(value!);
const integerText: TextParser = (value) => Number(value);

/**
 * The calendar's fields: each entry field, the SQL that reads it, and how its text becomes the value.
 * The query's column list and the row mapper are both derived from this one list, so they cannot
 * drift apart; every CalendarEntry field must appear (the type says so).
 */
const CALENDAR_FIELDS = {
  id: [appointments.id, text],
  patientId: [appointments.patientId, text],
  dentistId: [appointments.dentistId, text],
  serviceId: [appointments.serviceId, text],
  room: [appointments.room, text],
  startAt: [appointments.startAt, instantText],
  endAt: [appointments.endAt, instantText],
  status: [appointments.status, text],
  notes: [appointments.notes, text],
  cancelReason: [appointments.cancelReason, text],
  version: [appointments.version, integerText],
  patientName: [patientDisplayName(appointments.clinicId, appointments.patientId), requiredText],
} satisfies Record<keyof CalendarEntry, readonly [SQLWrapper, TextParser]>;

const CALENDAR_KEYS = Object.keys(CALENDAR_FIELDS) as (keyof CalendarEntry)[];
const CALENDAR_COLUMNS = Object.fromEntries(CALENDAR_KEYS.map((key) => [key, CALENDAR_FIELDS[key][0]])) as {
  [K in keyof typeof CALENDAR_FIELDS]: (typeof CALENDAR_FIELDS)[K][0];
};
const CALENDAR_PARSERS = CALENDAR_KEYS.map((key) => CALENDAR_FIELDS[key][1]);

/** A calendar row, read positionally in the order of CALENDAR_FIELDS. */
export function toCalendarEntry(row: readonly (string | null)[]): CalendarEntry {
  const entry: Record<string, unknown> = {};
  for (let i = 0; i < CALENDAR_KEYS.length; i++) entry[CALENDAR_KEYS[i]!] = CALENDAR_PARSERS[i]!(row[i] ?? null);
  return entry as unknown as CalendarEntry;
}

/**
 * "table"."column": Drizzle leaves a single-table select's columns unqualified, which a subquery would read
 * as its own. A function declaration, not a const: the patients repository (which this module imports for
 * patientDisplayName) calls lastVisitAt while loading, possibly before this module has run.
 */
function qualified(column: Column): SQL {
  return sqlTag`${sqlTag.identifier(getTableName(column.table))}.${sqlTag.identifier(column.name)}`;
}

/**
 * For other modules' queries (patient lists and pickers): when the patient last came, as one SQL
 * expression, so a page of patients carries it without a second query or a look into this module's
 * table from outside. A visit is an appointment the patient arrived for (checked in, in treatment,
 * completed); the (clinic_id, patient_id, start_at) index answers it.
 */
export function lastVisitAt(clinicId: Column, patientId: Column): SQL<string | null> {
  return sqlTag<
    string | null
  >`(select max(visit.start_at) from appointments visit where visit.clinic_id = ${qualified(clinicId)} and visit.patient_id = ${qualified(patientId)} and visit.status in ('checked_in', 'in_progress', 'completed'))`.mapWith(
    (value: string | null) => (value === null ? null : isoFromPgText(value)),
  );
}

const TEXT_VALUES = { getTypeParser: () => (value: string) => value };

/** A 64-bit advisory-lock key for a clinic's resource (a collision only makes two bookings queue). */
const advisoryKey = (clinicId: string, name: string): string =>
  createHash('sha256').update(`appointment-placement\0${clinicId}\0${name}`).digest().readBigInt64BE(0).toString();

/** The appointments table's SQL. */
@Injectable()
export class AppointmentsRepository {
  async insert(tx: Tx, row: NewAppointmentRow): Promise<AppointmentRow> {
    const [created] = await tx.insert(appointments).values(row).returning();
    return created!;
  }

  async find(tx: Tx, clinicId: string, appointmentId: string, options: { lock?: boolean } = {}): Promise<AppointmentRow | undefined> {
    const query = tx
      .select()
      .from(appointments)
      .where(and(eq(appointments.clinicId, clinicId), eq(appointments.id, appointmentId)));
    const [row] = options.lock ? await query.for('update') : await query;
    return row;
  }

  async update(tx: Tx, clinicId: string, appointmentId: string, changes: AppointmentChanges): Promise<AppointmentRow> {
    const [row] = await tx
      .update(appointments)
      .set(changes)
      .where(and(eq(appointments.clinicId, clinicId), eq(appointments.id, appointmentId)))
      .returning();
    return row!;
  }

  /**
   * Takes transaction-scoped advisory locks on the dentist, room and patient a booking occupies, always
   * in the same (sorted) order, before the insert or update. Concurrent bookings that share any of them
   * then queue here and the later ones meet the committed winner in the exclusion constraints (409),
   * instead of waiting on each other's uncommitted rows across different constraints and deadlocking.
   */
  async lockPlacement(tx: Tx, clinicId: string, resources: { dentistId: string; room: string | null; patientId: string }): Promise<void> {
    const names = [`dentist:${resources.dentistId}`, `patient:${resources.patientId}`];
    if (resources.room) names.push(`room:${resources.room}`);
    const keys = [...new Set(names.map((name) => advisoryKey(clinicId, name)))].sort();
    const locks = sqlTag.join(
      keys.map((key) => sqlTag`pg_advisory_xact_lock(${key}::bigint)`),
      sqlTag`, `,
    );
    await tx.execute(sqlTag`select ${locks}`);
  }

  /**
   * For a patient merge: the advisory locks bookings of these patients take (lockPlacement), so no booking
   * slips in between the overlap check and the move.
   */
  async lockPatients(tx: Tx, clinicId: string, patientIds: string[]): Promise<void> {
    const keys = [...new Set(patientIds.map((id) => advisoryKey(clinicId, `patient:${id}`)))].sort();
    await tx.execute(
      sqlTag`select ${sqlTag.join(
        keys.map((key) => sqlTag`pg_advisory_xact_lock(${key}::bigint)`),
        sqlTag`, `,
      )}`,
    );
  }

  /** Active appointments of one patient that overlap an active one of the other (they could not both be the same person's). */
  async overlapsBetweenPatients(tx: Tx, clinicId: string, fromId: string, intoId: string): Promise<string[]> {
    const result = await tx.execute<{ id: string }>(sqlTag`
      select a.id from appointments a
      join appointments b on b.clinic_id = a.clinic_id and b.patient_id = ${intoId}
        and b.start_at < a.end_at and a.start_at < b.end_at and b.status not in ('cancelled', 'no_show')
      where a.clinic_id = ${clinicId} and a.patient_id = ${fromId} and a.status not in ('cancelled', 'no_show')
      order by a.start_at`);
    return result.rows.map((row) => row.id);
  }

  /** Moves every appointment of one patient to another (a new version each, so open dialogs see the change). */
  async movePatient(tx: Tx, clinicId: string, fromId: string, intoId: string, at: Date): Promise<number> {
    const moved = await tx
      .update(appointments)
      .set({ patientId: intoId, version: sqlTag`${appointments.version} + 1`, updatedAt: at })
      .where(and(eq(appointments.clinicId, clinicId), eq(appointments.patientId, fromId)))
      .returning({ id: appointments.id });
    return moved.length;
  }

  /**
   * The calendar read: up to 2,000 rows a week for a busy clinic, each named after its patient in the
   * same query, handed to `onEntry` in (startAt, id) order as PostgreSQL sends them (none are
   * collected). Drizzle builds the query; pg runs it with every value left as text and rows as arrays,
   * mapped by toCalendarEntry: Drizzle's and pg's per-value parsing (above all of timestamps) cost more
   * than the query itself at this size.
   */
  streamCalendar(tx: Tx, filter: CalendarFilter, limit: number, onEntry: (entry: CalendarEntry) => void): Promise<void> {
    const where: SQL[] = [eq(appointments.clinicId, filter.clinicId), ...overlapping(filter.from, filter.to)];
    if (filter.dentistId) where.push(eq(appointments.dentistId, filter.dentistId));
    if (filter.room) where.push(eq(appointments.room, filter.room));
    if (filter.patientId) where.push(eq(appointments.patientId, filter.patientId));
    if (filter.status) where.push(eq(appointments.status, filter.status));
    if (filter.after) {
      const { startAt, id } = filter.after;
      where.push(or(gt(appointments.startAt, startAt), and(eq(appointments.startAt, startAt), gt(appointments.id, id)))!);
    }
    const { sql, params } = tx
      .select(CALENDAR_COLUMNS)
      .from(appointments)
      .where(and(...where))
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
      query.on('row', (row: (string | null)[]) => {
        if (failure !== undefined) return;
        try {
          onEntry(toCalendarEntry(row));
        } catch (error) {
          failure = error instanceof Error ? error : new Error('Mapping a calendar row failed', { cause: error });
        }
      });
      query.on('error', reject);
      query.on('end', () => (failure === undefined ? resolve() : reject(failure)));
    });
  }

  /** One appointment as the calendar shows it (what a live update carries). */
  async findEntry(tx: Tx, clinicId: string, appointmentId: string): Promise<CalendarEntry | undefined> {
    const { sql, params } = tx
      .select(CALENDAR_COLUMNS)
      .from(appointments)
      .where(and(eq(appointments.clinicId, clinicId), eq(appointments.id, appointmentId)))
      .toSQL();
    const config: pg.QueryArrayConfig = { text: sql, values: params, rowMode: 'array', types: TEXT_VALUES };
    const result = await tx.$client.query<(string | null)[]>(config);
    const row = result.rows[0];
    return row ? toCalendarEntry(row) : undefined;
  }

  /**
   * Appointments of some dentists (or in a room) overlapping a window, every status: availability
   * filters the active ones in code, because enum comparisons are not leakproof and under row-level
   * security the planner then misjudges the row count and picks a poor index.
   */
  overlappingFor(tx: Tx, clinicId: string, dentistIds: string[], room: string | undefined, from: Date, to: Date) {
    const who = [inArray(appointments.dentistId, dentistIds)];
    if (room) who.push(eq(appointments.room, room));
    return tx
      .select({
        dentistId: appointments.dentistId,
        room: appointments.room,
        startAt: appointments.startAt,
        endAt: appointments.endAt,
        status: appointments.status,
      })
      .from(appointments)
      .where(and(eq(appointments.clinicId, clinicId), ...overlapping(from, to), or(...who)));
  }

  /** Other appointments of the same dentist, room or patient overlapping [from, to), to name a clash. */
  clashing(tx: Tx, clinicId: string, exceptId: string, kind: ConflictKind, who: string, from: Date, to: Date) {
    const column = { dentist: appointments.dentistId, room: appointments.room, patient: appointments.patientId }[kind];
    return tx
      .select({ id: appointments.id, status: appointments.status })
      .from(appointments)
      .where(and(eq(appointments.clinicId, clinicId), ne(appointments.id, exceptId), eq(column, who), ...overlapping(from, to)));
  }
}
