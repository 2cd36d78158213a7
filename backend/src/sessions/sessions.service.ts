import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Database } from '../db/database.js';
import { newId } from '../common/ids.js';
import type { RequestMeta } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { hashSecretToken, newSecretToken } from '../auth/secret-tokens.js';
import { SessionsRepository, type StoredRefreshToken } from './sessions.repository.js';

export type { StoredRefreshToken } from './sessions.repository.js';

export interface IssuedRefreshToken {
  token: string;
  expiresAt: Date;
  /** The login session (refresh-token family) the token belongs to. */
  sessionId: string;
}

export type RotationResult = { outcome: 'rotated'; refreshToken: IssuedRefreshToken } | { outcome: 'reused' } | { outcome: 'expired' };

/**
 * Refresh-token families: one family per login. Each use rotates the token; presenting a token that
 * was already rotated (or revoked) revokes the whole family, so a stolen token dies with its twin.
 */
@Injectable()
export class SessionsService {
  private readonly ttlMs: number;

  constructor(
    private readonly database: Database,
    private readonly repository: SessionsRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ttlMs = config.auth.refreshTokenTtlDays * 24 * 3600 * 1000;
  }

  /** Starts a new family for a fresh login. */
  start(clinicId: string, userId: string, meta: RequestMeta): Promise<IssuedRefreshToken> {
    return this.database.withClinic(clinicId, () => this.insert(clinicId, userId, newId(), meta).then((r) => r.issued));
  }

  /** Looks a presented token up across clinics (the clinic is not known yet). */
  find(token: string): Promise<StoredRefreshToken | undefined> {
    return this.repository.findByHash(this.database.unscoped, hashSecretToken(token));
  }

  /** Replaces `stored` with a new token of the same family, exactly once even under concurrent use. */
  rotate(stored: StoredRefreshToken, meta: RequestMeta): Promise<RotationResult> {
    return this.database.withClinic(stored.clinicId, async (tx) => {
      if (stored.revokedAt) {
        await this.revokeFamily(stored.clinicId, stored.familyId);
        return { outcome: 'reused' };
      }
      if (stored.expiresAt.getTime() <= this.clock.nowMs()) return { outcome: 'expired' };
      const next = await this.insert(stored.clinicId, stored.userId, stored.familyId, meta);
      if (!(await this.repository.claim(tx, stored, next.id, this.clock.now()))) {
        // A concurrent request rotated it first (we waited on its row lock): treat as a replay. The
        // revocation runs after that commit, so it also covers the winner's new token and our own.
        await this.revokeFamily(stored.clinicId, stored.familyId);
        return { outcome: 'reused' };
      }
      return { outcome: 'rotated', refreshToken: next.issued };
    });
  }

  revokeFamily(clinicId: string, familyId: string): Promise<void> {
    return this.database.withClinic(clinicId, (tx) => this.repository.revokeFamily(tx, clinicId, familyId, this.clock.now()));
  }

  revokeAllForUser(clinicId: string, userId: string): Promise<void> {
    return this.database.withClinic(clinicId, (tx) => this.repository.revokeAllForUser(tx, clinicId, userId, this.clock.now()));
  }

  private async insert(clinicId: string, userId: string, familyId: string, meta: RequestMeta) {
    const token = newSecretToken();
    const id = newId();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.ttlMs);
    await this.database.withClinic(clinicId, (tx) =>
      this.repository.insert(tx, {
        clinicId,
        id,
        userId,
        familyId,
        tokenHash: hashSecretToken(token),
        expiresAt,
        userAgent: meta.userAgent ?? null,
        ipAddress: meta.ip ?? null,
        createdAt: now,
      }),
    );
    return { id, issued: { token, expiresAt, sessionId: familyId } };
  }
}
