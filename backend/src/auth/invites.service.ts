import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Database } from '../db/database.js';
import type { UserActor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { BadRequestError, ConflictError, ForbiddenError, GoneError, NotFoundError } from '../common/errors.js';
import { newId } from '../common/ids.js';
import { AuditService } from '../audit/audit.service.js';
import { UsersService } from '../users/users.service.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import { INVITE_TEMPLATE, NotificationTemplates } from '../notifications/notification-templates.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { AuthThrottle } from './auth-throttle.js';
import type { InviteDetails, InviteInput, InviteView, PendingInvite } from './auth.schemas.js';
import { type InviteRow, InvitesRepository, type StoredInvite } from './invites.repository.js';
import { hashSecretToken, newSecretToken, sealingKey, sealToken, unsealToken } from './secret-tokens.js';

export type { StoredInvite } from './invites.repository.js';

/**
 * Staff invitations: random single-use tokens, stored hashed (for look-up) and sealed (so a manager can
 * copy the link again), valid for INVITE_EXPIRY_HOURS.
 */
@Injectable()
export class InvitesService {
  private readonly expiryMs: number;
  private readonly sealKey: Buffer;

  constructor(
    private readonly database: Database,
    private readonly repository: InvitesRepository,
    private readonly users: UsersService,
    private readonly clinics: ClinicsService,
    private readonly notifications: NotificationsService,
    private readonly templates: NotificationTemplates,
    private readonly throttle: AuthThrottle,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.expiryMs = config.auth.inviteExpiryHours * 3600 * 1000;
    this.sealKey = sealingKey(config.auth.jwtSecret, 'invite-link');
    this.webOrigin = config.webOrigin;
  }

  private readonly webOrigin: string;

  async create(actor: UserActor, input: InviteInput): Promise<InviteView> {
    if (input.role === 'OWNER' && actor.role !== 'OWNER') throw new ForbiddenError('Only an Owner can invite an Owner.');
    if (await this.users.findLoginByEmail(input.email)) {
      throw new ConflictError('email-taken', 'An account with this email already exists.');
    }
    const token = newSecretToken();
    const id = newId();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.expiryMs);
    await this.database.transaction(actor, async (tx) => {
      await this.repository.revokePending(tx, actor.clinicId, input.email, now);
      await this.repository.insert(tx, {
        clinicId: actor.clinicId,
        id,
        email: input.email,
        role: input.role,
        firstName: input.firstName ?? null,
        lastName: input.lastName ?? null,
        tokenHash: hashSecretToken(token),
        tokenSealed: sealToken(this.sealKey, token),
        invitedById: actor.userId,
        expiresAt,
        createdAt: now,
      });
      await this.emailInvite(actor, { id, email: input.email, role: input.role, token, expiresAt });
      await this.audit.record(actor, {
        action: 'STAFF_INVITED',
        entityType: 'invite',
        entityId: id,
        metadata: { email: input.email, role: input.role },
      });
    });
    return { id, email: input.email, role: input.role, inviteToken: token, expiresAt: expiresAt.toISOString() };
  }

  /** The clinic's invites not yet accepted or withdrawn, newest first, each with its link's token. */
  listPending(actor: UserActor): Promise<{ items: PendingInvite[] }> {
    return this.database.transaction(actor, async (tx) => {
      const now = this.clock.nowMs();
      const rows = await this.repository.listPending(tx, actor.clinicId);
      return { items: rows.map((row) => this.toPending(row, now)) };
    });
  }

  /**
   * A fresh link for a pending invite (the old one stops working) and a new expiry; for an invite that
   * expired or whose link was lost; emailed again, and shown to copy.
   */
  resend(actor: UserActor, inviteId: string): Promise<InviteView> {
    return this.database.transaction(actor, async (tx) => {
      const invite = await this.repository.findPending(tx, actor.clinicId, inviteId);
      if (!invite) throw new NotFoundError('Invite');
      if (invite.role === 'OWNER' && actor.role !== 'OWNER') throw new ForbiddenError('Only an Owner can invite an Owner.');
      const token = newSecretToken();
      const expiresAt = new Date(this.clock.nowMs() + this.expiryMs);
      await this.repository.update(tx, actor.clinicId, inviteId, {
        tokenHash: hashSecretToken(token),
        tokenSealed: sealToken(this.sealKey, token),
        expiresAt,
      });
      await this.emailInvite(actor, { id: inviteId, email: invite.email, role: invite.role, token, expiresAt });
      await this.audit.record(actor, {
        action: 'STAFF_INVITE_RESENT',
        entityType: 'invite',
        entityId: inviteId,
        metadata: { email: invite.email },
      });
      return { id: inviteId, email: invite.email, role: invite.role, inviteToken: token, expiresAt: expiresAt.toISOString() };
    });
  }

  /** Withdraws a pending invite: its link stops working at once. */
  revoke(actor: UserActor, inviteId: string): Promise<void> {
    return this.database.transaction(actor, async (tx) => {
      const invite = await this.repository.findPending(tx, actor.clinicId, inviteId);
      if (!invite) throw new NotFoundError('Invite');
      await this.repository.update(tx, actor.clinicId, inviteId, { revokedAt: this.clock.now() });
      await this.notifications.cancelPendingInvites(actor.clinicId, invite.email);
      await this.audit.record(actor, {
        action: 'STAFF_INVITE_REVOKED',
        entityType: 'invite',
        entityId: inviteId,
        metadata: { email: invite.email },
      });
    });
  }

  /** For the accept-invite page: the clinic, role and address an open invite is for. Throttled like accepting. */
  async details(token: string, ip: string | undefined): Promise<InviteDetails> {
    await this.throttle.assertInviteAcceptAllowed(ip);
    const invite = await this.find(token);
    this.assertOpen(invite);
    const clinic = await this.clinics.profile(invite.clinicId);
    return {
      clinicName: clinic.name,
      email: invite.email,
      role: invite.role,
      firstName: invite.firstName,
      lastName: invite.lastName,
      expiresAt: invite.expiresAt.toISOString(),
    };
  }

  private toPending(row: InviteRow, now: number): PendingInvite {
    return {
      id: row.id,
      email: row.email,
      role: row.role,
      firstName: row.firstName,
      lastName: row.lastName,
      createdAt: row.createdAt.toISOString(),
      expiresAt: row.expiresAt.toISOString(),
      expired: row.expiresAt.getTime() <= now,
      inviteToken: row.tokenSealed ? (unsealToken(this.sealKey, row.tokenSealed) ?? null) : null,
    };
  }

  /** The invitation email, sent by the worker after commit (kept in the outbox when email is not configured). */
  private async emailInvite(
    actor: UserActor,
    invite: { id: string; email: string; role: InviteInput['role']; token: string; expiresAt: Date },
  ) {
    const clinic = await this.clinics.profile(actor.clinicId);
    const inviter = await this.users.findById(actor.clinicId, actor.userId);
    const link = `${this.webOrigin}/${clinic.locale}/accept-invite?token=${encodeURIComponent(invite.token)}`;
    await this.notifications.cancelPendingInvites(actor.clinicId, invite.email);
    await this.notifications.schedule(actor.clinicId, [
      {
        type: 'email',
        template: INVITE_TEMPLATE,
        locale: clinic.locale,
        recipient: invite.email,
        payload: {
          ...this.templates.invitePayload(
            {
              clinic: { name: clinic.name, timezone: clinic.timezone },
              inviterName: inviter ? `${inviter.firstName} ${inviter.lastName}` : clinic.name,
              role: invite.role,
              link,
              expiresAt: invite.expiresAt.toISOString(),
            },
            invite.id,
          ),
        },
        // A resent invite is a new message (new link, new expiry).
        idempotencyKey: `invite:${invite.id}:${invite.expiresAt.getTime()}`,
        scheduledFor: this.clock.now(),
      },
    ]);
  }

  /** Finds an invite by its token across clinics (the clinic is not known yet). */
  async find(token: string): Promise<StoredInvite> {
    const invite = await this.repository.findByHash(this.database.unscoped, hashSecretToken(token));
    if (!invite) throw new BadRequestError('invalid-invite', 'This invite link is not valid.');
    return invite;
  }

  /** 410 for an invite that was used, withdrawn or has expired. */
  assertOpen(invite: StoredInvite): void {
    if (invite.used) throw new GoneError('invite-used', 'This invite has already been used or withdrawn.');
    if (invite.expiresAt.getTime() <= this.clock.nowMs()) throw new GoneError('invite-expired', 'This invite has expired.');
  }

  /**
   * Marks the invite used inside the caller's transaction. The conditional update takes a row lock,
   * so of two concurrent acceptances exactly one claims it.
   */
  async claim(invite: StoredInvite): Promise<void> {
    this.assertOpen(invite);
    const now = this.clock.now();
    await this.database.withClinic(invite.clinicId, async (tx) => {
      if (!(await this.repository.claim(tx, invite, now))) {
        throw new GoneError('invite-used', 'This invite has already been used or withdrawn.');
      }
    });
  }

  linkAcceptedUser(invite: StoredInvite, userId: string): Promise<void> {
    return this.database.withClinic(invite.clinicId, (tx) => this.repository.linkAcceptedUser(tx, invite, userId));
  }
}
