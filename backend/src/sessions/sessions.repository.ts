import { Injectable } from '@nestjs/common';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.js';
import { refreshTokens } from '../db/schema/index.js';

export type NewRefreshTokenRow = typeof refreshTokens.$inferInsert;

export interface StoredRefreshToken {
  id: string;
  clinicId: string;
  userId: string;
  familyId: string;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** The refresh_tokens table's SQL. */
@Injectable()
export class SessionsRepository {
  async insert(tx: Tx, row: NewRefreshTokenRow): Promise<void> {
    await tx.insert(refreshTokens).values(row);
  }

  /** A token by its hash across clinics (SECURITY DEFINER function: the clinic is not known yet). */
  async findByHash(db: Db, tokenHash: string): Promise<StoredRefreshToken | undefined> {
    const result = await db.execute<{
      id: string;
      clinic_id: string;
      user_id: string;
      family_id: string;
      expires_at: string;
      revoked_at: string | null;
    }>(sql`select * from auth_find_refresh_token(${tokenHash})`);
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

  /** Marks the token replaced, if nobody did so first; false when a concurrent rotation won. */
  async claim(tx: Tx, token: StoredRefreshToken, replacedById: string, at: Date): Promise<boolean> {
    const claimed = await tx
      .update(refreshTokens)
      .set({ revokedAt: at, replacedById })
      .where(and(eq(refreshTokens.clinicId, token.clinicId), eq(refreshTokens.id, token.id), isNull(refreshTokens.revokedAt)))
      .returning({ id: refreshTokens.id });
    return claimed.length > 0;
  }

  async revokeFamily(tx: Tx, clinicId: string, familyId: string, at: Date): Promise<void> {
    await tx
      .update(refreshTokens)
      .set({ revokedAt: at })
      .where(and(eq(refreshTokens.clinicId, clinicId), eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
  }

  async revokeAllForUser(tx: Tx, clinicId: string, userId: string, at: Date): Promise<void> {
    await tx
      .update(refreshTokens)
      .set({ revokedAt: at })
      .where(and(eq(refreshTokens.clinicId, clinicId), eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
  }
}
