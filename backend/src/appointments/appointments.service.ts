import { Injectable, type OnModuleInit } from '@nestjs/common';
import { canTransition, isActive, isClosed, isRemindable, MANAGERS } from '@dental/shared';
import { Database, type Tx } from '../db/database.js';
import type { AppointmentStatus } from '../db/schema/enums.js';
import { type Actor, actingUserId, actsAs, readsClinical } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { ConflictError, DomainError, ForbiddenError, NotFoundError, PgErrorCode, pgErrorOf, ValidationError } from '../common/errors.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { newId } from '../common/ids.js';
import { KeyedLimiter } from '../common/keyed-limiter.js';
import { isStorableInstant } from '../common/schemas.js';
import type { ListSink } from '../common/list-writer.js';
import { AuditService } from '../audit/audit.service.js';
import { LiveEvents } from '../live/live-events.js';
import type { LiveEventType } from '../live/live-messages.js';
import { CatalogService } from '../catalog/catalog.service.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import { PatientsService } from '../patients/patients.service.js';
import { type PatientMerge, PatientMergeRegistry } from '../patients/patient-merge.js';
import { SchedulesService } from '../schedules/schedules.service.js';
import { UsersService } from '../users/users.service.js';
import { type AppointmentFacts, type ReminderFacts, RemindersService } from '../notifications/reminders.service.js';
import type { NotificationView } from '../notifications/notifications.schemas.js';
import type { SendReminder } from '../notifications/reminders.schemas.js';
import {
  type BookingPlan,
  type BookingRequest,
  checkBooking,
  MAX_APPOINTMENT_HOURS,
  WORKING_TIME_MARGIN_MS,
} from '../scheduling/booking-rules.js';
import { type Interval, workingIntervals } from '../scheduling/working-time.js';
import { type AppointmentRow, AppointmentsRepository, type ConflictKind } from './appointments.repository.js';
import type {
  AppointmentView,
  CalendarEntry,
  CancelAppointment,
  ChangeStatus,
  CreateAppointment,
  ListAppointmentsQuery,
  RescheduleAppointment,
} from './appointments.schemas.js';

const DAY_MS = 86_400_000;
const CALENDAR_MAX_DAYS = 62;
const PATIENT_HISTORY_MAX_DAYS = 366 * 20;

/** Who and what a booking or a move puts where, before the rules have looked at it. */
interface Placement {
  patientId: string;
  dentistId: string;
  serviceId: string;
  room: string | null;
}

/** A placement the rules accepted, kept to explain an overlap the database then refuses. */
type Candidate = Placement & { id: string; startAt: Date; endAt: Date };

/** Appointment notes are free text that holds clinical detail: only clinical roles read or write them. */
function assertMayWriteNotes(actor: Actor, notes: string | null | undefined, creating: boolean): void {
  const writes = creating ? notes !== undefined && notes !== null : notes !== undefined;
  if (writes && !readsClinical(actor)) throw new ForbiddenError('Your role may not write clinical fields (notes).');
}

function withoutNotes<T extends { notes?: string | null }>(view: T, actor: Actor): T {
  if (readsClinical(actor)) return view;
  const { notes: _hidden, ...rest } = view;
  return rest as T;
}

function toAppointmentView(row: AppointmentRow, actor: Actor): AppointmentView {
  return withoutNotes(toView(row), actor);
}

function toView(row: AppointmentRow): AppointmentView {
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

/**
 * Bookings and moves of one clinic queue on their resource locks inside a transaction; at most this many
 * per clinic and process wait there at a time, the rest wait in memory, so a burst of clashing bookings
 * cannot take every pooled connection from other clinics.
 */
const BOOKINGS_IN_FLIGHT_PER_CLINIC = 3;

@Injectable()
export class AppointmentsService implements OnModuleInit {
  private readonly bookings = new KeyedLimiter(BOOKINGS_IN_FLIGHT_PER_CLINIC);

  constructor(
    private readonly database: Database,
    private readonly repository: AppointmentsRepository,
    private readonly patients: PatientsService,
    private readonly users: UsersService,
    private readonly catalog: CatalogService,
    private readonly schedules: SchedulesService,
    private readonly clinics: ClinicsService,
    private readonly reminders: RemindersService,
    private readonly audit: AuditService,
    private readonly live: LiveEvents,
    private readonly mergeParticipants: PatientMergeRegistry,
    private readonly clock: Clock,
  ) {}

  /** A patient merge moves the duplicate's appointments (patients/patient-merge.ts). */
  onModuleInit(): void {
    this.mergeParticipants.register({
      name: 'appointments',
      tables: ['appointments'],
      movePatient: (tx, merge) => this.movePatient(tx, merge),
    });
  }

  /**
   * Moves every appointment of a merged duplicate to the patient kept, inside the merge's transaction.
   * Refused (409 merge-conflict, naming them) when both have a visit at the same time: one is a mistake
   * to cancel first, and the database would refuse the overlap anyway.
   */
  private async movePatient(tx: Tx, merge: PatientMerge): Promise<number> {
    await this.repository.lockPatients(tx, merge.clinicId, [merge.fromId, merge.intoId]);
    const clashes = await this.repository.overlapsBetweenPatients(tx, merge.clinicId, merge.fromId, merge.intoId);
    if (clashes.length > 0) {
      throw new ConflictError('merge-conflict', 'Both patients have an appointment at the same time: cancel one of them first.', {
        conflictingAppointmentIds: clashes,
      });
    }
    return this.repository.movePatient(tx, merge.clinicId, merge.fromId, merge.intoId, merge.at);
  }

  async create(actor: Actor, input: CreateAppointment): Promise<AppointmentView> {
    assertMayWriteNotes(actor, input.notes, true);
    const id = newId();
    const placement: Placement = {
      patientId: input.patientId,
      dentistId: input.dentistId,
      serviceId: input.serviceId,
      room: input.room ?? null,
    };
    const request: BookingRequest = {
      startAt: new Date(input.startAt),
      endAt: input.endAt ? new Date(input.endAt) : undefined,
      overrideSchedule: input.overrideSchedule,
      backEntry: input.backEntry,
      checkSchedule: true,
      checkService: true,
      checkTime: true,
    };
    let candidate: Candidate | undefined;
    try {
      return await this.bookings.run(actor.clinicId, () =>
        this.database.transaction(actor, async (tx) => {
          const { plan, facts } = await this.planBooking(actor, placement, request);
          candidate = { ...placement, id, startAt: request.startAt, endAt: plan.endAt };
          await this.repository.lockPlacement(tx, actor.clinicId, placement);
          const now = this.clock.now();
          const row = await this.repository.insert(tx, {
            clinicId: actor.clinicId,
            id,
            ...placement,
            startAt: request.startAt,
            endAt: plan.endAt,
            notes: input.notes ?? null,
            createdById: actingUserId(actor),
            createdAt: now,
            updatedAt: now,
          });
          await this.audit.record(actor, { action: 'APPOINTMENT_CREATED', entityType: 'appointment', entityId: id });
          await this.recordOverride(actor, plan, id, placement.dentistId, request.startAt);
          await this.reminders.schedule(actor.clinicId, row, facts);
          await this.publish(tx, actor.clinicId, 'appointment.created', id);
          return toAppointmentView(row, actor);
        }),
      );
    } catch (error) {
      throw candidate ? await this.explainConflict(actor.clinicId, error, candidate) : error;
    }
  }

  /** The calendar query: entries go to `sink` in order while they are read, then the next page's cursor. */
  async list(actor: Actor, query: ListAppointmentsQuery, sink: ListSink<CalendarEntry>): Promise<void> {
    const from = new Date(query.from);
    const to = new Date(query.to);
    if (to <= from) throw new ValidationError([{ path: 'to', code: 'end_before_start', message: 'Must be after "from"' }]);
    // A calendar spans weeks; one patient's history spans years and is short.
    const maxDays = query.patientId ? PATIENT_HISTORY_MAX_DAYS : CALENDAR_MAX_DAYS;
    if (to.getTime() - from.getTime() > maxDays * DAY_MS)
      throw new ValidationError([
        { path: 'to', code: 'range_too_long', message: `The range may span at most ${maxDays} days`, params: { days: maxDays } },
      ]);
    const filter = {
      clinicId: actor.clinicId,
      from,
      to,
      dentistId: query.dentistId,
      room: query.room,
      patientId: query.patientId,
      status: query.status,
    };
    const after = query.cursor ? parseCalendarCursor(query.cursor) : undefined;
    const clinical = readsClinical(actor);
    const nextCursor = await this.database.transaction(actor, async (tx) => {
      let count = 0;
      let last: CalendarEntry | undefined;
      await this.repository.streamCalendar(tx, { ...filter, after }, query.limit + 1, (entry) => {
        if (++count > query.limit) return; // the one beyond the page only says there is more
        last = entry;
        sink.item(clinical ? entry : withoutNotes(entry, actor));
      });
      return count > query.limit && last ? encodeCursor(last.startAt, last.id) : null;
    });
    sink.end(nextCursor);
  }

  get(actor: Actor, appointmentId: string): Promise<AppointmentView> {
    return this.database.transaction(actor, async (tx) => toAppointmentView(await this.findRow(tx, actor.clinicId, appointmentId), actor));
  }

  /** Moves an appointment (time, dentist, room, service). Needs the version the caller last saw. */
  async reschedule(
    actor: Actor,
    appointmentId: string,
    input: RescheduleAppointment,
    ifMatch: number | undefined,
  ): Promise<AppointmentView> {
    assertMayWriteNotes(actor, input.notes, false);
    let candidate: Candidate | undefined;
    try {
      return await this.bookings.run(actor.clinicId, () =>
        this.database.transaction(actor, async (tx) => {
          const row = await this.findRow(tx, actor.clinicId, appointmentId, true);
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
          const placement: Placement = {
            patientId: row.patientId,
            dentistId: input.dentistId ?? row.dentistId,
            serviceId: input.serviceId ?? row.serviceId,
            room: input.room === undefined ? row.room : input.room,
          };
          const { plan, facts } = await this.planBooking(actor, placement, {
            startAt,
            endAt,
            overrideSchedule: input.overrideSchedule,
            backEntry: input.backEntry,
            checkSchedule: input.startAt !== undefined || input.endAt !== undefined || input.dentistId !== undefined || serviceChanged,
            checkService: serviceChanged,
            checkTime: movesTime(row, startAt, endAt),
          });
          candidate = { ...placement, id: row.id, startAt, endAt: plan.endAt };
          await this.repository.lockPlacement(tx, actor.clinicId, placement);
          const updated = await this.repository.update(tx, actor.clinicId, row.id, {
            dentistId: placement.dentistId,
            serviceId: placement.serviceId,
            room: placement.room,
            startAt,
            endAt: plan.endAt,
            notes: input.notes === undefined ? row.notes : input.notes,
            version: row.version + 1,
            updatedAt: this.clock.now(),
          });
          await this.audit.record(actor, {
            action: 'APPOINTMENT_RESCHEDULED',
            entityType: 'appointment',
            entityId: row.id,
            metadata: { from: snapshot(row), to: snapshot(updated) },
          });
          await this.recordOverride(actor, plan, row.id, placement.dentistId, startAt);
          if (remindersChange(row, updated)) await this.reminders.replace(actor.clinicId, updated, facts);
          await this.publish(tx, actor.clinicId, 'appointment.updated', row.id);
          return toAppointmentView(updated, actor);
        }),
      );
    } catch (error) {
      throw candidate ? await this.explainConflict(actor.clinicId, error, candidate) : error;
    }
  }

  cancel(actor: Actor, appointmentId: string, input: CancelAppointment): Promise<AppointmentView> {
    return this.transition(actor, appointmentId, 'cancelled', input.version, { cancelReason: input.reason, cancelledAt: this.clock.now() });
  }

  changeStatus(actor: Actor, appointmentId: string, input: ChangeStatus): Promise<AppointmentView> {
    return this.transition(actor, appointmentId, input.status, input.version, {});
  }

  /** The front desk's "Send reminder": the reminder goes now, by the patient's channels. */
  remind(actor: Actor, appointmentId: string, input: SendReminder): Promise<{ items: NotificationView[] }> {
    return this.database.transaction(actor, async (tx) => {
      // The row lock makes two clicks at once wait for each other: the second sees the first's reminder.
      const row = await this.findRow(tx, actor.clinicId, appointmentId, true);
      return { items: await this.reminders.sendNow(actor, row, input) };
    });
  }

  /** For other modules (files): the patient of an appointment of the clinic, if it has one. */
  findPatientOf(clinicId: string, appointmentId: string): Promise<{ patientId: string } | undefined> {
    return this.database.withClinic(clinicId, async (tx) => {
      const row = await this.repository.find(tx, clinicId, appointmentId);
      return row && { patientId: row.patientId };
    });
  }

  /** Busy time of some dentists (and of a room) in a window, for availability. */
  busyIntervals(clinicId: string, dentistIds: string[], room: string | undefined, from: Date, to: Date) {
    return this.database.withClinic(clinicId, async (tx) => {
      const rows = await this.repository.overlappingFor(tx, clinicId, dentistIds, room, from, to);
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

  private transition(
    actor: Actor,
    appointmentId: string,
    to: AppointmentStatus,
    version: number | undefined,
    extra: { cancelReason?: string; cancelledAt?: Date },
  ): Promise<AppointmentView> {
    return this.database.transaction(actor, async (tx) => {
      const row = await this.findRow(tx, actor.clinicId, appointmentId, true);
      assertVersion(row, version, false);
      if (!canTransition(row.status, to)) {
        throw new ConflictError('illegal-transition', `An appointment cannot go from ${row.status} to ${to}.`, {
          currentStatus: row.status,
        });
      }
      const updated = await this.repository.update(tx, actor.clinicId, row.id, {
        ...extra,
        status: to,
        version: row.version + 1,
        updatedAt: this.clock.now(),
      });
      await this.audit.record(actor, {
        entityType: 'appointment',
        entityId: row.id,
        action: to === 'cancelled' ? 'APPOINTMENT_CANCELLED' : 'APPOINTMENT_STATUS_CHANGED',
        metadata: { from: row.status, to, ...(extra.cancelReason ? { reason: extra.cancelReason } : {}) },
      });
      if (!isRemindable(to)) await this.reminders.cancel(actor.clinicId, row.id, to);
      await this.publish(tx, actor.clinicId, to === 'cancelled' ? 'appointment.cancelled' : 'appointment.status_changed', row.id);
      return toAppointmentView(updated, actor);
    });
  }

  /**
   * Gathers what the booking rules judge (scheduling/booking-rules.ts) and lets them decide. What it
   * read is handed on to the reminders, so a booking reads each row once.
   */
  private async planBooking(
    actor: Actor,
    placement: Placement,
    request: BookingRequest,
  ): Promise<{ plan: BookingPlan; facts: ReminderFacts }> {
    const clinicId = actor.clinicId;
    const patient = await this.patients.findActive(clinicId, placement.patientId);
    const dentist = await this.users.findById(clinicId, placement.dentistId);
    const service = await this.catalog.findBookable(clinicId, placement.serviceId);
    const clinic = request.checkSchedule && dentist ? await this.clinics.profile(clinicId) : undefined;
    const working = clinic && dentist ? await this.workingTimeAround(clinicId, dentist.id, request.startAt, clinic.timezone) : [];
    const manager = actsAs(actor, MANAGERS);
    const plan = checkBooking(request, {
      patient,
      dentist,
      service,
      working,
      mayOverrideSchedule: manager,
      now: this.clock.now(),
      mayBackEnter: manager,
    });
    return { plan, facts: { clinic, patient, clinician: dentist, service } };
  }

  private async workingTimeAround(clinicId: string, dentistId: string, startAt: Date, timezone: string): Promise<Interval[]> {
    const from = startAt.getTime() - WORKING_TIME_MARGIN_MS;
    const to = startAt.getTime() + MAX_APPOINTMENT_HOURS * 3_600_000 + WORKING_TIME_MARGIN_MS;
    const schedules = await this.schedules.schedulesOf(clinicId, [dentistId], isoDate(from), isoDate(to));
    return workingIntervals(schedules.get(dentistId)!, timezone, from, to);
  }

  /** What the rules let through on purpose is audited: outside working hours, a past visit recorded. */
  private async recordOverride(actor: Actor, plan: BookingPlan, appointmentId: string, dentistId: string, startAt: Date): Promise<void> {
    if (plan.overridden) {
      await this.audit.record(actor, {
        action: 'SCHEDULE_OVERRIDDEN',
        entityType: 'appointment',
        entityId: appointmentId,
        metadata: { dentistId },
      });
    }
    if (plan.backEntered) {
      await this.audit.record(actor, {
        action: 'APPOINTMENT_BACK_ENTERED',
        entityType: 'appointment',
        entityId: appointmentId,
        metadata: { startAt: startAt.toISOString() },
      });
    }
  }

  /** Tells every open calendar of the clinic, after commit: the entry as the calendar shows it. */
  private async publish(tx: Tx, clinicId: string, type: LiveEventType, appointmentId: string): Promise<void> {
    const entry = await this.repository.findEntry(tx, clinicId, appointmentId);
    if (entry) await this.live.publish(tx, clinicId, type, entry);
  }

  /** For billing: the visit an invoice charges for (its patient, service and status), locked until commit. */
  findForBilling(
    clinicId: string,
    appointmentId: string,
  ): Promise<{ patientId: string; serviceId: string; status: AppointmentStatus } | undefined> {
    return this.database.withClinic(clinicId, async (tx) => {
      const row = await this.repository.find(tx, clinicId, appointmentId, { lock: true });
      return row && { patientId: row.patientId, serviceId: row.serviceId, status: row.status };
    });
  }

  private async findRow(tx: Tx, clinicId: string, appointmentId: string, lock = false): Promise<AppointmentRow> {
    const row = await this.repository.find(tx, clinicId, appointmentId, { lock });
    if (!row) throw new NotFoundError('Appointment');
    return row;
  }

  /** An exclusion-constraint failure becomes a 409 naming the appointment in the way. */
  private async explainConflict(clinicId: string, error: unknown, candidate: Candidate): Promise<unknown> {
    const pg = pgErrorOf(error);
    if (pg?.code !== PgErrorCode.exclusionViolation) return error;
    const conflict: ConflictKind = pg.constraint?.includes('room') ? 'room' : pg.constraint?.includes('patient') ? 'patient' : 'dentist';
    const who = { dentist: candidate.dentistId, room: candidate.room ?? '', patient: candidate.patientId }[conflict];
    const clashes = await this.database.withClinic(clinicId, (tx) =>
      this.repository.clashing(tx, clinicId, candidate.id, conflict, who, candidate.startAt, candidate.endAt),
    );
    const other = clashes.find((c) => isActive(c.status));
    const subject = { dentist: 'The dentist', room: 'The room', patient: 'The patient' }[conflict];
    return new ConflictError('double-booking', `${subject} already has an appointment at this time.`, {
      conflict,
      conflictingAppointmentId: other?.id ?? null,
    });
  }
}

/** A reminder names the time, the clinician and the service: a change of any replaces the reminders. */
const remindersChange = (before: AppointmentFacts, after: AppointmentFacts): boolean =>
  before.startAt.getTime() !== after.startAt.getTime() || before.dentistId !== after.dentistId || before.serviceId !== after.serviceId;

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

function parseCalendarCursor(cursor: string): { startAt: Date; id: string } {
  const [startAt, id] = decodeCursor(cursor, 2) as [string, string];
  const after = new Date(startAt);
  if (!isStorableInstant(after.getTime()))
    throw new ValidationError([{ path: 'cursor', code: 'invalid_cursor', message: 'The cursor is not valid' }]);
  return { startAt: after, id };
}

const snapshot = (row: AppointmentRow) => ({
  startAt: row.startAt.toISOString(),
  endAt: row.endAt.toISOString(),
  dentistId: row.dentistId,
  room: row.room,
  serviceId: row.serviceId,
});

/** Whether a move gives the appointment another start or end (an unchanged time may lie in the past). */
function movesTime(row: AppointmentRow, startAt: Date, endAt: Date | undefined): boolean {
  return startAt.getTime() !== row.startAt.getTime() || (endAt !== undefined && endAt.getTime() !== row.endAt.getTime());
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
