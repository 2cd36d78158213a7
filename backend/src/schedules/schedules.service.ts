import { Injectable } from '@nestjs/common';
import { MANAGERS } from '@dental/shared';
import { Database } from '../db/database.js';
import { type Actor, actsAs } from '../common/actor.js';
import { ForbiddenError, NotFoundError } from '../common/errors.js';
import { newId } from '../common/ids.js';
import { AuditService } from '../audit/audit.service.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import { UsersService } from '../users/users.service.js';
import type { ScheduleException, StaffSchedule, WeeklyInterval } from '../scheduling/working-time.js';
import { SchedulesRepository } from './schedules.repository.js';
import type { PutSchedule, ScheduleView } from './schedules.schemas.js';

/** PostgreSQL `time` comes back as HH:MM:SS. */
const wall = (time: string) => time.slice(0, 5);

const emptySchedule = (): StaffSchedule => ({ weekly: [], breaks: [], exceptions: [] });

@Injectable()
export class SchedulesService {
  constructor(
    private readonly database: Database,
    private readonly repository: SchedulesRepository,
    private readonly users: UsersService,
    private readonly clinics: ClinicsService,
    private readonly audit: AuditService,
  ) {}

  get(actor: Actor, userId: string): Promise<ScheduleView> {
    return this.database.transaction(actor, async () => {
      await this.assertStaffMember(actor.clinicId, userId);
      const schedules = await this.schedulesOf(actor.clinicId, [userId]);
      const clinic = await this.clinics.profile(actor.clinicId);
      return { userId, timezone: clinic.timezone, ...(schedules.get(userId) ?? emptySchedule()) };
    });
  }

  /** Replaces the whole schedule. Owner and Admin may edit anyone's; staff their own. */
  put(actor: Actor, userId: string, body: PutSchedule): Promise<ScheduleView> {
    const ownSchedule = actor.kind === 'user' && actor.userId === userId;
    if (!actsAs(actor, MANAGERS) && !ownSchedule) throw new ForbiddenError("Only an Owner or Admin can edit a colleague's schedule.");
    return this.database.transaction(actor, async (tx) => {
      await this.assertStaffMember(actor.clinicId, userId);
      await this.repository.deleteAll(tx, actor.clinicId, userId);
      const intervals = [
        ...body.weekly.map((w) => ({ ...w, kind: 'work' as const })),
        ...body.breaks.map((b) => ({ ...b, kind: 'break' as const })),
      ].map((i) => ({
        clinicId: actor.clinicId,
        id: newId(),
        userId,
        weekday: i.weekday,
        kind: i.kind,
        startTime: i.start,
        endTime: i.end,
      }));
      const exceptions = body.exceptions.map((e) => ({
        clinicId: actor.clinicId,
        id: newId(),
        userId,
        kind: e.kind,
        fromDate: e.from,
        toDate: e.to,
        startTime: e.start ?? null,
        endTime: e.end ?? null,
        note: e.note ?? null,
      }));
      await this.repository.insert(tx, intervals, exceptions);
      await this.audit.record(actor, {
        action: 'SCHEDULE_UPDATED',
        entityType: 'user',
        entityId: userId,
        metadata: { weekly: body.weekly.length, breaks: body.breaks.length, exceptions: body.exceptions.length },
      });
      return this.get(actor, userId);
    });
  }

  /** Schedules of several staff members, with only the exceptions that touch [fromDate, toDate]. */
  schedulesOf(clinicId: string, userIds: string[], fromDate?: string, toDate?: string): Promise<Map<string, StaffSchedule>> {
    return this.database.withClinic(clinicId, async (tx) => {
      const result = new Map<string, StaffSchedule>(userIds.map((id) => [id, emptySchedule()]));
      if (userIds.length === 0) return result;
      const intervals = await this.repository.intervals(tx, clinicId, userIds);
      const exceptions = await this.repository.exceptions(tx, clinicId, userIds, fromDate, toDate);
      for (const row of intervals) {
        const interval: WeeklyInterval = { weekday: row.weekday, start: wall(row.startTime), end: wall(row.endTime) };
        const schedule = result.get(row.userId)!;
        (row.kind === 'work' ? schedule.weekly : schedule.breaks).push(interval);
      }
      for (const row of exceptions) {
        const exception: ScheduleException = {
          from: row.fromDate,
          to: row.toDate,
          kind: row.kind,
          start: row.startTime && wall(row.startTime),
          end: row.endTime && wall(row.endTime),
          note: row.note,
        };
        result.get(row.userId)!.exceptions.push(exception);
      }
      return result;
    });
  }

  private async assertStaffMember(clinicId: string, userId: string): Promise<void> {
    if (!(await this.users.findById(clinicId, userId))) throw new NotFoundError('Staff member');
  }
}
