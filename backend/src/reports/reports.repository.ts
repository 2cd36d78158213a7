import { Injectable } from '@nestjs/common';
import { and, asc, eq, inArray, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../db/database.js';
import {
  appointments,
  creditNotes,
  invoices,
  patients,
  paymentRefunds,
  payments,
  revenueEntries,
  services,
  users,
} from '../db/schema/index.js';
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

/** An amount in millionths (the revenue ledger's unit) as a decimal string: 123456789n is "123.456789". */
const fromMicros = (micros: bigint): string => {
  const magnitude = micros < 0n ? -micros : micros;
  return `${micros < 0n ? '-' : ''}${magnitude / 1_000_000n}.${String(magnitude % 1_000_000n).padStart(6, '0')}`;
};

/** Money of one row (sums as numeric text); `key` null is the total. */
export interface RevenueRow {
  key: string | null;
  invoiced: string;
  vat: string;
  collected: string;
  refunded: string;
}

/** What a patient owed as of a day, split by how long past due; `key` (the patient) null is the total. */
export interface AgingRow {
  key: string | null;
  label: string | null;
  current: string;
  days1to30: string;
  days31to60: string;
  days61to90: string;
  over90: string;
  total: string;
}

/** The SQL of reports: aggregates read across appointments, users and services (reports only read). */
@Injectable()
export class ReportsRepository {
  /**
   * Appointment counts per key and in total (GROUPING SETS, so the total counts each patient once).
   * A visit is an appointment neither cancelled nor missed. A patient is new in the range when their
   * first visit in it (with any dentist) has no visit before the range (appointments_visits_idx answers
   * both, once per patient rather than once per appointment); that visit is then the patient's first, and
   * only one visit can be first because a patient's active appointments never overlap (exclusion
   * constraint). Raw SQL: Drizzle has no GROUPING SETS or FILTER.
   */
  async appointmentCounts(tx: Tx, filter: ReportFilter, key: ReportKey): Promise<AppointmentCountsRow[]> {
    const from = sql`${filter.from.toISOString()}::timestamptz`;
    const to = sql`${filter.to.toISOString()}::timestamptz`;
    const result = await tx.execute<Record<string, string | null>>(sql`
      with a as materialized (
        select ${keyExpression(key)} as key, a.patient_id, a.status, a.start_at,
          a.status = 'cancelled' and a.cancelled_at > a.start_at - interval '24 hours' as late,
          a.status not in ${NOT_VISITS} as visit
        from ${appointments} a
        where a.clinic_id = ${filter.clinicId} and a.start_at >= ${from} and a.start_at < ${to} ${dentistFilter(filter)}
      ), firsts as (
        select p.patient_id, min(p.start_at) as first_at from ${appointments} p
        where p.clinic_id = ${filter.clinicId} and p.start_at >= ${from} and p.start_at < ${to} and p.status not in ${NOT_VISITS}
        group by p.patient_id
      ), news as (
        select f.patient_id, f.first_at from firsts f
        where not exists (
          select 1 from ${appointments} p
          where p.clinic_id = ${filter.clinicId} and p.patient_id = f.patient_id and p.start_at < ${from} and p.status not in ${NOT_VISITS}
        )
      )
      select a.key,
        count(*) as total,
        count(*) filter (where a.status = 'scheduled') as scheduled,
        count(*) filter (where a.status = 'confirmed') as confirmed,
        count(*) filter (where a.status = 'checked_in') as checked_in,
        count(*) filter (where a.status = 'in_progress') as in_progress,
        count(*) filter (where a.status = 'completed') as completed,
        count(*) filter (where a.status = 'cancelled') as cancelled,
        count(*) filter (where a.status = 'no_show') as no_show,
        count(*) filter (where a.late) as late,
        count(*) filter (where a.visit and a.start_at = n.first_at) as new_patients,
        count(distinct a.patient_id) filter (where a.visit) as visiting_patients
      from a left join news n on n.patient_id = a.patient_id
      group by grouping sets ((a.key), ())`);
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

  /**
   * Money per key and in total, from the revenue ledger (revenue_entries, kept by the database from the
   * billing tables): invoices by issue date less credit notes by theirs (invoiced, VAT), payments by the
   * day received (collected) and refunds by the day given (refunded), each in the period of its own date;
   * by dentist (the invoice's appointment's; '' when it has none) or by service (the line's; '' for lines
   * without one). The ledger splits each payment and refund over the invoice's lines, so any grouping is
   * one range read of it, in millionths of the currency (integers, exact); the total is the rows' sum.
   */
  async revenue(tx: Tx, filter: ReportFilter, key: ReportKey): Promise<RevenueRow[]> {
    const amounts = sql`coalesce(sum(e.invoiced_micros), 0) as invoiced, coalesce(sum(e.vat_micros), 0) as vat,
        coalesce(sum(e.collected_micros), 0) as collected, coalesce(sum(e.refunded_micros), 0) as refunded`;
    const dentistOnly = filter.dentistId ? sql`and e.dentist_id = ${filter.dentistId}` : sql``;
    const instants = (dates: Date[]) => `{${dates.map((d) => d.toISOString()).join(',')}}`;
    // By period: the sums of each period's own index range (numbered 1..n as width_bucket would), a
    // lateral subquery so the plan stays one range scan per period whatever the planner estimates; a
    // bucket search per row cost more than the sums over a year's ~400k rows.
    const result = await tx.execute<{ key: string; invoiced: string; vat: string; collected: string; refunded: string }>(
      key.by === 'period'
        ? sql`
      select p.n::text as key, s.*
      from unnest(${instants(key.bounds)}::timestamptz[], ${instants([...key.bounds.slice(1), filter.to])}::timestamptz[])
        with ordinality as p(start_at, end_at, n)
      cross join lateral (
        select ${amounts} from ${revenueEntries} e
        where e.clinic_id = ${filter.clinicId} and e.at >= p.start_at and e.at < p.end_at ${dentistOnly}
      ) s`
        : sql`
      select ${key.by === 'service' ? sql`coalesce(e.service_id, '')` : sql`coalesce(e.dentist_id, '')`} as key, ${amounts}
      from ${revenueEntries} e
      where e.clinic_id = ${filter.clinicId} and e.at >= ${filter.from.toISOString()}::timestamptz
        and e.at < ${filter.to.toISOString()}::timestamptz ${dentistOnly}
      group by 1`,
    );
    const rows = result.rows.map((row) => ({
      key: row.key,
      invoiced: BigInt(row.invoiced),
      vat: BigInt(row.vat),
      collected: BigInt(row.collected),
      refunded: BigInt(row.refunded),
    }));
    const total = (pick: (row: (typeof rows)[number]) => bigint) => rows.reduce((sum, row) => sum + pick(row), 0n);
    return [
      ...rows,
      {
        key: null,
        invoiced: total((r) => r.invoiced),
        vat: total((r) => r.vat),
        collected: total((r) => r.collected),
        refunded: total((r) => r.refunded),
      },
    ].map((row) => ({
      key: row.key,
      invoiced: fromMicros(row.invoiced),
      vat: fromMicros(row.vat),
      collected: fromMicros(row.collected),
      refunded: fromMicros(row.refunded),
    }));
  }

  /** What patients owe now: the positive balances of issued invoices (the receivables report's total as of today). */
  async outstanding(tx: Tx, clinicId: string): Promise<string> {
    const [row] = await tx
      .select({ total: sql<string>`coalesce(sum(${invoices.balanceDue}), 0)` })
      .from(invoices)
      // A literal 0 (not a parameter), so the planner matches invoices_open_idx's predicate.
      .where(and(eq(invoices.clinicId, clinicId), isNotNull(invoices.issuedAt), sql`${invoices.balanceDue} > 0`));
    return row!.total;
  }

  /**
   * Each issued invoice's balance as of the end of `asOf` (its total less credit notes and payments up to
   * then, plus refunds up to then), aged by days past its due date, per patient and in total. Only
   * balances the patient owes (positive) are aged. The balance is read backwards from the stored one
   * (balance_due = total - credited - paid, kept by billing in the same transaction as each movement):
   * undoing what moved after `asOf` (credit notes and payments added back, refunds taken off). So only
   * the invoices owed now (invoices_open_idx) and those that moved since are read, not the clinic's whole
   * history, which summing every invoice's ledger took (1.4 s at 100k invoices). Amounts come rounded to
   * `decimals` (the currency's minor unit). Raw SQL: GROUPING SETS.
   */
  async aging(tx: Tx, clinicId: string, asOf: Date, decimals: number, dentistId?: string): Promise<AgingRow[]> {
    const at = sql`${asOf.toISOString()}::timestamptz`;
    // Rounded here, half away from zero as formatAmount does: thousands of patients' rows formatted one
    // amount at a time in decimal.js cost more than the whole aggregate.
    const money = (total: SQL) => sql`round(coalesce(${total}, 0), ${sql.raw(String(decimals))})::text`;
    const result = await tx.execute<Record<string, string | null>>(sql`
      with since as (
        select invoice_id, sum(amount) as amount from (
          select c.invoice_id, c.total_amount as amount from ${creditNotes} c where c.clinic_id = ${clinicId} and c.issued_at >= ${at}
          union all
          select p.invoice_id, p.amount from ${payments} p
          where p.clinic_id = ${clinicId} and p.status in ('SUCCEEDED', 'REFUNDED') and p.processed_at >= ${at}
          union all
          select r.invoice_id, -r.amount from ${paymentRefunds} r where r.clinic_id = ${clinicId} and r.refunded_at >= ${at}
        ) moved group by invoice_id
      ), open as (
        select i.patient_id, i.balance_due + coalesce(s.amount, 0) as balance,
          case when i.due_at is null or i.due_at >= ${at} then 0
               else greatest(1, floor(extract(epoch from ${at} - i.due_at) / 86400))::int end as days
        from (
          select id, patient_id, appointment_id, balance_due, due_at from ${invoices}
          where clinic_id = ${clinicId} and balance_due > 0 and issued_at is not null and issued_at < ${at}
          union
          select i.id, i.patient_id, i.appointment_id, i.balance_due, i.due_at
          from since join ${invoices} i on i.clinic_id = ${clinicId} and i.id = since.invoice_id where i.issued_at < ${at}
        ) i
        left join since s on s.invoice_id = i.id
        ${dentistId ? sql`join ${appointments} a on a.clinic_id = ${clinicId} and a.id = i.appointment_id and a.dentist_id = ${dentistId}` : sql``}
      )
      select o.patient_id as key, min(pt.first_name || ' ' || pt.last_name) as label,
        ${money(sql`sum(balance) filter (where days = 0)`)} as current,
        ${money(sql`sum(balance) filter (where days between 1 and 30)`)} as d1,
        ${money(sql`sum(balance) filter (where days between 31 and 60)`)} as d31,
        ${money(sql`sum(balance) filter (where days between 61 and 90)`)} as d61,
        ${money(sql`sum(balance) filter (where days > 90)`)} as d90,
        ${money(sql`sum(balance)`)} as total
      from open o join ${patients} pt on pt.clinic_id = ${clinicId} and pt.id = o.patient_id
      where o.balance > 0
      group by grouping sets ((o.patient_id), ())
      order by label nulls last`);
    return result.rows.map((row) => ({
      key: row.key ?? null,
      label: row.label ?? null,
      current: row.current!,
      days1to30: row.d1!,
      days31to60: row.d31!,
      days61to90: row.d61!,
      over90: row.d90!,
      total: row.total!,
    }));
  }
}
