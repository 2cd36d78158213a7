import { Inject, Injectable } from '@nestjs/common';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Database } from '../db/database.js';
import { refreshTokens } from '../db/schema/index.js';
import { newId } from '../common/ids.js';
import type { RequestMeta } from '../common/auth/auth-user.js';
import { hashSecretToken, newSecretToken } from '../auth/secret-tokens.js';

export interface IssuedRefreshToken {
  token: string;
  expiresAt: Date;
}

export interface StoredRefreshToken {
  id: string;
  clinicId: string;
  userId: string;
  familyId: string;
  expiresAt: Date;
  revokedAt: Date | null;
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
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ttlMs = config.auth.refreshTokenTtlDays * 24 * 3600 * 1000;
  }

  /** Starts a new family for a fresh login. */
  start(clinicId: string, userId: string, meta: RequestMeta): Promise<IssuedRefreshToken> {
    return this.database.withClinic(clinicId, () => this.insert(clinicId, userId, newId(), meta).then((r) => r.issued));
  }

  /** Looks a presented token up across clinics (SECURITY DEFINER function: the clinic is not known yet). */
  async find(token: string): Promise<StoredRefreshToken | undefined> {
    const result = await this.database.unscoped.execute<{
      id: string;
      clinic_id: string;
      user_id: string;
      family_id: string;
      expires_at: string;
      revoked_at: string | null;
    }>(sql`select * from auth_find_refresh_token(${hashSecretToken(token)})`);
    const row = result.rows[0];
    if (!row) return undefined;
    return {
      id: row.id,
      clinicId: row.clinic_id,
      userId: row.user_id,
      familyId: row.family_id,
      expiresAt: new Date(row.expires_at),
      revokedAt: row.revoked_at ? new Date(row.revoked_at) : null,
    };
  }

  /** Replaces `stored` with a new token of the same family, exactly once even under concurrent use. */
  rotate(stored: StoredRefreshToken, meta: RequestMeta): Promise<RotationResult> {
    return this.database.withClinic(stored.clinicId, async (tx) => {
      if (stored.revokedAt) {
        await this.revokeFamily(stored.clinicId, stored.familyId);
        return { outcome: 'reused' };
      }
      if (stored.expiresAt.getTime() <= Date.now()) return { outcome: 'expired' };
      const next = await this.insert(stored.clinicId, stored.userId, stored.familyId, meta);
      const claimed = await tx
        .update(refreshTokens)
        .set({ revokedAt: new Date(), replacedById: next.id })
        .where(and(eq(refreshTokens.clinicId, stored.clinicId), eq(refreshTokens.id, stored.id), isNull(refreshTokens.revokedAt)))
        .returning({ id: refreshTokens.id });
      if (claimed.length === 0) {
        // A concurrent request rotated it first (we waited on its row lock): treat as a replay. The
        // revocation runs after that commit, so it also covers the winner's new token and our own.
        await this.revokeFamily(stored.clinicId, stored.familyId);
        return { outcome: 'reused' };
      }
      return { outcome: 'rotated', refreshToken: next.issued };
    });
  }

  async revokeFamily(clinicId: string, familyId: string): Promise<void> {
    await this.database.withClinic(clinicId, (tx) =>
      tx
        .update(refreshTokens)
        .set({ revokedAt: new Date() })
        .where(and(eq(refreshTokens.clinicId, clinicId), eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt))),
    );
  }

  async revokeAllForUser(clinicId: string, userId: string): Promise<void> {
    await this.database.withClinic(clinicId, (tx) =>
      tx
        .update(refreshTokens)
        .set({ revokedAt: new Date() })
        .where(and(eq(refreshTokens.clinicId, clinicId), eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt))),
    );
  }

  private async insert(clinicId: string, userId: string, familyId: string, meta: RequestMeta) {
    const token = newSecretToken();
    const id = newId();
    const expiresAt = new Date(Date.now() + this.ttlMs);
    await this.database.withClinic(clinicId, (tx) =>
      tx.insert(refreshTokens).values({
        clinicId,
        id,
        userId,
        familyId,
        tokenHash: hashSecretToken(token),
        expiresAt,
        userAgent: meta.userAgent ?? null,
        ipAddress: meta.ip ?? null,
      }),
    );
    return { id, issued: { token, expiresAt } };
  }
}
