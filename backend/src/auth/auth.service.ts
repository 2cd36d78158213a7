import { Injectable } from '@nestjs/common';
import { Database } from '../db/database.js';
import { type RequestMeta, userActor } from '../common/actor.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { ForbiddenError, UnauthorizedError } from '../common/errors.js';
import { newId } from '../common/ids.js';
import { AuditService } from '../audit/audit.service.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import type { ClinicView } from '../clinics/clinics.schemas.js';
import { SessionsService, type IssuedRefreshToken } from '../sessions/sessions.service.js';
import { UsersService } from '../users/users.service.js';
import type { UserView } from '../users/users.schemas.js';
import { AccessTokenService, type SignedAccessToken } from './access-token.service.js';
import { AuthThrottle } from './auth-throttle.js';
import { CsrfTokens } from './csrf-tokens.js';
import type { AcceptInviteInput, LoginInput, SignupInput } from './auth.schemas.js';
import { InvitesService } from './invites.service.js';
import { PasswordHasher } from './password-hasher.js';

export interface Session {
  user: UserView;
  accessToken: SignedAccessToken;
  refreshToken: IssuedRefreshToken;
}

const INVALID_CREDENTIALS = 'The email or password is incorrect.';

@Injectable()
export class AuthService {
  constructor(
    private readonly database: Database,
    private readonly users: UsersService,
    private readonly clinics: ClinicsService,
    private readonly sessions: SessionsService,
    private readonly invites: InvitesService,
    private readonly accessTokens: AccessTokenService,
    private readonly passwords: PasswordHasher,
    private readonly throttle: AuthThrottle,
    private readonly audit: AuditService,
    private readonly csrf: CsrfTokens,
  ) {}

  /** Creates a clinic and its first Owner in one transaction, and logs the Owner in. */
  async signup(input: SignupInput, meta: RequestMeta, clinicId = newId()): Promise<Session & { clinic: ClinicView }> {
    await this.throttle.assertSignupAllowed(meta.ip, input.email);
    const passwordHash = await this.passwords.hash(input.password);
    const userId = newId();
    const { clinic, user } = await this.database.withClinic(clinicId, async () => {
      const created = await this.clinics.create({ id: clinicId, name: input.clinicName, timezone: input.timezone, locale: input.locale });
      const owner = await this.users.create({
        clinicId,
        id: userId,
        email: input.email,
        passwordHash,
        firstName: input.firstName,
        lastName: input.lastName,
        role: 'OWNER',
      });
      await this.clinics.setOwner(clinicId, userId);
      await this.audit.record(userActor({ userId, clinicId, role: 'OWNER' }, meta), {
        action: 'CLINIC_CREATED',
        entityType: 'clinic',
        entityId: clinicId,
      });
      return { clinic: { ...created, ownerId: userId }, user: owner };
    });
    return { clinic, ...(await this.startSession(user, meta)) };
  }

  /** Unknown email and wrong password fail alike, in the same time, with the same message. */
  async login(input: LoginInput, meta: RequestMeta): Promise<Session> {
    await this.throttle.assertLoginAllowed(meta.ip, input.email);
    const login = await this.users.findLoginByEmail(input.email);
    const passwordOk = await this.passwords.verify(login?.passwordHash, input.password);
    if (!login || !passwordOk || login.status !== 'active') {
      await this.throttle.recordLoginFailure(input.email);
      if (login) {
        this.audit.recordLater(userActor({ userId: login.id, clinicId: login.clinicId, role: login.role }, meta), {
          action: 'LOGIN_FAILED',
          entityType: 'user',
          entityId: login.id,
          metadata: { reason: passwordOk ? 'disabled' : 'wrong-password' },
        });
      }
      throw new UnauthorizedError(INVALID_CREDENTIALS, 'invalid-credentials');
    }
    await this.throttle.recordLoginSuccess(input.email);
    const user = await this.users.findById(login.clinicId, login.id);
    await this.audit.record(userActor({ userId: login.id, clinicId: login.clinicId, role: login.role }, meta), {
      action: 'LOGIN_SUCCEEDED',
      entityType: 'user',
      entityId: login.id,
    });
    return this.startSession(user!, meta);
  }

  /** Rotates the refresh token; a replayed one revokes its family and fails. The new access token carries the current role. */
  async refresh(refreshToken: string | undefined, csrfHeader: string | undefined, meta: RequestMeta): Promise<Session> {
    const stored = refreshToken ? await this.sessions.find(refreshToken) : undefined;
    if (!stored) throw new UnauthorizedError('The session is not valid. Log in again.', 'invalid-session');
    // A replayed (already rotated) token revokes its family whatever else the request holds; a live one needs the CSRF token.
    if (!stored.revokedAt) this.assertCsrf(stored.familyId, csrfHeader);
    const rotation = await this.sessions.rotate(stored, meta);
    if (rotation.outcome === 'reused') {
      const user = await this.users.findById(stored.clinicId, stored.userId);
      if (user) {
        await this.audit.record(userActor(who(user), meta), {
          action: 'REFRESH_TOKEN_REUSED',
          entityType: 'session',
          entityId: stored.familyId,
        });
      }
      throw new UnauthorizedError('The session is no longer valid. Log in again.', 'invalid-session');
    }
    if (rotation.outcome === 'expired') throw new UnauthorizedError('The session has expired. Log in again.', 'session-expired');
    const user = await this.users.findById(stored.clinicId, stored.userId);
    if (!user || user.status !== 'active') {
      await this.sessions.revokeFamily(stored.clinicId, stored.familyId);
      throw new UnauthorizedError('The session is not valid. Log in again.', 'invalid-session');
    }
    return {
      user,
      accessToken: this.accessTokens.sign(tokenFor(user, rotation.refreshToken.sessionId)),
      refreshToken: rotation.refreshToken,
    };
  }

  /** Ends the session the refresh token belongs to. Unknown tokens are ignored: logout always succeeds. */
  async logout(refreshToken: string | undefined, csrfHeader: string | undefined, meta: RequestMeta): Promise<void> {
    const stored = refreshToken ? await this.sessions.find(refreshToken) : undefined;
    if (!stored) return;
    this.assertCsrf(stored.familyId, csrfHeader);
    await this.sessions.revokeFamily(stored.clinicId, stored.familyId);
    const user = await this.users.findById(stored.clinicId, stored.userId);
    if (user) {
      await this.audit.record(userActor(who(user), meta), { action: 'LOGOUT', entityType: 'session', entityId: stored.familyId });
    }
  }

  /**
   * Creates the invited user and logs them in; the invite is spent in the same transaction. Attempts
   * are limited per IP like logins, and the token is looked up before the password is hashed, so a flood
   * of made-up tokens costs a hash look-up each, not an argon2 hash.
   */
  async acceptInvite(input: AcceptInviteInput, meta: RequestMeta): Promise<Session> {
    await this.throttle.assertInviteAcceptAllowed(meta.ip);
    const invite = await this.invites.find(input.token);
    this.invites.assertOpen(invite);
    const passwordHash = await this.passwords.hash(input.password);
    const userId = newId();
    const user = await this.database.withClinic(invite.clinicId, async () => {
      await this.invites.claim(invite);
      const created = await this.users.create({
        clinicId: invite.clinicId,
        id: userId,
        email: invite.email,
        passwordHash,
        firstName: input.firstName,
        lastName: input.lastName,
        role: invite.role,
      });
      await this.invites.linkAcceptedUser(invite, userId);
      await this.audit.record(userActor(who(created), meta), {
        action: 'INVITE_ACCEPTED',
        entityType: 'invite',
        entityId: invite.id,
      });
      return created;
    });
    return this.startSession(user, meta);
  }

  /** Refresh and logout are cookie-authenticated writes: they need the session's CSRF token. */
  private assertCsrf(sessionId: string, header: string | undefined): void {
    if (!this.csrf.matches(sessionId, header)) {
      throw new ForbiddenError('A valid X-CSRF-Token header is required for cookie-authenticated requests.', 'csrf-failed');
    }
  }

  private async startSession(user: UserView, meta: RequestMeta): Promise<Session> {
    const refreshToken = await this.sessions.start(user.clinicId, user.id, meta);
    return { user, accessToken: this.accessTokens.sign(tokenFor(user, refreshToken.sessionId)), refreshToken };
  }
}

/** Who a user is, for the audit log and their access token. */
const who = (user: UserView) => ({ userId: user.id, clinicId: user.clinicId, role: user.role });
const tokenFor = (user: UserView, sessionId: string): AuthUser => ({ ...who(user), sessionId });
