import { Injectable } from '@nestjs/common';
import { and, asc, desc, eq, getTableColumns, gte, inArray, isNotNull, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../db/database.js';
import { invoiceItems, invoices } from '../db/schema/index.js';
import type { InvoiceStatus } from '../db/schema/enums.js';
import { patientDisplayName } from '../patients/patients.repository.js';

export type InvoiceRow = typeof invoices.$inferSelect;
export type NewInvoiceRow = Omit<typeof invoices.$inferInsert, 'listedAt'>;
export type InvoiceChanges = Partial<Omit<NewInvoiceRow, 'clinicId' | 'id' | 'createdAt'>>;
export type InvoiceItemRow = typeof invoiceItems.$inferSelect;
export type NewInvoiceItemRow = typeof invoiceItems.$inferInsert;
export type InvoiceWithPatient = InvoiceRow & { patientName: string };

export interface InvoiceListFilter {
  clinicId: string;
  status?: InvoiceStatus;
  patientId?: string;
  appointmentId?: string;
  from?: Date;
  to?: Date;
  /** The keyset position: the last row's listed_at and id (newest first). */
  before?: { listedAt: Date; id: string };
  /** The moment OVERDUE is judged at. */
  now: Date;
}

const withPatientName = { ...getTableColumns(invoices), patientName: patientDisplayName(invoices.clinicId, invoices.patientId) };

/**
 * The same rule as invoice-status.ts's isOverdue, in SQL, so a list can filter by the status it shows:
 * an open invoice (SENT, PARTIALLY_PAID) owing money past its due date.
 */
const overdue = (now: Date): SQL =>
  and(
    inArray(invoices.status, ['SENT', 'PARTIALLY_PAID']),
    sql`${invoices.balanceDue} > 0`,
    isNotNull(invoices.dueAt),
    lt(invoices.dueAt, now),
  )!;

/** The invoices, their lines: SQL of the billing module's invoice tables. */
@Injectable()
export class InvoicesRepository {
  async insert(tx: Tx, row: NewInvoiceRow): Promise<InvoiceRow> {
    const [created] = await tx.insert(invoices).values(row).returning();
    return created!;
  }

  async find(tx: Tx, clinicId: string, invoiceId: string, options: { lock?: boolean } = {}): Promise<InvoiceWithPatient | undefined> {
    const query = tx
      .select(withPatientName)
      .from(invoices)
      .where(and(eq(invoices.clinicId, clinicId), eq(invoices.id, invoiceId)));
    const [row] = options.lock ? await query.for('update', { of: invoices }) : await query;
    return row;
  }

  /**
   * Open invoices overdue at `now` that the daily job has not recorded yet: marked as recorded, and
   * returned, in one statement (a concurrent run waits on the row locks and then finds them recorded).
   */
  markOverdueNoticed(tx: Tx, clinicId: string, now: Date) {
    return tx
      .update(invoices)
      .set({ overdueNoticedAt: now })
      .where(and(eq(invoices.clinicId, clinicId), overdue(now), isNull(invoices.overdueNoticedAt)))
      .returning({
        id: invoices.id,
        number: invoices.number,
        patientId: invoices.patientId,
        currency: invoices.currency,
        balanceDue: invoices.balanceDue,
        dueAt: invoices.dueAt,
      });
  }

  /** Only the patient of an invoice (for other modules, through InvoicesService.findPatientOf). */
  async findPatientId(tx: Tx, clinicId: string, invoiceId: string): Promise<string | undefined> {
    const [row] = await tx
      .select({ patientId: invoices.patientId })
      .from(invoices)
      .where(and(eq(invoices.clinicId, clinicId), eq(invoices.id, invoiceId)));
    return row?.patientId;
  }

  async update(tx: Tx, clinicId: string, invoiceId: string, changes: InvoiceChanges): Promise<void> {
    await tx
      .update(invoices)
      .set(changes)
      .where(and(eq(invoices.clinicId, clinicId), eq(invoices.id, invoiceId)));
  }

  async delete(tx: Tx, clinicId: string, invoiceId: string): Promise<void> {
    await tx.delete(invoiceItems).where(and(eq(invoiceItems.clinicId, clinicId), eq(invoiceItems.invoiceId, invoiceId)));
    await tx.delete(invoices).where(and(eq(invoices.clinicId, clinicId), eq(invoices.id, invoiceId)));
  }

  /** The invoice charging for a visit, unless voided (one per visit: a unique index). */
  async findLiveForAppointment(tx: Tx, clinicId: string, appointmentId: string): Promise<string | undefined> {
    const [row] = await tx
      .select({ id: invoices.id })
      .from(invoices)
      .where(and(eq(invoices.clinicId, clinicId), eq(invoices.appointmentId, appointmentId), ne(invoices.status, 'VOID')));
    return row?.id;
  }

  async items(tx: Tx, clinicId: string, invoiceId: string, options: { lock?: boolean } = {}): Promise<InvoiceItemRow[]> {
    const query = tx
      .select()
      .from(invoiceItems)
      .where(and(eq(invoiceItems.clinicId, clinicId), eq(invoiceItems.invoiceId, invoiceId)))
      .orderBy(asc(invoiceItems.position));
    return options.lock ? query.for('update') : query;
  }

  async replaceItems(tx: Tx, clinicId: string, invoiceId: string, rows: NewInvoiceItemRow[]): Promise<void> {
    await tx.delete(invoiceItems).where(and(eq(invoiceItems.clinicId, clinicId), eq(invoiceItems.invoiceId, invoiceId)));
    if (rows.length > 0) await tx.insert(invoiceItems).values(rows);
  }

  async updateItemCredit(tx: Tx, clinicId: string, itemId: string, credited: { creditedNet: string; creditedVat: string }): Promise<void> {
    await tx
      .update(invoiceItems)
      .set(credited)
      .where(and(eq(invoiceItems.clinicId, clinicId), eq(invoiceItems.id, itemId)));
  }

  /** Newest first (by issue time, or creation time for drafts), keyset-paged. */
  list(tx: Tx, filter: InvoiceListFilter, limit: number): Promise<InvoiceWithPatient[]> {
    const where: SQL[] = [eq(invoices.clinicId, filter.clinicId)];
    if (filter.status === 'OVERDUE') where.push(overdue(filter.now));
    else if (filter.status === 'SENT' || filter.status === 'PARTIALLY_PAID') {
      where.push(eq(invoices.status, filter.status), sql`not (${overdue(filter.now)})`);
    } else if (filter.status) where.push(eq(invoices.status, filter.status));
    if (filter.patientId) where.push(eq(invoices.patientId, filter.patientId));
    if (filter.appointmentId) where.push(eq(invoices.appointmentId, filter.appointmentId));
    if (filter.from) where.push(gte(invoices.listedAt, filter.from));
    if (filter.to) where.push(lt(invoices.listedAt, filter.to));
    if (filter.before) {
      const { listedAt, id } = filter.before;
      where.push(or(lt(invoices.listedAt, listedAt), and(eq(invoices.listedAt, listedAt), lt(invoices.id, id)))!);
    }
    return tx
      .select(withPatientName)
      .from(invoices)
      .where(and(...where))
      .orderBy(desc(invoices.listedAt), desc(invoices.id))
      .limit(limit);
  }

  /** Counts and sums by the status shown, of the invoices dated in [from, to). */
  async summaryByStatus(tx: Tx, clinicId: string, from: Date, to: Date, now: Date) {
    const shown = sql<InvoiceStatus>`case when ${overdue(now)} then 'OVERDUE' else ${invoices.status}::text end`;
    return tx
      .select({
        status: shown,
        count: sql<number>`count(*)::int`,
        total: sql<string>`coalesce(sum(${invoices.totalAmount}), 0)::text`,
        balanceDue: sql<string>`coalesce(sum(${invoices.balanceDue}), 0)::text`,
      })
      .from(invoices)
      .where(and(eq(invoices.clinicId, clinicId), gte(invoices.listedAt, from), lt(invoices.listedAt, to)))
      .groupBy(sql`1`);
  }

  /** A patient's issued invoices, for the statement. */
  issuedForPatient(tx: Tx, clinicId: string, patientId: string) {
    return tx
      .select({
        id: invoices.id,
        number: invoices.number,
        issuedAt: invoices.issuedAt,
        total: invoices.totalAmount,
        currency: invoices.currency,
      })
      .from(invoices)
      .where(and(eq(invoices.clinicId, clinicId), eq(invoices.patientId, patientId), isNotNull(invoices.issuedAt)));
  }
}
