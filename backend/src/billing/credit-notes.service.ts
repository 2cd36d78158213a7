import { Injectable } from '@nestjs/common';
import { addAmounts } from '@dental/shared';
import { Decimal } from 'decimal.js';
import { Database } from '../db/database.js';
import { type Actor, actingUserId } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { BusinessRuleError, ConflictError, NotFoundError } from '../common/errors.js';
import { newId } from '../common/ids.js';
import { AuditService } from '../audit/audit.service.js';
import type { CreditNoteInput, CreditNoteView } from './billing.schemas.js';
import { toCreditNoteView, toDocumentLine, toZatcaView } from './billing-views.js';
import { type CreditableLine, creditLines } from './credit-lines.js';
import { type BuyerParty, type SellerParty, totalsOf } from './documents.js';
import { DocumentsRepository } from './documents.repository.js';
import { hashRequest, idempotencyKeyReused, onceForKey } from './idempotency.js';
import { balanceOf, issuedStatus } from './invoice-status.js';
import { InvoicesRepository } from './invoices.repository.js';
import { chainDocument } from './zatca/chain-document.js';
import { BillingLive } from './billing-live.js';

/**
 * Credit notes: the only correction of an issued invoice. Each takes back some or all of the invoice's
 * lines, has its own gapless series (CN-000001...), its own ZATCA QR and XML in the clinic's chain, and
 * lowers what the invoice is owed; one that takes back everything voids the invoice.
 */
@Injectable()
export class CreditNotesService {
  constructor(
    private readonly database: Database,
    private readonly invoices: InvoicesRepository,
    private readonly documents: DocumentsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly billingLive: BillingLive,
  ) {}

  /**
   * Keyed like a payment: a retry with the same Idempotency-Key and request returns the credit note it
   * issued (even once the invoice is void); the same key with another request is refused (422).
   */
  async create(actor: Actor, invoiceId: string, idempotencyKey: string, input: CreditNoteInput): Promise<CreditNoteView> {
    const id = await onceForKey('credit_notes_idempotency_key', () => this.createOnce(actor, invoiceId, idempotencyKey, input));
    return this.view(actor, id);
  }

  private createOnce(actor: Actor, invoiceId: string, idempotencyKey: string, input: CreditNoteInput): Promise<string> {
    const { clinicId } = actor;
    const id = newId();
    return this.database.transaction(actor, async (tx) => {
      const invoice = await this.invoices.find(tx, clinicId, invoiceId, { lock: true });
      if (!invoice) throw new NotFoundError('Invoice');
      const requestHash = creditRequestHash(invoiceId, input);
      const earlier = await this.documents.findCreditNoteByIdempotencyKey(tx, clinicId, idempotencyKey);
      if (earlier) {
        if (earlier.requestHash !== requestHash) throw idempotencyKeyReused('credit note');
        return earlier.id;
      }
      if (invoice.status === 'DRAFT') throw new ConflictError('invoice-not-issued', 'A draft is edited or deleted, not credited.');
      if (invoice.status === 'VOID')
        throw new BusinessRuleError('nothing-to-credit', `Invoice ${invoice.number} is already credited in full.`);
      const items = await this.invoices.items(tx, clinicId, invoiceId, { lock: true });
      const creditable: CreditableLine[] = items.map((item) => ({
        ...toDocumentLine(item, invoice.currency),
        id: item.id,
        creditedNet: item.creditedNet,
        creditedVat: item.creditedVat,
      }));
      const lines = creditLines(creditable, input.items, invoice.currency);
      const totals = totalsOf(lines, invoice.currency);

      const { number, sequence, icv, issuedAt } = await chainDocument(tx, this.documents, {
        clinicId,
        clock: this.clock,
        kind: 'credit_note',
        uuid: id,
        currency: invoice.currency,
        seller: invoice.sellerSnapshot as unknown as SellerParty,
        buyer: invoice.buyerSnapshot as unknown as BuyerParty,
        lines,
        totals,
        billingReference: invoice.number!,
        reason: input.reason,
      });
      await this.documents.insertCreditNote(
        tx,
        {
          clinicId,
          id,
          invoiceId,
          number,
          sequence,
          reason: input.reason,
          currency: invoice.currency,
          subtotalAmount: totals.subtotal,
          vatAmount: totals.vatTotal,
          totalAmount: totals.total,
          issuedAt,
          createdById: actingUserId(actor),
          idempotencyKey,
          requestHash,
          createdAt: issuedAt,
        },
        lines.map((line, index) => ({
          clinicId,
          id: newId(),
          creditNoteId: id,
          invoiceItemId: line.invoiceItemId,
          position: index + 1,
          description: line.description,
          descriptionAr: line.descriptionAr,
          quantity: line.quantity,
          unitPrice: line.unitPrice,
          vatCategory: line.vatCategory,
          vatExemptionCode: line.vatExemptionCode,
          vatRate: line.vatRate,
          netAmount: line.netAmount,
          vatAmount: line.vatAmount,
          total: line.total,
        })),
      );
      for (const line of lines) {
        const item = creditable.find((c) => c.id === line.invoiceItemId)!;
        await this.invoices.updateItemCredit(tx, clinicId, item.id, {
          creditedNet: addAmounts(invoice.currency, item.creditedNet, line.netAmount),
          creditedVat: addAmounts(invoice.currency, item.creditedVat, line.vatAmount),
        });
      }
      const amounts = {
        currency: invoice.currency,
        total: invoice.totalAmount,
        credited: addAmounts(invoice.currency, invoice.creditedAmount, totals.total),
        paid: invoice.amountPaid,
      };
      await this.invoices.update(tx, clinicId, invoiceId, {
        creditedAmount: amounts.credited,
        balanceDue: balanceOf(amounts),
        status: issuedStatus(amounts),
        updatedAt: issuedAt,
      });
      await this.billingLive.invoiceChanged(tx, clinicId, invoice);
      await this.audit.record(actor, {
        action: 'CREDIT_NOTE_ISSUED',
        entityType: 'credit_note',
        entityId: id,
        metadata: { number, invoiceId, invoiceNumber: invoice.number, total: totals.total, currency: invoice.currency, icv },
      });
      return id;
    });
  }

  view(actor: Actor, creditNoteId: string): Promise<CreditNoteView> {
    const { clinicId } = actor;
    return this.database.transaction(actor, async (tx) => {
      const note = await this.documents.findCreditNote(tx, clinicId, creditNoteId);
      if (!note) throw new NotFoundError('Credit note');
      const items = await this.documents.creditNoteItems(tx, clinicId, creditNoteId);
      const zatca = (await this.documents.findZatcaSummary(tx, clinicId, creditNoteId))!;
      return toCreditNoteView(note, items, toZatcaView(zatca));
    });
  }
}

/** What a credit-note request asks for, with amounts compared by value ("10" and "10.00" are one request). */
const creditRequestHash = (invoiceId: string, input: CreditNoteInput): string =>
  hashRequest([
    invoiceId,
    input.reason,
    input.items?.map((item) => [
      item.invoiceItemId,
      item.quantity ?? null,
      item.amount === undefined ? null : new Decimal(item.amount).toFixed(),
    ]) ?? null,
  ]);
