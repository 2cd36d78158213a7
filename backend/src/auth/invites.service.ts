import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Database } from '../db/database.js';
import type { UserActor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { BadRequestError, ConflictError, ForbiddenError, GoneError } from '../common/errors.js';
import { newId } from '../common/ids.js';
import { AuditService } from '../audit/audit.service.js';
import { UsersService } from '../users/users.service.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import { INVITE_TEMPLATE, NotificationTemplates } from '../notifications/notification-templates.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import type { InviteInput, InviteView } from './auth.schemas.js';
import { InvitesRepository, type StoredInvite } from './invites.repository.js';
import { hashSecretToken, newSecretToken } from './secret-tokens.js';

export type { StoredInvite } from './invites.repository.js';

/** Staff invitations: random single-use tokens, stored hashed, valid for INVITE_EXPIRY_HOURS. */
@Injectable()
export class InvitesService {
  private readonly expiryMs: number;

  constructor(
    private readonly database: Database,
    private readonly repository: InvitesRepository,
    private readonly users: UsersService,
    private readonly clinics: ClinicsService,
    private readonly notifications: NotificationsService,
    private readonly templates: NotificationTemplates,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.expiryMs = config.auth.inviteExpiryHours * 3600 * 1000;
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
        idempotencyKey: `invite:${invite.id}`,
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
