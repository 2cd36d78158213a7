import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Database } from '../db/database.js';
import { isProvider } from '@dental/shared';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { BusinessRuleError, NotFoundError, ValidationError } from '../common/errors.js';
import { AppointmentsService } from '../appointments/appointments.service.js';
import { CatalogService } from '../catalog/catalog.service.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import { SchedulesService } from '../schedules/schedules.service.js';
import { UsersService } from '../users/users.service.js';
import { isoFormatter } from '../common/instants.js';
import { freeSlotStarts, workingIntervals } from '../scheduling/working-time.js';
import type { AvailabilityQuery, AvailabilityView, WorkingHoursQuery, WorkingHoursView } from './availability.schemas.js';

const MAX_RANGE_DAYS = 35;

/** Free start times per dentist: schedules, breaks, exceptions and existing bookings, in the clinic's zone. */
@Injectable()
export class AvailabilityService {
  constructor(
    private readonly database: Database,
    private readonly clinics: ClinicsService,
    private readonly catalog: CatalogService,
    private readonly users: UsersService,
    private readonly schedules: SchedulesService,
    private readonly appointments: AppointmentsService,
    private readonly clock: Clock,
  ) {}

  find(actor: Actor, query: AvailabilityQuery): Promise<AvailabilityView> {
    // One transaction: schedules and bookings are read as of one moment.
    return this.database.transaction(actor, async () => {
      const clinic = await this.clinics.profile(actor.clinicId);
      const zone = clinic.timezone;
      const from = parseBound(query.from, zone, 'start');
      const to = parseBound(query.to, zone, 'end');
      if (to <= from) throw new ValidationError([{ path: 'to', code: 'end_before_start', message: 'Must be after "from"' }]);
      if (to - from > MAX_RANGE_DAYS * 86_400_000)
        throw new ValidationError([
          {
            path: 'to',
            code: 'range_too_long',
            message: `The range may span at most ${MAX_RANGE_DAYS} days`,
            params: { days: MAX_RANGE_DAYS },
          },
        ]);

      const service = await this.catalog.findBookable(actor.clinicId, query.serviceId);
      if (!service) throw new NotFoundError('Service');
      if (!service.active) throw new BusinessRuleError('service-inactive', 'This service is no longer offered.');
      const dentistIds = await this.providers(actor.clinicId, query.dentistId);

      const schedules = await this.schedules.schedulesOf(
        actor.clinicId,
        dentistIds,
        localDate(from - 86_400_000, zone),
        localDate(to + 86_400_000, zone),
      );
      const busy = await this.appointments.busyIntervals(
        actor.clinicId,
        dentistIds,
        query.roomId,
        new Date(from),
        new Date(to + service.durationMinutes * 60_000),
      );
      const notBefore = Math.max(from, this.clock.nowMs());
      const slots = dentistIds.flatMap((dentistId) =>
        freeSlotStarts({
          working: workingIntervals(schedules.get(dentistId)!, zone, from, to + service.durationMinutes * 60_000),
          busy: [...busy.byDentist.get(dentistId)!, ...busy.roomBusy],
          durationMinutes: service.durationMinutes,
          stepMinutes: clinic.slotMinutes,
          zone,
          notBefore,
        })
          .filter((start) => start < to)
          .map((start) => ({ dentistId, start })),
      );
      slots.sort((a, b) => a.start - b.start || a.dentistId.localeCompare(b.dentistId));
      const durationMs = service.durationMinutes * 60_000;
      const iso = isoFormatter();
      return {
        timezone: zone,
        slotMinutes: clinic.slotMinutes,
        durationMinutes: service.durationMinutes,
        slots: slots.map((s) => ({ dentistId: s.dentistId, startAt: iso(s.start), endAt: iso(s.start + durationMs) })),
      };
    });
  }

  /** Each active clinician's working time in a range (the calendar shades the rest; the dashboard checks hours are set). */
  workingHours(actor: Actor, query: WorkingHoursQuery): Promise<WorkingHoursView> {
    return this.database.transaction(actor, async () => {
      const zone = (await this.clinics.profile(actor.clinicId)).timezone;
      const from = parseBound(query.from, zone, 'start');
      const to = parseBound(query.to, zone, 'end');
      if (to <= from) throw new ValidationError([{ path: 'to', code: 'end_before_start', message: 'Must be after "from"' }]);
      if (to - from > MAX_RANGE_DAYS * 86_400_000) {
        throw new ValidationError([
          {
            path: 'to',
            code: 'range_too_long',
            message: `The range may span at most ${MAX_RANGE_DAYS} days`,
            params: { days: MAX_RANGE_DAYS },
          },
        ]);
      }
      const dentistIds = await this.providers(actor.clinicId, query.dentistId);
      const schedules = await this.schedules.schedulesOf(
        actor.clinicId,
        dentistIds,
        localDate(from - 86_400_000, zone),
        localDate(to + 86_400_000, zone),
      );
      const iso = isoFormatter();
      return {
        timezone: zone,
        items: dentistIds.map((dentistId) => ({
          dentistId,
          intervals: workingIntervals(schedules.get(dentistId)!, zone, from, to).map((i) => ({ startAt: iso(i.start), endAt: iso(i.end) })),
        })),
      };
    });
  }

  private async providers(clinicId: string, dentistId: string | undefined): Promise<string[]> {
    if (dentistId) {
      const dentist = await this.users.findById(clinicId, dentistId);
      if (!dentist) throw new NotFoundError('Dentist');
      if (!isProvider(dentist.role)) throw new BusinessRuleError('not-a-provider', 'Only a Dentist or Hygienist can be booked.');
      return dentist.status === 'active' ? [dentistId] : [];
    }
    return this.users.activeProviderIds(clinicId);
  }
}

/** A date is a whole day in the clinic's zone: `from` its start, `to` the end of that day. */
function parseBound(value: string, zone: string, side: 'start' | 'end'): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = DateTime.fromISO(value, { zone });
    return (side === 'start' ? day : day.plus({ days: 1 })).toMillis();
  }
  return Date.parse(value);
}

const localDate = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toISODate()!;
