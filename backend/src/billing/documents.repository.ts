import { Injectable } from '@nestjs/common';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../db/database.js';
import { creditNoteItems, creditNotes, documentCounters, invoices, zatcaChains, zatcaDocuments } from '../db/schema/index.js';
import { FIRST_PREVIOUS_HASH } from './zatca/hash.js';

export type CreditNoteRow = typeof creditNotes.$inferSelect;
export type NewCreditNoteRow = typeof creditNotes.$inferInsert;
export type CreditNoteItemRow = typeof creditNoteItems.$inferSelect;
export type NewCreditNoteItemRow = typeof creditNoteItems.$inferInsert;
export type ZatcaDocumentRow = typeof zatcaDocuments.$inferSelect;

export type DocumentSeries = 'invoice' | 'credit_note';

/** Issued documents: number series, credit notes, and the clinic's ZATCA chain of e-invoice XML. */
@Injectable()
export class DocumentsRepository {
  /**
   * The next number of a clinic's series. The counter row stays locked until the issuing transaction
   * ends: issuers take turns, numbers follow issue order, and a rollback returns the number (no gaps).
   */
  async nextNumber(tx: Tx, clinicId: string, series: DocumentSeries): Promise<number> {
    const [row] = await tx
      .insert(documentCounters)
      .values({ clinicId, series, lastValue: 1 })
      .onConflictDoUpdate({
        target: [documentCounters.clinicId, documentCounters.series],
        set: { lastValue: sql`${documentCounters.lastValue} + 1` },
      })
      .returning({ value: documentCounters.lastValue });
    return row!.value;
  }

  /** The clinic's chain head (last ICV and hash), locked until the transaction ends. */
  async lockChain(tx: Tx, clinicId: string): Promise<{ lastIcv: number; lastHash: string }> {
    await tx.insert(zatcaChains).values({ clinicId, lastIcv: 0, lastHash: FIRST_PREVIOUS_HASH }).onConflictDoNothing();
    const [row] = await tx
      .select({ lastIcv: zatcaChains.lastIcv, lastHash: zatcaChains.lastHash })
      .from(zatcaChains)
      .where(eq(zatcaChains.clinicId, clinicId))
      .for('update');
    return row!;
  }

  async appendToChain(tx: Tx, document: typeof zatcaDocuments.$inferInsert): Promise<void> {
    await tx.insert(zatcaDocuments).values(document);
    await tx
      .update(zatcaChains)
      .set({ lastIcv: document.icv, lastHash: document.invoiceHash })
      .where(eq(zatcaChains.clinicId, document.clinicId));
  }

  async findZatcaDocument(tx: Tx, clinicId: string, documentId: string): Promise<ZatcaDocumentRow | undefined> {
    const [row] = await tx
      .select()
      .from(zatcaDocuments)
      .where(and(eq(zatcaDocuments.clinicId, clinicId), eq(zatcaDocuments.id, documentId)));
    return row;
  }

  /** ZATCA data without the XML (what an invoice's view shows). */
  async findZatcaSummary(tx: Tx, clinicId: string, documentId: string) {
    const [row] = await tx
      .select({
        id: zatcaDocuments.id,
        icv: zatcaDocuments.icv,
        qr: zatcaDocuments.qr,
        invoiceHash: zatcaDocuments.invoiceHash,
        previousHash: zatcaDocuments.previousHash,
      })
      .from(zatcaDocuments)
      .where(and(eq(zatcaDocuments.clinicId, clinicId), eq(zatcaDocuments.id, documentId)));
    return row;
  }

  async insertCreditNote(tx: Tx, note: NewCreditNoteRow, items: NewCreditNoteItemRow[]): Promise<void> {
    await tx.insert(creditNotes).values(note);
    await tx.insert(creditNoteItems).values(items);
  }

  async findCreditNote(tx: Tx, clinicId: string, creditNoteId: string) {
    const [row] = await tx
      .select({ note: creditNotes, invoiceNumber: invoices.number, patientId: invoices.patientId })
      .from(creditNotes)
      .innerJoin(invoices, and(eq(invoices.clinicId, creditNotes.clinicId), eq(invoices.id, creditNotes.invoiceId)))
      .where(and(eq(creditNotes.clinicId, clinicId), eq(creditNotes.id, creditNoteId)));
    return row && { ...row.note, invoiceNumber: row.invoiceNumber!, patientId: row.patientId };
  }

  creditNoteItems(tx: Tx, clinicId: string, creditNoteId: string): Promise<CreditNoteItemRow[]> {
    return tx
      .select()
      .from(creditNoteItems)
      .where(and(eq(creditNoteItems.clinicId, clinicId), eq(creditNoteItems.creditNoteId, creditNoteId)))
      .orderBy(asc(creditNoteItems.position));
  }

  creditNotesForInvoice(tx: Tx, clinicId: string, invoiceId: string): Promise<CreditNoteRow[]> {
    return tx
      .select()
      .from(creditNotes)
      .where(and(eq(creditNotes.clinicId, clinicId), eq(creditNotes.invoiceId, invoiceId)))
      .orderBy(asc(creditNotes.sequence));
  }

  /** A patient's credit notes, with their invoice's number, for the statement. */
  creditNotesForPatient(tx: Tx, clinicId: string, patientId: string) {
    return tx
      .select({
        id: creditNotes.id,
        number: creditNotes.number,
        invoiceId: creditNotes.invoiceId,
        invoiceNumber: invoices.number,
        total: creditNotes.totalAmount,
        issuedAt: creditNotes.issuedAt,
      })
      .from(creditNotes)
      .innerJoin(invoices, and(eq(invoices.clinicId, creditNotes.clinicId), eq(invoices.id, creditNotes.invoiceId)))
      .where(and(eq(creditNotes.clinicId, clinicId), eq(invoices.patientId, patientId)));
  }
}
