import { foreignKey, numeric, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { AnyPgColumn, PgColumn } from 'drizzle-orm/pg-core';

/** Instants are always timestamptz; the API speaks ISO-8601. */
export const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Money is exact: numeric with three decimals covers every ISO 4217 exponent in use (KWD, BHD, OMR). */
export const money = (name: string) => numeric(name, { precision: 14, scale: 3 });

/** Every tenant row is keyed by (clinic_id, id) so a reference can never cross clinics. */
export const tenantColumns = () => ({
  clinicId: text('clinic_id').notNull(),
  id: text('id').notNull(),
});

export const timestamps = () => ({
  createdAt: instant('created_at').notNull().defaultNow(),
  updatedAt: instant('updated_at').notNull().defaultNow(),
});

interface TenantKeyed {
  clinicId: PgColumn;
  id: PgColumn;
}

export const tenantPrimaryKey = (t: TenantKeyed) => primaryKey({ columns: [t.clinicId, t.id] });

/** Composite foreign key (clinic_id, column) -> target(clinic_id, id). */
export const tenantReference = (
  name: string,
  from: { clinicId: PgColumn; column: PgColumn },
  to: { clinicId: AnyPgColumn; id: AnyPgColumn },
) => foreignKey({ name, columns: [from.clinicId, from.column], foreignColumns: [to.clinicId, to.id] });
