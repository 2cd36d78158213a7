import { Injectable } from '@nestjs/common';
import { and, eq, gt, inArray, ne, or, type SQL } from 'drizzle-orm';
import { Database, type Tx } from '../db/database.js';
import { appointments, MAX_APPOINTMENT_HOURS } from '../db/schema/index.js';
import type { AppointmentStatus } from '../db/schema/enums.js';
import type { AuthUser, RequestMeta } from '../common/auth/auth-user.js';
import { MANAGERS, PROVIDERS } from '@dental/shared';
import {
  BusinessRuleError,
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  PgErrorCode,
  pgErrorOf,
  ValidationError,
} from '../common/errors.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { newId } from '../common/ids.js';
import { AuditService } from '../audit/audit.service.js';
import { CatalogService } from '../catalog/catalog.service.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import { PatientsService } from '../patients/patients.service.js';
import { SchedulesService } from '../schedules/schedules.service.js';
import { UsersService } from '../users/users.service.js';
import { canTransition, isActive, isClosed } from '@dental/shared';
import { fitsWorkingTime, type Interval, workingIntervals } from '../scheduling/working-time.js';
import type { ListSink } from '../common/list-writer.js';
import { overlapping, streamCalendar } from './appointments.queries.js';
import type {
  AppointmentView,
  CalendarEntry,
  CancelAppointment,
  ChangeStatus,
  CreateAppointment,
  ListAppointmentsQuery,
  RescheduleAppointment,
} from './appointments.schemas.js';

type AppointmentRow = typeof appointments.$inferSelect;

const MAX_DURATION_MS = MAX_APPOINTMENT_HOURS * 3600_000;
const DAY_MS = 86_400_000;

/** What a booking or a move asks for, before the rules have looked at it. */
interface Booking {
  patientId: string;
  dentistId: string;
  serviceId: string;
  room: string | null;
  startAt: Date;
  endAt?: Date;
  overrideSchedule?: boolean;
  /** Moves check only what changed: an old appointment may predate today's schedule. */
  checkSchedule: boolean;
  checkService: boolean;
}

function toAppointmentView(row: AppointmentRow): AppointmentView {
  return {
    id: row.id,
    patientId: row.patientId,
    dentistId: row.dentistId,
    serviceId: row.serviceId,
    room: row.room,
    startAt: row.startAt.toISOString(),
    endAt: row.endAt.toISOString(),
    status: row.status,
    notes: row.notes,
    cancelReason: row.cancelReason,
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const CALENDAR_MAX_DAYS = 62;
const PATIENT_HISTORY_MAX_DAYS = 366 * 20;

@Injectable()
export class AppointmentsService {
  constructor(
    private readonly database: Database,
    private readonly patients: PatientsService,
    private readonly users: UsersService,
    private readonly catalog: CatalogService,
    private readonly schedules: SchedulesService,
    private readonly clinics: ClinicsService,
    private readonly audit: AuditService,
  ) {}

  async create(actor: AuthUser, input: CreateAppointment, meta: RequestMeta): Promise<AppointmentView> {
    const id = newId();
    const booking: Booking = {
      patientId: input.patientId,
      dentistId: input.dentistId,
      serviceId: input.serviceId,
      room: input.room ?? null,
      startAt: new Date(input.startAt),
      endAt: input.endAt ? new Date(input.endAt) : undefined,
      overrideSchedule: input.overrideSchedule,
      checkSchedule: true,
      checkService: true,
    };
    let endAt: Date | undefined;
    try {
      return await this.database.withClinic(actor.clinicId, async (tx) => {
        const plan = await this.checkBooking(actor, booking);
        endAt = plan.endAt;
        const [row] = await tx
          .insert(appointments)
          .values({
            clinicId: actor.clinicId,
            id,
            patientId: booking.patientId,
            dentistId: booking.dentistId,
            serviceId: booking.serviceId,
            room: booking.room,
            startAt: booking.startAt,
            endAt: plan.endAt,
            notes: input.notes ?? null,
            createdById: actor.userId,
          })
          .returning();
        const base = { userId: actor.userId, entityType: 'appointment', entityId: id, ip: meta.ip };
        await this.audit.record(actor.clinicId, { ...base, action: 'APPOINTMENT_CREATED' });
        if (plan.overridden)
          await this.audit.record(actor.clinicId, { ...base, action: 'SCHEDULE_OVERRIDDEN', metadata: { dentistId: booking.dentistId } });
        return toAppointmentView(row!);
      });
    } catch (error) {
      throw await this.explainConflict(actor.clinicId, error, { ...booking, id, endAt: endAt ?? booking.startAt });
    }
  }

  /** The calendar query: entries go to `sink` in order while they are read, then the next page's cursor. */
  async list(actor: AuthUser, query: ListAppointmentsQuery, sink: ListSink<CalendarEntry>): Promise<void> {
    const from = new Date(query.from);
    const to = new Date(query.to);
    if (to <= from) throw new ValidationError([{ path: 'to', message: 'Must be after "from"' }]);
    // A calendar spans weeks; one patient's history spans years and is short.
    const maxDays = query.patientId ? PATIENT_HISTORY_MAX_DAYS : CALENDAR_MAX_DAYS;
    if (to.getTime() - from.getTime() > maxDays * DAY_MS)
      throw new ValidationError([{ path: 'to', message: `The range may span at most ${maxDays} days` }]);
    const filters: SQL[] = [eq(appointments.clinicId, actor.clinicId), ...overlapping(from, to)];
    if (query.dentistId) filters.push(eq(appointments.dentistId, query.dentistId));
    if (query.room) filters.push(eq(appointments.room, query.room));
    if (query.patientId) filters.push(eq(appointments.patientId, query.patientId));
    if (query.status) filters.push(eq(appointments.status, query.status));
    if (query.cursor) {
      const [startAt, id] = decodeCursor(query.cursor, 2) as [string, string];
      const after = new Date(startAt);
      if (Number.isNaN(after.getTime())) throw new ValidationError([{ path: 'cursor', message: 'The cursor is not valid' }]);
      filters.push(or(gt(appointments.startAt, after), and(eq(appointments.startAt, after), gt(appointments.id, id)))!);
    }
    const nextCursor = await this.database.withClinic(actor.clinicId, async (tx) => {
      let count = 0;
      let last: CalendarEntry | undefined;
      await streamCalendar(tx, and(...filters)!, query.limit + 1, (entry) => {
        if (++count > query.limit) return; // the one beyond the page only says there is more
        last = entry;
        sink.item(entry);
      });
      return count > query.limit && last ? encodeCursor(last.startAt, last.id) : null;
    });
    sink.end(nextCursor);
  }

  get(actor: AuthUser, appointmentId: string): Promise<AppointmentView> {
    return this.database.withClinic(actor.clinicId, async (tx) =>
      toAppointmentView(await this.lockRow(tx, actor.clinicId, appointmentId, false)),
    );
  }

  /** Moves an appointment (time, dentist, room, service). Needs the version the caller last saw. */
  async reschedule(actor: AuthUser, appointmentId: string, input: RescheduleAppointment, ifMatch: number | undefined, meta: RequestMeta) {
    let candidate: (Booking & { id: string; endAt: Date }) | undefined;
    try {
      return await this.database.withClinic(actor.clinicId, async (tx) => {
        const row = await this.lockRow(tx, actor.clinicId, appointmentId);
        assertVersion(row, input.version ?? ifMatch, true);
        if (isClosed(row.status)) throw new ConflictError('appointment-closed', `A ${row.status} appointment cannot be moved.`);
        const startAt = input.startAt ? new Date(input.startAt) : row.startAt;
        const serviceChanged = input.serviceId !== undefined && input.serviceId !== row.serviceId;
        const keepsLength = !serviceChanged && input.endAt === undefined;
        const endAt = input.endAt
          ? new Date(input.endAt)
          : keepsLength
            ? new Date(startAt.getTime() + (row.endAt.getTime() - row.startAt.getTime()))
            : undefined;
        const booking: Booking = {
          patientId: row.patientId,
          dentistId: input.dentistId ?? row.dentistId,
          serviceId: input.serviceId ?? row.serviceId,
          room: input.room === undefined ? row.room : input.room,
          startAt,
          endAt,
          overrideSchedule: input.overrideSchedule,
          checkSchedule: input.startAt !== undefined || input.endAt !== undefined || input.dentistId !== undefined || serviceChanged,
          checkService: serviceChanged,
        };
        const plan = await this.checkBooking(actor, booking);
        candidate = { ...booking, id: row.id, endAt: plan.endAt };
        const [updated] = await tx
          .update(appointments)
          .set({
            dentistId: booking.dentistId,
            serviceId: booking.serviceId,
            room: booking.room,
            startAt,
            endAt: plan.endAt,
            notes: input.notes === undefined ? row.notes : input.notes,
            version: row.version + 1,
            updatedAt: new Date(),
          })
          .where(and(eq(appointments.clinicId, actor.clinicId), eq(appointments.id, row.id)))
          .returning();
        const base = { userId: actor.userId, entityType: 'appointment', entityId: row.id, ip: meta.ip };
        await this.audit.record(actor.clinicId, {
          ...base,
          action: 'APPOINTMENT_RESCHEDULED',
          metadata: { from: snapshot(row), to: snapshot(updated!) },
        });
        if (plan.overridden)
          await this.audit.record(actor.clinicId, { ...base, action: 'SCHEDULE_OVERRIDDEN', metadata: { dentistId: booking.dentistId } });
        return toAppointmentView(updated!);
      });
    } catch (error) {
      throw candidate ? await this.explainConflict(actor.clinicId, error, candidate) : error;
    }
  }

  cancel(actor: AuthUser, appointmentId: string, input: CancelAppointment, meta: RequestMeta): Promise<AppointmentView> {
    return this.transition(actor, appointmentId, 'cancelled', input.version, meta, { cancelReason: input.reason, cancelledAt: new Date() });
  }

  changeStatus(actor: AuthUser, appointmentId: string, input: ChangeStatus, meta: RequestMeta): Promise<AppointmentView> {
    return this.transition(actor, appointmentId, input.status, input.version, meta, {});
  }

  /** Busy time of some dentists (and of a room) in a window, for availability. */
  busyIntervals(clinicId: string, dentistIds: string[], room: string | undefined, from: Date, to: Date) {
    return this.database.withClinic(clinicId, async (tx) => {
      const who = [inArray(appointments.dentistId, dentistIds)];
      if (room) who.push(eq(appointments.room, room));
      // The status test runs here, not in SQL: enum comparisons are not leakproof, and under row-level
      // security the planner then misjudges the row count and picks a poor index.
      const rows = await tx
        .select({
          dentistId: appointments.dentistId,
          room: appointments.room,
          startAt: appointments.startAt,
          endAt: appointments.endAt,
          status: appointments.status,
        })
        .from(appointments)
        .where(and(eq(appointments.clinicId, clinicId), ...overlapping(from, to), or(...who)));
      const byDentist = new Map<string, Interval[]>(dentistIds.map((id) => [id, []]));
      const roomBusy: Interval[] = [];
      for (const row of rows) {
        if (!isActive(row.status)) continue;
        const interval = { start: row.startAt.getTime(), end: row.endAt.getTime() };
        byDentist.get(row.dentistId)?.push(interval);
        if (room && row.room === room) roomBusy.push(interval);
      }
      return { byDentist, roomBusy };
    });
  }

  private async transition(
    actor: AuthUser,
    appointmentId: string,
    to: AppointmentStatus,
    version: number | undefined,
    meta: RequestMeta,
    extra: Partial<AppointmentRow>,
  ): Promise<AppointmentView> {
    return this.database.withClinic(actor.clinicId, async (tx) => {
      const row = await this.lockRow(tx, actor.clinicId, appointmentId);
      assertVersion(row, version, false);
      if (!canTransition(row.status, to)) {
        throw new ConflictError('illegal-transition', `An appointment cannot go from ${row.status} to ${to}.`, {
          currentStatus: row.status,
        });
      }
      const [updated] = await tx
        .update(appointments)
        .set({ ...extra, status: to, version: row.version + 1, updatedAt: new Date() })
        .where(and(eq(appointments.clinicId, actor.clinicId), eq(appointments.id, row.id)))
        .returning();
      await this.audit.record(actor.clinicId, {
        userId: actor.userId,
        entityType: 'appointment',
        entityId: row.id,
        ip: meta.ip,
        action: to === 'cancelled' ? 'APPOINTMENT_CANCELLED' : 'APPOINTMENT_STATUS_CHANGED',
        metadata: { from: row.status, to, ...(extra.cancelReason ? { reason: extra.cancelReason } : {}) },
      });
      return toAppointmentView(updated!);
    });
  }

  /** The rules a booking must pass before the database's own overlap constraints. */
  private async checkBooking(actor: AuthUser, booking: Booking): Promise<{ endAt: Date; overridden: boolean }> {
    const clinicId = actor.clinicId;
    const patient = await this.patients.findActive(clinicId, booking.patientId);
    if (!patient) throw new NotFoundError('Patient');
    if (patient.archived) throw new BusinessRuleError('patient-archived', 'An archived patient cannot be booked.');
    const dentist = await this.users.findById(clinicId, booking.dentistId);
    if (!dentist) throw new NotFoundError('Dentist');
    if (!PROVIDERS.includes(dentist.role)) throw new BusinessRuleError('not-a-provider', 'Only a Dentist or Hygienist can be booked.');
    if (dentist.status !== 'active') throw new BusinessRuleError('dentist-inactive', 'This staff member is disabled.');
    const service = await this.catalog.findBookable(clinicId, booking.serviceId);
    if (!service) throw new NotFoundError('Service');
    if (booking.checkService && !service.active) throw new BusinessRuleError('service-inactive', 'This service is no longer offered.');

    const endAt = booking.endAt ?? new Date(booking.startAt.getTime() + service.durationMinutes * 60_000);
    if (endAt <= booking.startAt) throw new ValidationError([{ path: 'endAt', message: 'Must be after startAt' }]);
    if (endAt.getTime() - booking.startAt.getTime() > MAX_DURATION_MS) {
      throw new ValidationError([{ path: 'endAt', message: `An appointment lasts at most ${MAX_APPOINTMENT_HOURS} hours` }]);
    }
    if (!booking.checkSchedule) return { endAt, overridden: false };
    const fits = await this.fitsSchedule(clinicId, booking.dentistId, booking.startAt, endAt);
    if (fits) return { endAt, overridden: false };
    if (!booking.overrideSchedule) {
      throw new BusinessRuleError(
        'outside-working-hours',
        "The time is outside the dentist's working hours, in a break or during an absence.",
      );
    }
    if (!MANAGERS.includes(actor.role)) throw new ForbiddenError('Only an Owner or Admin can book outside working hours.');
    return { endAt, overridden: true };
  }

  private async fitsSchedule(clinicId: string, dentistId: string, startAt: Date, endAt: Date): Promise<boolean> {
    const { timezone } = await this.clinics.profile(clinicId);
    const from = startAt.getTime() - DAY_MS;
    const to = endAt.getTime() + DAY_MS;
    const schedules = await this.schedules.schedulesOf(clinicId, [dentistId], isoDate(from), isoDate(to));
    const working = workingIntervals(schedules.get(dentistId)!, timezone, from, to);
    return fitsWorkingTime(working, startAt.getTime(), endAt.getTime());
  }

  private async lockRow(tx: Tx, clinicId: string, appointmentId: string, forUpdate = true): Promise<AppointmentRow> {
    const query = tx
      .select()
      .from(appointments)
      .where(and(eq(appointments.clinicId, clinicId), eq(appointments.id, appointmentId)));
    const [row] = forUpdate ? await query.for('update') : await query;
    if (!row) throw new NotFoundError('Appointment');
    return row;
  }

  /** An exclusion-constraint failure becomes a 409 naming the appointment in the way. */
  private async explainConflict(clinicId: string, error: unknown, candidate: Booking & { id: string; endAt: Date }): Promise<unknown> {
    const pg = pgErrorOf(error);
    if (pg?.code !== PgErrorCode.exclusionViolation) return error;
    const conflict = pg.constraint?.includes('room') ? 'room' : pg.constraint?.includes('patient') ? 'patient' : 'dentist';
    const who =
      conflict === 'room'
        ? eq(appointments.room, candidate.room ?? '')
        : conflict === 'patient'
          ? eq(appointments.patientId, candidate.patientId)
          : eq(appointments.dentistId, candidate.dentistId);
    const clashes = await this.database.withClinic(clinicId, (tx) =>
      tx
        .select({ id: appointments.id, status: appointments.status })
        .from(appointments)
        .where(
          and(
            eq(appointments.clinicId, clinicId),
            ne(appointments.id, candidate.id),
            who,
            ...overlapping(candidate.startAt, candidate.endAt),
          ),
        ),
    );
    const other = clashes.find((c) => isActive(c.status));
    const subject = { dentist: 'The dentist', room: 'The room', patient: 'The patient' }[conflict];
    return new ConflictError('double-booking', `${subject} already has an appointment at this time.`, {
      conflict,
      conflictingAppointmentId: other?.id ?? null,
    });
  }
}

function assertVersion(row: AppointmentRow, expected: number | undefined, required: boolean): void {
  if (expected === undefined) {
    if (required)
      throw new DomainError(
        428,
        'version-required',
        'Precondition Required',
        'Send the version you last saw (body "version" or If-Match).',
      );
    return;
  }
  if (expected !== row.version) {
    throw new ConflictError('stale-version', 'The appointment was changed by someone else; reload it and try again.', {
      currentVersion: row.version,
    });
  }
}

const snapshot = (row: AppointmentRow) => ({
  startAt: row.startAt.toISOString(),
  endAt: row.endAt.toISOString(),
  dentistId: row.dentistId,
  room: row.room,
  serviceId: row.serviceId,
});

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
