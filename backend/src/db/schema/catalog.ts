import { boolean, check, foreignKey, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { money, tenantColumns, tenantPrimaryKey, timestamps } from './columns.js';
import { clinics } from './clinics.js';

/** The seed's Service: a procedure in the clinic's catalog. */
export const services = pgTable(
  'services',
  {
    ...tenantColumns(),
    name: text('name').notNull(),
    nameAr: text('name_ar'),
    code: text('code'),
    price: money('price').notNull(),
    currency: text('currency').notNull().default('SAR'),
    durationMinutes: integer('duration_minutes').notNull().default(30),
    active: boolean('active').notNull().default(true),
    ...timestamps(),
  },
  (t) => [
    tenantPrimaryKey(t),
    foreignKey({ name: 'services_clinic_fk', columns: [t.clinicId], foreignColumns: [clinics.id] }),
    uniqueIndex('services_code_key').on(t.clinicId, t.code),
    check('services_price_non_negative', sql`${t.price} >= 0`),
    check('services_duration_positive', sql`${t.durationMinutes} > 0 and ${t.durationMinutes} <= 1440`),
  ],
);
