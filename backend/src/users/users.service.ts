import { Injectable } from '@nestjs/common';
import { and, asc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import { Database, type Tx } from '../db/database.js';
import { users } from '../db/schema/index.js';
import type { Role, UserStatus } from '../db/schema/enums.js';
import type { AuthUser, RequestMeta } from '../common/auth/auth-user.js';
import { ConflictError, ForbiddenError, NotFoundError, PgErrorCode, pgErrorOf } from '../common/errors.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { AuditService } from '../audit/audit.service.js';
import { PROVIDERS } from '@dental/shared';
import { SessionsService } from '../sessions/sessions.service.js';
import type { ListUsersQuery, UpdateUser, UserView } from './users.schemas.js';

type UserRow = typeof users.$inferSelect;

export interface NewUser {
  clinicId: string;
  id: string;
  email: string;
  passwordHash: string;
  firstName: string;
  lastName: string;
  role: Role;
}

export interface LoginRecord {
  id: string;
  clinicId: string;
  passwordHash: string;
  role: Role;
  status: UserStatus;
}

export function toUserView(row: UserRow): UserView {
  return {
    id: row.id,
    clinicId: row.clinicId,
    email: row.email,
    firstName: row.firstName,
    lastName: row.lastName,
    role: row.role,
    status: row.status,
    phone: row.phone,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

@Injectable()
export class UsersService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    private readonly sessions: SessionsService,
  ) {}

  async me(actor: AuthUser): Promise<UserView> {
    const user = await this.findById(actor.clinicId, actor.userId);
    if (!user) throw new NotFoundError('User');
    return user;
  }

  findById(clinicId: string, userId: string): Promise<UserView | undefined> {
    return this.database.withClinic(clinicId, async (tx) => {
      const [row] = await tx
        .select()
        .from(users)
        .where(and(eq(users.clinicId, clinicId), eq(users.id, userId)));
      return row ? toUserView(row) : undefined;
    });
  }

  list(actor: AuthUser, query: ListUsersQuery): Promise<{ items: UserView[]; nextCursor: string | null }> {
    const filters: SQL[] = [eq(users.clinicId, actor.clinicId)];
    if (query.role) filters.push(eq(users.role, query.role));
    if (query.status) filters.push(eq(users.status, query.status));
    const [after] = query.cursor ? decodeCursor(query.cursor) : [];
    if (after) filters.push(gt(users.id, after));
    return this.database.withClinic(actor.clinicId, async (tx) => {
      const rows = await tx
        .select()
        .from(users)
        .where(and(...filters))
        .orderBy(asc(users.id))
        .limit(query.limit + 1);
      const page = rows.slice(0, query.limit);
      const nextCursor = rows.length > query.limit ? encodeCursor(page.at(-1)!.id) : null;
      return { items: page.map(toUserView), nextCursor };
    });
  }

  /** Active Dentists and Hygienists: the people appointments are booked with. */
  activeProviderIds(clinicId: string): Promise<string[]> {
    return this.database.withClinic(clinicId, async (tx) => {
      const rows = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.clinicId, clinicId), eq(users.status, 'active'), inArray(users.role, PROVIDERS)))
        .orderBy(asc(users.id));
      return rows.map((r) => r.id);
    });
  }

  /** Inserts a user inside the caller's tenant transaction; a taken email is a 409. */
  async create(user: NewUser): Promise<UserView> {
    try {
      return await this.database.withClinic(user.clinicId, async (tx) => {
        const [row] = await tx.insert(users).values(user).returning();
        return toUserView(row!);
      });
    } catch (error) {
      const pg = pgErrorOf(error);
      if (pg?.code === PgErrorCode.uniqueViolation && pg.constraint === 'users_email_key') {
        throw new ConflictError('email-taken', 'An account with this email already exists.');
      }
      throw error;
    }
  }

  /** Finds a login by email across clinics (SECURITY DEFINER look-up: the clinic is not known yet). */
  async findLoginByEmail(email: string): Promise<LoginRecord | undefined> {
    const result = await this.database.unscoped.execute<{
      id: string;
      clinic_id: string;
      password_hash: string;
      role: Role;
      status: UserStatus;
    }>(sql`select * from auth_find_user_by_email(${email})`);
    const row = result.rows[0];
    return row && { id: row.id, clinicId: row.clinic_id, passwordHash: row.password_hash, role: row.role, status: row.status };
  }

  /**
   * Owner/Admin edits a colleague. An Admin cannot touch an Owner or make one; nobody can demote or
   * disable the clinic's last active Owner.
   */
  update(actor: AuthUser, userId: string, patch: UpdateUser, meta: RequestMeta): Promise<UserView> {
    return this.database.withClinic(actor.clinicId, async (tx) => {
      const byId = and(eq(users.clinicId, actor.clinicId), eq(users.id, userId));
      const [current] = await tx.select({ role: users.role }).from(users).where(byId);
      if (!current) throw new NotFoundError('User');
      // Owners are locked together, in id order, before the target: two Owners demoting each other
      // then queue instead of deadlocking.
      if (current.role === 'OWNER') await this.lockActiveOwners(tx, actor.clinicId);
      const [target] = await tx.select().from(users).where(byId).for('update');
      if (!target) throw new NotFoundError('User');
      if (actor.role !== 'OWNER' && (target.role === 'OWNER' || patch.role === 'OWNER')) {
        throw new ForbiddenError('Only an Owner can change an Owner or appoint one.');
      }
      const losesOwnership =
        target.role === 'OWNER' &&
        target.status === 'active' &&
        ((patch.role !== undefined && patch.role !== 'OWNER') || patch.status === 'disabled');
      if (losesOwnership) {
        const owners = await this.lockActiveOwners(tx, actor.clinicId);
        if (!owners.some((id) => id !== target.id)) {
          throw new ConflictError('last-owner', 'The clinic must keep at least one active Owner.');
        }
      }

      const [updated] = await tx
        .update(users)
        .set({ ...patch, updatedAt: new Date() })
        .where(byId)
        .returning();
      await this.recordChanges(actor, target, updated!, meta);
      if (updated!.status === 'disabled' && target.status !== 'disabled') {
        await this.sessions.revokeAllForUser(actor.clinicId, userId);
      }
      return toUserView(updated!);
    });
  }

  /** The clinic's active Owners, locked in id order (re-reading them after a wait sees the winner's change). */
  private async lockActiveOwners(tx: Tx, clinicId: string): Promise<string[]> {
    const owners = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.clinicId, clinicId), eq(users.role, 'OWNER'), eq(users.status, 'active')))
      .orderBy(asc(users.id))
      .for('update');
    return owners.map((o) => o.id);
  }

  private async recordChanges(actor: AuthUser, before: UserRow, after: UserRow, meta: RequestMeta): Promise<void> {
    const base = { userId: actor.userId, entityType: 'user', entityId: after.id, ip: meta.ip };
    if (before.role !== after.role) {
      await this.audit.record(actor.clinicId, { ...base, action: 'USER_ROLE_CHANGED', metadata: { from: before.role, to: after.role } });
    }
    if (before.status !== after.status) {
      await this.audit.record(actor.clinicId, {
        ...base,
        action: 'USER_STATUS_CHANGED',
        metadata: { from: before.status, to: after.status },
      });
    }
    const profileFields = (['firstName', 'lastName', 'phone'] as const).filter((f) => before[f] !== after[f]);
    if (profileFields.length > 0) {
      await this.audit.record(actor.clinicId, { ...base, action: 'USER_UPDATED', metadata: { changedFields: profileFields } });
    }
  }
}
