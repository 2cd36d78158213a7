import { Injectable } from '@nestjs/common';
import { and, desc, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.js';
import { type FileEntityType, fileAttachments } from '../db/schema/index.js';

export type FileRow = typeof fileAttachments.$inferSelect;
export type NewFileRow = typeof fileAttachments.$inferInsert;

export interface FileFilter {
  clinicId: string;
  entityTypes: readonly FileEntityType[];
  entityId?: string;
  patientId?: string;
  /** Files after this one in newest-first order. */
  before?: { createdAt: Date; id: string };
}

/** The file_attachments table's SQL. Deleted files are invisible here except to the purge. */
@Injectable()
export class FilesRepository {
  async insert(tx: Tx, row: NewFileRow): Promise<FileRow> {
    const [created] = await tx.insert(fileAttachments).values(row).returning();
    return created!;
  }

  async find(tx: Tx, clinicId: string, fileId: string): Promise<FileRow | undefined> {
    const [row] = await tx
      .select()
      .from(fileAttachments)
      .where(and(eq(fileAttachments.clinicId, clinicId), eq(fileAttachments.id, fileId), isNull(fileAttachments.deletedAt)));
    return row;
  }

  /** Newest first. */
  list(tx: Tx, filter: FileFilter, limit: number): Promise<FileRow[]> {
    const where: SQL[] = [
      eq(fileAttachments.clinicId, filter.clinicId),
      isNull(fileAttachments.deletedAt),
      inArray(fileAttachments.entityType, [...filter.entityTypes]),
    ];
    if (filter.entityId) where.push(eq(fileAttachments.entityId, filter.entityId));
    if (filter.patientId) where.push(eq(fileAttachments.patientId, filter.patientId));
    if (filter.before) {
      const { createdAt, id } = filter.before;
      where.push(or(lt(fileAttachments.createdAt, createdAt), and(eq(fileAttachments.createdAt, createdAt), lt(fileAttachments.id, id)))!);
    }
    return tx
      .select()
      .from(fileAttachments)
      .where(and(...where))
      .orderBy(desc(fileAttachments.createdAt), desc(fileAttachments.id))
      .limit(limit);
  }

  /**
   * Every file of one patient (deleted ones too, so none points at the duplicate) becomes another's; a
   * file on the patient record itself is now on the record kept.
   */
  async movePatient(tx: Tx, clinicId: string, fromId: string, intoId: string): Promise<number> {
    const moved = await tx
      .update(fileAttachments)
      .set({
        patientId: intoId,
        entityId: sql`case when ${fileAttachments.entityType} = 'patient' then ${intoId}::text else ${fileAttachments.entityId} end`,
      })
      .where(and(eq(fileAttachments.clinicId, clinicId), eq(fileAttachments.patientId, fromId)))
      .returning({ id: fileAttachments.id });
    return moved.length;
  }

  async markDeleted(tx: Tx, clinicId: string, fileId: string, deletedAt: Date, deletedById: string | null): Promise<boolean> {
    const rows = await tx
      .update(fileAttachments)
      .set({ deletedAt, deletedById })
      .where(and(eq(fileAttachments.clinicId, clinicId), eq(fileAttachments.id, fileId), isNull(fileAttachments.deletedAt)))
      .returning({ id: fileAttachments.id });
    return rows.length > 0;
  }

  /**
   * Files of every clinic deleted before `deletedBefore` whose bytes are still stored: the one look-up
   * across clinics, through the SECURITY DEFINER function files_due_for_purge (migration 0014).
   */
  async dueForPurge(db: Db, deletedBefore: Date, limit: number): Promise<{ clinicId: string; id: string }[]> {
    const result = await db.execute<{ clinic_id: string; id: string }>(
      sql`select clinic_id, id from files_due_for_purge(${deletedBefore.toISOString()}::timestamptz, ${limit})`,
    );
    return result.rows.map((row) => ({ clinicId: row.clinic_id, id: row.id }));
  }

  /** Ids of this clinic's files deleted before `deletedBefore` whose bytes are not purged yet, oldest first. */
  async duePurgeIds(tx: Tx, clinicId: string, deletedBefore: Date, limit: number): Promise<string[]> {
    const rows = await tx
      .select({ id: fileAttachments.id })
      .from(fileAttachments)
      .where(and(eq(fileAttachments.clinicId, clinicId), lt(fileAttachments.deletedAt, deletedBefore), isNull(fileAttachments.purgedAt)))
      .orderBy(fileAttachments.deletedAt)
      .limit(limit);
    return rows.map((row) => row.id);
  }

  /** A deleted file still waiting for its purge. */
  async findPurgeable(tx: Tx, clinicId: string, fileId: string, deletedBefore: Date): Promise<FileRow | undefined> {
    const [row] = await tx
      .select()
      .from(fileAttachments)
      .where(
        and(
          eq(fileAttachments.clinicId, clinicId),
          eq(fileAttachments.id, fileId),
          lt(fileAttachments.deletedAt, deletedBefore),
          isNull(fileAttachments.purgedAt),
        ),
      );
    return row;
  }

  /** Whether this call marked it (a purge running alongside may have done so first). */
  async markPurged(tx: Tx, clinicId: string, fileId: string, purgedAt: Date): Promise<boolean> {
    const rows = await tx
      .update(fileAttachments)
      .set({ purgedAt })
      .where(and(eq(fileAttachments.clinicId, clinicId), eq(fileAttachments.id, fileId), isNull(fileAttachments.purgedAt)))
      .returning({ id: fileAttachments.id });
    return rows.length > 0;
  }
}
