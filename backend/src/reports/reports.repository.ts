import { Injectable } from '@nestjs/common';
import { and, asc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../db/database.js';
import { appointments, services, users } from '../db/schema/index.js';
import { MAX_APPOINTMENT_HOURS } from '../scheduling/booking-rules.js';

/** How report rows are keyed in SQL: by period (bucket number of `bounds`), dentist, service or room. */
export type ReportKey = { by: 'period'; bounds: Date[] } | { by: 'dentist' } | { by: 'service' } | { by: 'room' };

export interface ReportFilter {
  clinicId: string;
  from: Date;
  to: Date;
  /** Only this dentist's appointments (a Dentist or Hygienist reads their own rows). */
  dentistId?: string;
}

/** One row of the appointment counts; `key` null is the grand total (the empty grouping set). */
export interface AppointmentCountsRow {
  key: string | null;
  total: number;
  scheduled: number;
  confirmed: number;
  checkedIn: number;
  inProgress: number;
  completed: number;
  cancelled: number;
  noShow: number;
  lateCancellations: number;
  newPatients: number;
  visitingPatients: number;
}

const keyExpression = (key: ReportKey): SQL => {
  switch (key.by) {
    case 'period':
      // Bucket 1..n of the period starts (computed in the clinic's zone by the caller): DST-proof.
      return sql`width_bucket(a.start_at, ${`{${key.bounds.map((d) => d.toISOString()).join(',')}}`}::timestamptz[])::text`;
    case 'dentist':
      return sql`a.dentist_id`;
    case 'service':
      return sql`a.service_id`;
    case 'room':
      return sql`a.room`;
  }
};

const dentistFilter = (filter: ReportFilter): SQL => (filter.dentistId ? sql`and a.dentist_id = ${filter.dentistId}` : sql``);

const NOT_VISITS = sql`('cancelled', 'no_show')`;
const MAX_DURATION = `${MAX_APPOINTMENT_HOURS} hours`;

/** The SQL of reports: aggregates read across appointments, users and services (reports only read). */
@Injectable()
export class ReportsRepository {
  /**
   * Appointment counts per key and in total (GROUPING SETS, so the total counts each patient once).
   * A visit is an appointment neither cancelled nor missed; it is a patient's first when no earlier visit
   * exists (appointments_patient_idx answers that). Raw SQL: Drizzle has no GROUPING SETS or FILTER.
   */
  async appointmentCounts(tx: Tx, filter: ReportFilter, key: ReportKey): Promise<AppointmentCountsRow[]> {
    const result = await tx.execute<Record<string, string | null>>(sql`
      with a as (
        select ${keyExpression(key)} as key, a.patient_id, a.status,
          a.status = 'cancelled' and a.cancelled_at > a.start_at - interval '24 hours' as late,
          a.status not in ${NOT_VISITS} as visit,
          a.status not in ${NOT_VISITS} and not exists (
            select 1 from ${appointments} p
            where p.clinic_id = a.clinic_id and p.patient_id = a.patient_id and p.start_at < a.start_at and p.status not in ${NOT_VISITS}
          ) as first_visit
        from ${appointments} a
        where a.clinic_id = ${filter.clinicId} and a.start_at >= ${filter.from.toISOString()}::timestamptz
          and a.start_at < ${filter.to.toISOString()}::timestamptz ${dentistFilter(filter)}
      )
      select key,
        count(*) as total,
        count(*) filter (where status = 'scheduled') as scheduled,
        count(*) filter (where status = 'confirmed') as confirmed,
        count(*) filter (where status = 'checked_in') as checked_in,
        count(*) filter (where status = 'in_progress') as in_progress,
        count(*) filter (where status = 'completed') as completed,
        count(*) filter (where status = 'cancelled') as cancelled,
        count(*) filter (where status = 'no_show') as no_show,
        count(*) filter (where late) as late,
        count(distinct patient_id) filter (where first_visit) as new_patients,
        count(distinct patient_id) filter (where visit) as visiting_patients
      from a
      group by grouping sets ((key), ())`);
    return result.rows.map((row) => ({
      key: row.key ?? null,
      total: Number(row.total),
      scheduled: Number(row.scheduled),
      confirmed: Number(row.confirmed),
      checkedIn: Number(row.checked_in),
      inProgress: Number(row.in_progress),
      completed: Number(row.completed),
      cancelled: Number(row.cancelled),
      noShow: Number(row.no_show),
      lateCancellations: Number(row.late),
      newPatients: Number(row.new_patients),
      visitingPatients: Number(row.visiting_patients),
    }));
  }

  /**
   * Minutes of appointments that were not cancelled, clipped to [from, to), per key (a period by the
   * appointment's start). The bounded duration lets the (clinic_id, start_at) index find the overlap.
   */
  async bookedMinutes(tx: Tx, filter: ReportFilter, key: ReportKey): Promise<Map<string | null, number>> {
    const from = filter.from.toISOString();
    const to = filter.to.toISOString();
    const result = await tx.execute<{ key: string | null; minutes: string }>(sql`
      select ${keyExpression(key)} as key,
        round(sum(extract(epoch from least(a.end_at, ${to}::timestamptz) - greatest(a.start_at, ${from}::timestamptz))) / 60) as minutes
      from ${appointments} a
      where a.clinic_id = ${filter.clinicId} and a.start_at < ${to}::timestamptz and a.end_at > ${from}::timestamptz
        and a.start_at > ${from}::timestamptz - ${MAX_DURATION}::interval and a.status <> 'cancelled' ${dentistFilter(filter)}
      group by 1`);
    return new Map(result.rows.map((row) => [row.key, Number(row.minutes)]));
  }

  /** Staff who are providers (active) or are named by `ids`, with their names, by name. */
  async dentists(tx: Tx, clinicId: string, ids: string[], providerRoles: readonly string[]): Promise<{ id: string; name: string }[]> {
    const providers = and(eq(users.status, 'active'), inArray(users.role, providerRoles as ('DENTIST' | 'HYGIENIST')[]));
    return tx
      .select({ id: users.id, name: sql<string>`${users.firstName} || ' ' || ${users.lastName}` })
      .from(users)
      .where(and(eq(users.clinicId, clinicId), ids.length > 0 ? or(providers, inArray(users.id, ids)) : providers))
      .orderBy(asc(users.firstName), asc(users.lastName), asc(users.id));
  }

  /** Active services and those named by `ids`, with their names (English, and Arabic if given), by name. */
  async services(tx: Tx, clinicId: string, ids: string[]): Promise<{ id: string; name: string; nameAr: string | null }[]> {
    const active = eq(services.active, true);
    return tx
      .select({ id: services.id, name: services.name, nameAr: services.nameAr })
      .from(services)
      .where(and(eq(services.clinicId, clinicId), ids.length > 0 ? or(active, inArray(services.id, ids)) : active))
      .orderBy(asc(services.name), asc(services.id));
  }
}
