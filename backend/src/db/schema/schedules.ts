import { check, date, index, pgTable, smallint, text, time } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { tenantColumns, tenantPrimaryKey, tenantReference, timestamps } from './columns.js';
import { scheduleExceptionKindEnum, scheduleIntervalKindEnum } from './enums.js';
import { users } from './users.js';

/** The seed's StaffSchedule: weekly wall-clock intervals (work or break) in the clinic's time zone. */
export const staffSchedules = pgTable(
  'staff_schedules',
  {
    ...tenantColumns(),
    userId: text('user_id').notNull(),
    /** 0 = Sunday ... 6 = Saturday */
    weekday: smallint('weekday').notNull(),
    kind: scheduleIntervalKindEnum('kind').notNull().default('work'),
    startTime: time('start_time').notNull(),
    endTime: time('end_time').notNull(),
    ...timestamps(),
  },
  (t) => [
    tenantPrimaryKey(t),
    tenantReference('staff_schedules_user_fk', { clinicId: t.clinicId, column: t.userId }, users),
    index('staff_schedules_user_idx').on(t.clinicId, t.userId, t.weekday),
    check('staff_schedules_weekday_range', sql`${t.weekday} between 0 and 6`),
    check('staff_schedules_interval_order', sql`${t.startTime} < ${t.endTime}`),
  ],
);

/** Date-ranged departures from the weekly pattern: vacations, sick days, one-off extra hours. */
export const staffScheduleExceptions = pgTable(
  'staff_schedule_exceptions',
  {
    ...tenantColumns(),
    userId: text('user_id').notNull(),
    kind: scheduleExceptionKindEnum('kind').notNull(),
    fromDate: date('from_date', { mode: 'string' }).notNull(),
    toDate: date('to_date', { mode: 'string' }).notNull(),
    /** Only for extra_hours or a partial-day absence; null means the whole day. */
    startTime: time('start_time'),
    endTime: time('end_time'),
    note: text('note'),
    ...timestamps(),
  },
  (t) => [
    tenantPrimaryKey(t),
    tenantReference('staff_schedule_exceptions_user_fk', { clinicId: t.clinicId, column: t.userId }, users),
    index('staff_schedule_exceptions_user_idx').on(t.clinicId, t.userId, t.fromDate),
    check('staff_schedule_exceptions_date_order', sql`${t.fromDate} <= ${t.toDate}`),
    check(
      'staff_schedule_exceptions_time_order',
      sql`(${t.startTime} is null and ${t.endTime} is null) or (${t.startTime} < ${t.endTime})`,
    ),
  ],
);
