import { Injectable } from '@nestjs/common';
import { and, asc, eq, gte, inArray, lte } from 'drizzle-orm';
import type { Tx } from '../db/database.js';
import { staffScheduleExceptions, staffSchedules } from '../db/schema/index.js';

export type ScheduleIntervalRow = typeof staffSchedules.$inferSelect;
export type NewScheduleIntervalRow = typeof staffSchedules.$inferInsert;
export type ScheduleExceptionRow = typeof staffScheduleExceptions.$inferSelect;
export type NewScheduleExceptionRow = typeof staffScheduleExceptions.$inferInsert;

/** The staff schedules' SQL: weekly intervals (work, break) and dated exceptions. */
@Injectable()
export class SchedulesRepository {
  async deleteAll(tx: Tx, clinicId: string, userId: string): Promise<void> {
    await tx.delete(staffSchedules).where(and(eq(staffSchedules.clinicId, clinicId), eq(staffSchedules.userId, userId)));
    await tx
      .delete(staffScheduleExceptions)
      .where(and(eq(staffScheduleExceptions.clinicId, clinicId), eq(staffScheduleExceptions.userId, userId)));
  }

  async insert(tx: Tx, intervals: NewScheduleIntervalRow[], exceptions: NewScheduleExceptionRow[]): Promise<void> {
    // One connection runs one query at a time: no Promise.all inside a transaction.
    if (intervals.length > 0) await tx.insert(staffSchedules).values(intervals);
    if (exceptions.length > 0) await tx.insert(staffScheduleExceptions).values(exceptions);
  }

  intervals(tx: Tx, clinicId: string, userIds: string[]): Promise<ScheduleIntervalRow[]> {
    return tx
      .select()
      .from(staffSchedules)
      .where(and(eq(staffSchedules.clinicId, clinicId), inArray(staffSchedules.userId, userIds)))
      .orderBy(asc(staffSchedules.weekday), asc(staffSchedules.startTime));
  }

  /** Exceptions that touch [fromDate, toDate] (either bound optional). */
  exceptions(tx: Tx, clinicId: string, userIds: string[], fromDate?: string, toDate?: string): Promise<ScheduleExceptionRow[]> {
    const where = [eq(staffScheduleExceptions.clinicId, clinicId), inArray(staffScheduleExceptions.userId, userIds)];
    if (fromDate) where.push(gte(staffScheduleExceptions.toDate, fromDate));
    if (toDate) where.push(lte(staffScheduleExceptions.fromDate, toDate));
    return tx
      .select()
      .from(staffScheduleExceptions)
      .where(and(...where))
      .orderBy(asc(staffScheduleExceptions.fromDate));
  }
}
