import { Injectable } from '@nestjs/common';
import { eq } from 'drizzle-orm';
import type { Tx } from '../db/database.js';
import { clinics } from '../db/schema/index.js';

export type ClinicRow = typeof clinics.$inferSelect;
export type NewClinicRow = typeof clinics.$inferInsert;
export type ClinicChanges = Partial<Omit<NewClinicRow, 'id' | 'createdAt'>>;

/** The clinics table's SQL (the tenant root: its id is every other row's clinic_id). */
@Injectable()
export class ClinicsRepository {
  async insert(tx: Tx, row: NewClinicRow): Promise<ClinicRow> {
    const [created] = await tx.insert(clinics).values(row).returning();
    return created!;
  }

  async find(tx: Tx, clinicId: string, options: { lock?: boolean } = {}): Promise<ClinicRow | undefined> {
    const query = tx.select().from(clinics).where(eq(clinics.id, clinicId));
    const [row] = options.lock ? await query.for('update') : await query;
    return row;
  }

  async update(tx: Tx, clinicId: string, changes: ClinicChanges): Promise<ClinicRow> {
    const [row] = await tx.update(clinics).set(changes).where(eq(clinics.id, clinicId)).returning();
    return row!;
  }
}
