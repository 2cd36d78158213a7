import { Injectable } from '@nestjs/common';
import { and, asc, eq, gte, inArray, lte } from 'drizzle-orm';
import { Database } from '../db/database.js';
import { staffScheduleExceptions, staffSchedules } from '../db/schema/index.js';
import type { AuthUser, RequestMeta } from '../common/auth/auth-user.js';
import { MANAGERS } from '@dental/shared';
import { ForbiddenError, NotFoundError } from '../common/errors.js';
import { newId } from '../common/ids.js';
import { AuditService } from '../audit/audit.service.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import { UsersService } from '../users/users.service.js';
import type { ScheduleException, StaffSchedule, WeeklyInterval } from '../scheduling/working-time.js';
import type { PutSchedule, ScheduleView } from './schedules.schemas.js';

/** PostgreSQL `time` comes back as HH:MM:SS. */
const wall = (time: string) => time.slice(0, 5);

const emptySchedule = (): StaffSchedule => ({ weekly: [], breaks: [], exceptions: [] });

@Injectable()
export class SchedulesService {
  constructor(
    private readonly database: Database,
    private readonly users: UsersService,
    private readonly clinics: ClinicsService,
    private readonly audit: AuditService,
  ) {}

  async get(actor: AuthUser, userId: string): Promise<ScheduleView> {
    await this.assertStaffMember(actor.clinicId, userId);
    const schedules = await this.schedulesOf(actor.clinicId, [userId]);
    const clinic = await this.clinics.profile(actor.clinicId);
    return { userId, timezone: clinic.timezone, ...(schedules.get(userId) ?? emptySchedule()) };
  }

  /** Replaces the whole schedule. Owner and Admin may edit anyone's; staff their own. */
  async put(actor: AuthUser, userId: string, body: PutSchedule, meta: RequestMeta): Promise<ScheduleView> {
    if (!MANAGERS.includes(actor.role) && actor.userId !== userId)
      throw new ForbiddenError("Only an Owner or Admin can edit a colleague's schedule.");
    return this.database.withClinic(actor.clinicId, async (tx) => {
      await this.assertStaffMember(actor.clinicId, userId);
      const owned = (table: typeof staffSchedules | typeof staffScheduleExceptions) =>
        and(eq(table.clinicId, actor.clinicId), eq(table.userId, userId));
      await tx.delete(staffSchedules).where(owned(staffSchedules));
      await tx.delete(staffScheduleExceptions).where(owned(staffScheduleExceptions));
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
      if (intervals.length > 0) await tx.insert(staffSchedules).values(intervals);
      if (body.exceptions.length > 0) {
        await tx.insert(staffScheduleExceptions).values(
          body.exceptions.map((e) => ({
            clinicId: actor.clinicId,
            id: newId(),
            userId,
            kind: e.kind,
            fromDate: e.from,
            toDate: e.to,
            startTime: e.start ?? null,
            endTime: e.end ?? null,
            note: e.note ?? null,
          })),
        );
      }
      await this.audit.record(actor.clinicId, {
        userId: actor.userId,
        action: 'SCHEDULE_UPDATED',
        entityType: 'user',
        entityId: userId,
        ip: meta.ip,
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
      const exceptionFilters = [eq(staffScheduleExceptions.clinicId, clinicId), inArray(staffScheduleExceptions.userId, userIds)];
      if (fromDate) exceptionFilters.push(gte(staffScheduleExceptions.toDate, fromDate));
      if (toDate) exceptionFilters.push(lte(staffScheduleExceptions.fromDate, toDate));
      // One connection runs one query at a time: no Promise.all inside a transaction.
      const intervals = await tx
        .select()
        .from(staffSchedules)
        .where(and(eq(staffSchedules.clinicId, clinicId), inArray(staffSchedules.userId, userIds)))
        .orderBy(asc(staffSchedules.weekday), asc(staffSchedules.startTime));
      const exceptions = await tx
        .select()
        .from(staffScheduleExceptions)
        .where(and(...exceptionFilters))
        .orderBy(asc(staffScheduleExceptions.fromDate));
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
