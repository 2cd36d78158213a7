import { Inject, Injectable } from '@nestjs/common';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Database } from '../db/database.js';
import { invites } from '../db/schema/index.js';
import type { Role } from '../db/schema/enums.js';
import type { AuthUser, RequestMeta } from '../common/auth/auth-user.js';
import { BadRequestError, ConflictError, ForbiddenError, GoneError } from '../common/errors.js';
import { newId } from '../common/ids.js';
import { AuditService } from '../audit/audit.service.js';
import { UsersService } from '../users/users.service.js';
import type { InviteInput, InviteView } from './auth.schemas.js';
import { hashSecretToken, newSecretToken } from './secret-tokens.js';

export interface StoredInvite {
  id: string;
  clinicId: string;
  email: string;
  role: Role;
  expiresAt: Date;
  used: boolean;
}

/** Staff invitations: random single-use tokens, stored hashed, valid for INVITE_EXPIRY_HOURS. */
@Injectable()
export class InvitesService {
  private readonly expiryMs: number;

  constructor(
    private readonly database: Database,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.expiryMs = config.auth.inviteExpiryHours * 3600 * 1000;
  }

  async create(actor: AuthUser, input: InviteInput, meta: RequestMeta): Promise<InviteView> {
    if (input.role === 'OWNER' && actor.role !== 'OWNER') throw new ForbiddenError('Only an Owner can invite an Owner.');
    if (await this.users.findLoginByEmail(input.email)) {
      throw new ConflictError('email-taken', 'An account with this email already exists.');
    }
    const token = newSecretToken();
    const id = newId();
    const expiresAt = new Date(Date.now() + this.expiryMs);
    await this.database.withClinic(actor.clinicId, async (tx) => {
      // A new invite to the same address supersedes the pending ones.
      await tx
        .update(invites)
        .set({ revokedAt: new Date() })
        .where(
          and(
            eq(invites.clinicId, actor.clinicId),
            sql`lower(${invites.email}) = ${input.email}`,
            isNull(invites.acceptedAt),
            isNull(invites.revokedAt),
          ),
        );
      await tx.insert(invites).values({
        clinicId: actor.clinicId,
        id,
        email: input.email,
        role: input.role,
        firstName: input.firstName ?? null,
        lastName: input.lastName ?? null,
        tokenHash: hashSecretToken(token),
        invitedById: actor.userId,
        expiresAt,
      });
      await this.audit.record(actor.clinicId, {
        userId: actor.userId,
        action: 'STAFF_INVITED',
        entityType: 'invite',
        entityId: id,
        ip: meta.ip,
        metadata: { email: input.email, role: input.role },
      });
    });
    return { id, email: input.email, role: input.role, inviteToken: token, expiresAt: expiresAt.toISOString() };
  }

  /** Finds an invite by its token across clinics (SECURITY DEFINER look-up: the clinic is not known yet). */
  async find(token: string): Promise<StoredInvite> {
    const found = await this.database.unscoped.execute<{
      id: string;
      clinic_id: string;
      email: string;
      role: Role;
      expires_at: string;
      accepted_at: string | null;
      revoked_at: string | null;
    }>(sql`select * from auth_find_invite(${hashSecretToken(token)})`);
    const row = found.rows[0];
    if (!row) throw new BadRequestError('invalid-invite', 'This invite link is not valid.');
    return {
      id: row.id,
      clinicId: row.clinic_id,
      email: row.email,
      role: row.role,
      expiresAt: new Date(row.expires_at),
      used: row.accepted_at !== null || row.revoked_at !== null,
    };
  }

  /**
   * Marks the invite used inside the caller's transaction. The conditional update takes a row lock,
   * so of two concurrent acceptances exactly one claims it.
   */
  async claim(invite: StoredInvite): Promise<void> {
    if (invite.used) throw new GoneError('invite-used', 'This invite has already been used or withdrawn.');
    if (invite.expiresAt.getTime() <= Date.now()) throw new GoneError('invite-expired', 'This invite has expired.');
    await this.database.withClinic(invite.clinicId, async (tx) => {
      const claimed = await tx
        .update(invites)
        .set({ acceptedAt: new Date() })
        .where(
          and(
            eq(invites.clinicId, invite.clinicId),
            eq(invites.id, invite.id),
            isNull(invites.acceptedAt),
            isNull(invites.revokedAt),
            gt(invites.expiresAt, new Date()),
          ),
        )
        .returning({ id: invites.id });
      if (claimed.length === 0) throw new GoneError('invite-used', 'This invite has already been used or withdrawn.');
    });
  }

  async linkAcceptedUser(invite: StoredInvite, userId: string): Promise<void> {
    await this.database.withClinic(invite.clinicId, (tx) =>
      tx
        .update(invites)
        .set({ acceptedUserId: userId })
        .where(and(eq(invites.clinicId, invite.clinicId), eq(invites.id, invite.id))),
    );
  }
}
