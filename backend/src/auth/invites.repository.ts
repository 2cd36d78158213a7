import { Injectable } from '@nestjs/common';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.js';
import { invites } from '../db/schema/index.js';
import type { Role } from '../db/schema/enums.js';

export type NewInviteRow = typeof invites.$inferInsert;
export type InviteRow = typeof invites.$inferSelect;

export interface StoredInvite {
  id: string;
  clinicId: string;
  email: string;
  role: Role;
  firstName: string | null;
  lastName: string | null;
  expiresAt: Date;
  used: boolean;
}

/** The invites table's SQL. */
@Injectable()
export class InvitesRepository {
  async insert(tx: Tx, row: NewInviteRow): Promise<void> {
    await tx.insert(invites).values(row);
  }

  /** Invites neither accepted nor withdrawn (expired ones included), newest first. */
  listPending(tx: Tx, clinicId: string): Promise<InviteRow[]> {
    return tx
      .select()
      .from(invites)
      .where(and(eq(invites.clinicId, clinicId), isNull(invites.acceptedAt), isNull(invites.revokedAt)))
      .orderBy(desc(invites.createdAt));
  }

  /** A pending invite, locked for a change. */
  async findPending(tx: Tx, clinicId: string, inviteId: string): Promise<InviteRow | undefined> {
    const [row] = await tx
      .select()
      .from(invites)
      .where(and(eq(invites.clinicId, clinicId), eq(invites.id, inviteId), isNull(invites.acceptedAt), isNull(invites.revokedAt)))
      .for('update');
    return row;
  }

  async update(
    tx: Tx,
    clinicId: string,
    inviteId: string,
    changes: Partial<Pick<InviteRow, 'tokenHash' | 'tokenSealed' | 'expiresAt' | 'revokedAt'>>,
  ) {
    const [row] = await tx
      .update(invites)
      .set(changes)
      .where(and(eq(invites.clinicId, clinicId), eq(invites.id, inviteId)))
      .returning();
    return row!;
  }

  /** Withdraws the pending invites to an address (a new one supersedes them). */
  async revokePending(tx: Tx, clinicId: string, email: string, at: Date): Promise<void> {
    await tx
      .update(invites)
      .set({ revokedAt: at })
      .where(
        and(eq(invites.clinicId, clinicId), sql`lower(${invites.email}) = ${email}`, isNull(invites.acceptedAt), isNull(invites.revokedAt)),
      );
  }

  /** An invite by its token's hash across clinics (SECURITY DEFINER function: the clinic is not known yet). */
  async findByHash(db: Db, tokenHash: string): Promise<StoredInvite | undefined> {
    const found = await db.execute<{
      id: string;
      clinic_id: string;
      email: string;
      role: Role;
      first_name: string | null;
      last_name: string | null;
      expires_at: string;
      accepted_at: string | null;
      revoked_at: string | null;
    }>(sql`select * from auth_find_invite(${tokenHash})`);
    const row = found.rows[0];
    return (
      row && {
        id: row.id,
        clinicId: row.clinic_id,
        email: row.email,
        role: row.role,
        firstName: row.first_name,
        lastName: row.last_name,
        expiresAt: new Date(row.expires_at),
        used: row.accepted_at !== null || row.revoked_at !== null,
      }
    );
  }

  /** Marks a pending, unexpired invite accepted; false if it was not (any more). Takes the row lock. */
  async claim(tx: Tx, invite: StoredInvite, at: Date): Promise<boolean> {
    const claimed = await tx
      .update(invites)
      .set({ acceptedAt: at })
      .where(
        and(
          eq(invites.clinicId, invite.clinicId),
          eq(invites.id, invite.id),
          isNull(invites.acceptedAt),
          isNull(invites.revokedAt),
          gt(invites.expiresAt, at),
        ),
      )
      .returning({ id: invites.id });
    return claimed.length > 0;
  }

  async linkAcceptedUser(tx: Tx, invite: StoredInvite, userId: string): Promise<void> {
    await tx
      .update(invites)
      .set({ acceptedUserId: userId })
      .where(and(eq(invites.clinicId, invite.clinicId), eq(invites.id, invite.id)));
  }
}
