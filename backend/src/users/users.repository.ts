import { Injectable } from '@nestjs/common';
import { and, asc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import { PROVIDERS } from '@dental/shared';
import type { Db, Tx } from '../db/database.js';
import { preparedPerConnection } from '../db/prepared.js';
import { users } from '../db/schema/index.js';
import type { Role, UserStatus } from '../db/schema/enums.js';

export type UserRow = typeof users.$inferSelect;

/** What the API shows of a user: never the password hash. */
const PROFILE = {
  id: users.id,
  clinicId: users.clinicId,
  email: users.email,
  firstName: users.firstName,
  lastName: users.lastName,
  role: users.role,
  status: users.status,
  phone: users.phone,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
};
export type UserProfileRow = Omit<UserRow, 'passwordHash'>;

// The two reads behind every screen (who am I, the staff list): prepared once per connection.
const userById = preparedPerConnection((tx) =>
  tx
    .select(PROFILE)
    .from(users)
    .where(and(eq(users.clinicId, sql.placeholder('clinicId')), eq(users.id, sql.placeholder('userId'))))
    .prepare('users_by_id'),
);
const usersFirstPage = preparedPerConnection((tx) =>
  tx
    .select(PROFILE)
    .from(users)
    .where(eq(users.clinicId, sql.placeholder('clinicId')))
    .orderBy(asc(users.id))
    .limit(sql.placeholder('limit'))
    .prepare('users_first_page'),
);
export type NewUserRow = typeof users.$inferInsert;
export type UserChanges = Partial<Pick<NewUserRow, 'role' | 'status' | 'firstName' | 'lastName' | 'phone' | 'updatedAt'>>;

export interface LoginRecord {
  id: string;
  clinicId: string;
  passwordHash: string;
  role: Role;
  status: UserStatus;
}

export interface UserFilter {
  clinicId: string;
  role?: Role;
  status?: UserStatus;
  afterId?: string;
}

/** The users table's SQL. */
@Injectable()
export class UsersRepository {
  async find(tx: Tx, clinicId: string, userId: string, options: { lock?: boolean } = {}): Promise<UserProfileRow | undefined> {
    if (!options.lock) return (await userById(tx).execute({ clinicId, userId }))[0];
    const [row] = await tx
      .select(PROFILE)
      .from(users)
      .where(and(eq(users.clinicId, clinicId), eq(users.id, userId)))
      .for('update');
    return row;
  }

  /** In id order. */
  list(tx: Tx, filter: UserFilter, limit: number): Promise<UserProfileRow[]> {
    const unfiltered = !filter.role && !filter.status && !filter.afterId;
    if (unfiltered) return usersFirstPage(tx).execute({ clinicId: filter.clinicId, limit });
    const where: SQL[] = [eq(users.clinicId, filter.clinicId)];
    if (filter.role) where.push(eq(users.role, filter.role));
    if (filter.status) where.push(eq(users.status, filter.status));
    if (filter.afterId) where.push(gt(users.id, filter.afterId));
    return tx
      .select(PROFILE)
      .from(users)
      .where(and(...where))
      .orderBy(asc(users.id))
      .limit(limit);
  }

  async activeProviderIds(tx: Tx, clinicId: string): Promise<string[]> {
    const rows = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.clinicId, clinicId), eq(users.status, 'active'), inArray(users.role, PROVIDERS)))
      .orderBy(asc(users.id));
    return rows.map((r) => r.id);
  }

  async insert(tx: Tx, row: NewUserRow): Promise<UserProfileRow> {
    const [created] = await tx.insert(users).values(row).returning(PROFILE);
    return created!;
  }

  async update(tx: Tx, clinicId: string, userId: string, changes: UserChanges): Promise<UserProfileRow> {
    const [row] = await tx
      .update(users)
      .set(changes)
      .where(and(eq(users.clinicId, clinicId), eq(users.id, userId)))
      .returning(PROFILE);
    return row!;
  }

  /** The clinic's active Owners, locked in id order (re-reading them after a wait sees the winner's change). */
  async lockActiveOwners(tx: Tx, clinicId: string): Promise<string[]> {
    const owners = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.clinicId, clinicId), eq(users.role, 'OWNER'), eq(users.status, 'active')))
      .orderBy(asc(users.id))
      .for('update');
    return owners.map((o) => o.id);
  }

  /** A login by email across clinics (SECURITY DEFINER function: the clinic is not known yet). */
  async findLoginByEmail(db: Db, email: string): Promise<LoginRecord | undefined> {
    const result = await db.execute<{ id: string; clinic_id: string; password_hash: string; role: Role; status: UserStatus }>(
      sql`select * from auth_find_user_by_email(${email})`,
    );
    const row = result.rows[0];
    return row && { id: row.id, clinicId: row.clinic_id, passwordHash: row.password_hash, role: row.role, status: row.status };
  }
}
