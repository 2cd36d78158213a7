import { Injectable } from '@nestjs/common';
import { and, asc, eq, gt, or, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../db/database.js';
import { services } from '../db/schema/index.js';

export type ServiceRow = typeof services.$inferSelect;
export type NewServiceRow = typeof services.$inferInsert;
export type ServiceChanges = Partial<Omit<NewServiceRow, 'clinicId' | 'id' | 'createdAt'>>;

export interface ServiceFilter {
  clinicId: string;
  active?: boolean;
  /** Part of the name (either language) or the code. */
  q?: string;
  after?: { name: string; id: string };
}

/** The service catalog's SQL (the seed's Service). */
@Injectable()
export class CatalogRepository {
  /** In name order. */
  list(tx: Tx, filter: ServiceFilter, limit: number): Promise<ServiceRow[]> {
    const where: SQL[] = [eq(services.clinicId, filter.clinicId)];
    if (filter.active !== undefined) where.push(eq(services.active, filter.active));
    if (filter.q) {
      const term = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(
        sql`(dental_fold(${services.name}) like dental_fold(${term}) or dental_fold(coalesce(${services.nameAr}, '')) like dental_fold(${term}) or ${services.code} ilike ${term})`,
      );
    }
    if (filter.after) {
      const { name, id } = filter.after;
      where.push(or(gt(services.name, name), and(eq(services.name, name), gt(services.id, id)))!);
    }
    return tx
      .select()
      .from(services)
      .where(and(...where))
      .orderBy(asc(services.name), asc(services.id))
      .limit(limit);
  }

  async find(tx: Tx, clinicId: string, serviceId: string): Promise<ServiceRow | undefined> {
    const [row] = await tx
      .select()
      .from(services)
      .where(and(eq(services.clinicId, clinicId), eq(services.id, serviceId)));
    return row;
  }

  async insert(tx: Tx, row: NewServiceRow): Promise<ServiceRow> {
    const [created] = await tx.insert(services).values(row).returning();
    return created!;
  }

  async update(tx: Tx, clinicId: string, serviceId: string, changes: ServiceChanges): Promise<ServiceRow> {
    const [row] = await tx
      .update(services)
      .set(changes)
      .where(and(eq(services.clinicId, clinicId), eq(services.id, serviceId)))
      .returning();
    return row!;
  }

  /** Fails with a foreign-key violation when appointments or invoices use the service. */
  async delete(tx: Tx, clinicId: string, serviceId: string): Promise<void> {
    await tx.delete(services).where(and(eq(services.clinicId, clinicId), eq(services.id, serviceId)));
  }
}
