import { foreignKey, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import type { PgTableExtraConfigValue } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { timestamps } from './columns.js';
import { users } from './users.js';

/** The tenant root: its own id is the clinic_id every other table carries. */
export const clinics = pgTable(
  'clinics',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    timezone: text('timezone').notNull().default('Asia/Riyadh'),
    locale: text('locale').notNull().default('en'),
    currency: text('currency').notNull().default('SAR'),
    /** ISO 3166-1 alpha-2: the default region for phone numbers. */
    country: text('country').notNull().default('SA'),
    vatNumber: text('vat_number'),
    /** The founding owner; more owners may exist (users.role = OWNER). */
    ownerId: text('owner_id'),
    settings: jsonb('settings')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    ...timestamps(),
  },
  (t): PgTableExtraConfigValue[] => [
    uniqueIndex('clinics_slug_key').on(t.slug),
    foreignKey({ name: 'clinics_owner_fk', columns: [t.id, t.ownerId], foreignColumns: [users.clinicId, users.id] }),
  ],
);
