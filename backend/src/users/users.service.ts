import { Injectable } from '@nestjs/common';
import { Database } from '../db/database.js';
import type { Role } from '../db/schema/enums.js';
import type { Actor, UserActor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { ConflictError, ForbiddenError, NotFoundError, PgErrorCode, pgErrorOf } from '../common/errors.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { AuditService } from '../audit/audit.service.js';
import { LiveEvents } from '../live/live-events.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { type LoginRecord, type UserProfileRow, UsersRepository } from './users.repository.js';
import type { ListUsersQuery, UpdateUser, UserView } from './users.schemas.js';

export type { LoginRecord } from './users.repository.js';

export interface NewUser {
  clinicId: string;
  id: string;
  email: string;
  passwordHash: string;
  firstName: string;
  lastName: string;
  role: Role;
}

export function toUserView(row: UserProfileRow): UserView {
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
    private readonly repository: UsersRepository,
    private readonly audit: AuditService,
    private readonly sessions: SessionsService,
    private readonly live: LiveEvents,
    private readonly clock: Clock,
    private readonly clinics: ClinicsService,
  ) {}

  me(actor: UserActor): Promise<UserView> {
    return this.database.transaction(actor, async (tx) => {
      const row = await this.repository.find(tx, actor.clinicId, actor.userId);
      if (!row) throw new NotFoundError('User');
      return toUserView(row);
    });
  }

  findById(clinicId: string, userId: string): Promise<UserView | undefined> {
    return this.database.withClinic(clinicId, async (tx) => {
      const row = await this.repository.find(tx, clinicId, userId);
      return row && toUserView(row);
    });
  }

  list(actor: Actor, query: ListUsersQuery): Promise<{ items: UserView[]; nextCursor: string | null }> {
    const [afterId] = query.cursor ? decodeCursor(query.cursor) : [];
    return this.database.transaction(actor, async (tx) => {
      const rows = await this.repository.list(
        tx,
        { clinicId: actor.clinicId, role: query.role, status: query.status, afterId },
        query.limit + 1,
      );
      const page = rows.slice(0, query.limit);
      const nextCursor = rows.length > query.limit ? encodeCursor(page.at(-1)!.id) : null;
      return { items: page.map(toUserView), nextCursor };
    });
  }

  /** Active Dentists and Hygienists: the people appointments are booked with. */
  activeProviderIds(clinicId: string): Promise<string[]> {
    return this.database.withClinic(clinicId, (tx) => this.repository.activeProviderIds(tx, clinicId));
  }

  /** Inserts a user inside the caller's tenant transaction; a taken email is a 409. */
  async create(user: NewUser): Promise<UserView> {
    const now = this.clock.now();
    try {
      return await this.database.withClinic(user.clinicId, async (tx) =>
        toUserView(await this.repository.insert(tx, { ...user, createdAt: now, updatedAt: now })),
      );
    } catch (error) {
      const pg = pgErrorOf(error);
      if (pg?.code === PgErrorCode.uniqueViolation && pg.constraint === 'users_email_key') {
        throw new ConflictError('email-taken', 'An account with this email already exists.');
      }
      throw error;
    }
  }

  /** Finds a login by email across clinics (the clinic is not known yet). */
  findLoginByEmail(email: string): Promise<LoginRecord | undefined> {
    return this.repository.findLoginByEmail(this.database.unscoped, email);
  }

  /**
   * Owner/Admin edits a colleague. An Admin cannot touch an Owner or make one; nobody changes their
   * own role or status; nobody can demote or disable the clinic's last active Owner.
   */
  update(actor: Actor, userId: string, patch: UpdateUser): Promise<UserView> {
    return this.database.transaction(actor, async (tx) => {
      if (actor.kind === 'user' && actor.userId === userId && (patch.role !== undefined || patch.status !== undefined)) {
        throw new ForbiddenError('Nobody can change their own role or status.', 'own-role-or-status');
      }
      const current = await this.repository.find(tx, actor.clinicId, userId);
      if (!current) throw new NotFoundError('User');
      // Owners are locked together, in id order, before the target: two Owners demoting each other
      // then queue instead of deadlocking.
      if (current.role === 'OWNER') await this.repository.lockActiveOwners(tx, actor.clinicId);
      const target = await this.repository.find(tx, actor.clinicId, userId, { lock: true });
      if (!target) throw new NotFoundError('User');
      const actsAsOwner = actor.kind === 'system' || actor.role === 'OWNER';
      if (!actsAsOwner && (target.role === 'OWNER' || patch.role === 'OWNER')) {
        throw new ForbiddenError('Only an Owner can change an Owner or appoint one.');
      }
      const losesOwnership =
        target.role === 'OWNER' &&
        target.status === 'active' &&
        ((patch.role !== undefined && patch.role !== 'OWNER') || patch.status === 'disabled');
      if (losesOwnership) {
        const owners = await this.repository.lockActiveOwners(tx, actor.clinicId);
        if (!owners.some((id) => id !== target.id)) {
          throw new ConflictError('last-owner', 'The clinic must keep at least one active Owner.');
        }
      }

      const phone = await this.clinics.normalisePhone(actor.clinicId, patch.phone);
      const updated = await this.repository.update(tx, actor.clinicId, userId, { ...patch, phone, updatedAt: this.clock.now() });
      await this.recordChanges(actor, target, updated);
      if (updated.status === 'disabled' && target.status !== 'disabled') {
        await this.sessions.revokeAllForUser(actor.clinicId, userId);
      }
      // Their open live sockets close (after commit, in every API process): disabled, or acting with an outdated role.
      if (updated.status !== target.status || updated.role !== target.role) {
        await this.live.publish(tx, actor.clinicId, 'session.ended', { id: userId });
      }
      return toUserView(updated);
    });
  }

  private async recordChanges(actor: Actor, before: UserProfileRow, after: UserProfileRow): Promise<void> {
    const base = { entityType: 'user', entityId: after.id };
    if (before.role !== after.role) {
      await this.audit.record(actor, { ...base, action: 'USER_ROLE_CHANGED', metadata: { from: before.role, to: after.role } });
    }
    if (before.status !== after.status) {
      await this.audit.record(actor, { ...base, action: 'USER_STATUS_CHANGED', metadata: { from: before.status, to: after.status } });
    }
    const profileFields = (['firstName', 'lastName', 'phone'] as const).filter((f) => before[f] !== after[f]);
    if (profileFields.length > 0) {
      await this.audit.record(actor, { ...base, action: 'USER_UPDATED', metadata: { changedFields: profileFields } });
    }
  }
}
