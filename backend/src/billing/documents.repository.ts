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
   * The next number of a clinic's series and the head of its ZATCA chain (last ICV and hash), in one
   * round trip. Both rows stay locked until the issuing transaction ends: issuers take turns (the chain
   * row first, always, so no two issuers can deadlock), numbers follow issue order, and a rollback
   * returns the number, so the series has no gaps (a PostgreSQL sequence would leave them).
   */
  async claimNext(tx: Tx, clinicId: string, series: DocumentSeries): Promise<{ sequence: number; lastIcv: number; lastHash: string }> {
    // Data-modifying CTEs (Drizzle cannot write these): the counter's insert reads the chain's row, so the chain is locked first.
    const result = await tx.execute<{ sequence: number; last_icv: number; last_hash: string }>(sql`
      with chain as (
        insert into ${zatcaChains} (clinic_id, last_icv, last_hash) values (${clinicId}, 0, ${FIRST_PREVIOUS_HASH})
        on conflict (clinic_id) do update set last_icv = ${zatcaChains.lastIcv}
        returning last_icv, last_hash
      ), counter as (
        insert into ${documentCounters} (clinic_id, series, last_value) select ${clinicId}, ${series}, 1 from chain
        on conflict (clinic_id, series) do update set last_value = ${documentCounters.lastValue} + 1
        returning last_value
      )
      select counter.last_value as sequence, chain.last_icv, chain.last_hash from counter, chain`);
    const row = result.rows[0]!;
    return { sequence: Number(row.sequence), lastIcv: Number(row.last_icv), lastHash: row.last_hash };
  }

  /** Stores an issued document's XML and makes it the chain's head, in one round trip. */
  async appendToChain(tx: Tx, document: typeof zatcaDocuments.$inferInsert): Promise<void> {
    await tx.execute(sql`
      with appended as (
        insert into ${zatcaDocuments} (clinic_id, id, kind, icv, previous_hash, invoice_hash, qr, xml, issued_at)
        values (${document.clinicId}, ${document.id}, ${document.kind}, ${document.icv}, ${document.previousHash}, ${document.invoiceHash},
                ${document.qr}, ${document.xml}, ${document.issuedAt})
        returning clinic_id, icv, invoice_hash
      )
      update ${zatcaChains} set last_icv = appended.icv, last_hash = appended.invoice_hash from appended
      where ${zatcaChains.clinicId} = appended.clinic_id`);
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

  async findCreditNoteByIdempotencyKey(
    tx: Tx,
    clinicId: string,
    key: string,
  ): Promise<Pick<CreditNoteRow, 'id' | 'requestHash'> | undefined> {
    const [row] = await tx
      .select({ id: creditNotes.id, requestHash: creditNotes.requestHash })
      .from(creditNotes)
      .where(and(eq(creditNotes.clinicId, clinicId), eq(creditNotes.idempotencyKey, key)));
    return row;
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
