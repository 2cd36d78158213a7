import { foreignKey, index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import type { PgTableExtraConfigValue } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { instant, tenantColumns, tenantPrimaryKey, tenantReference, timestamps } from './columns.js';
import { roleEnum, userStatusEnum } from './enums.js';
import { clinics } from './clinics.js';

export const users = pgTable(
  'users',
  {
    ...tenantColumns(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    role: roleEnum('role').notNull(),
    phone: text('phone'),
    status: userStatusEnum('status').notNull().default('active'),
    ...timestamps(),
  },
  (t): PgTableExtraConfigValue[] => [
    tenantPrimaryKey(t),
    foreignKey({ name: 'users_clinic_fk', columns: [t.clinicId], foreignColumns: [clinics.id] }),
    // One login per email across the platform, compared case-insensitively.
    uniqueIndex('users_email_key').on(sql`lower(${t.email})`),
  ],
);

/** Rotating refresh tokens; a family is one login session, revoked whole when a rotated token is replayed. */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    ...tenantColumns(),
    userId: text('user_id').notNull(),
    familyId: text('family_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: instant('expires_at').notNull(),
    revokedAt: instant('revoked_at'),
    replacedById: text('replaced_by_id'),
    userAgent: text('user_agent'),
    ipAddress: text('ip_address'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    tenantPrimaryKey(t),
    tenantReference('refresh_tokens_user_fk', { clinicId: t.clinicId, column: t.userId }, users),
    uniqueIndex('refresh_tokens_token_hash_key').on(t.tokenHash),
    index('refresh_tokens_family_idx').on(t.clinicId, t.familyId),
    index('refresh_tokens_user_idx').on(t.clinicId, t.userId),
  ],
);

export const invites = pgTable(
  'invites',
  {
    ...tenantColumns(),
    email: text('email').notNull(),
    role: roleEnum('role').notNull(),
    firstName: text('first_name'),
    lastName: text('last_name'),
    tokenHash: text('token_hash').notNull(),
    /** The token itself, sealed (AES-256-GCM, key derived from JWT_SECRET), so a manager can copy the link again. */
    tokenSealed: text('token_sealed'),
    invitedById: text('invited_by_id').notNull(),
    expiresAt: instant('expires_at').notNull(),
    acceptedAt: instant('accepted_at'),
    revokedAt: instant('revoked_at'),
    acceptedUserId: text('accepted_user_id'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    tenantPrimaryKey(t),
    tenantReference('invites_invited_by_fk', { clinicId: t.clinicId, column: t.invitedById }, users),
    tenantReference('invites_accepted_user_fk', { clinicId: t.clinicId, column: t.acceptedUserId }, users),
    uniqueIndex('invites_token_hash_key').on(t.tokenHash),
    index('invites_email_idx').on(t.clinicId, sql`lower(${t.email})`),
  ],
);
