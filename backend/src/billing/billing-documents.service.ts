import { Injectable } from '@nestjs/common';
import { Database, type Tx } from '../db/database.js';
import type { Actor } from '../common/actor.js';
import { ConflictError, NotFoundError } from '../common/errors.js';
import { formatAmount } from '../common/money.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import { PatientsService } from '../patients/patients.service.js';
import type { InvoiceEmailDetails } from './invoice-message.js';
import { toDocumentLine } from './billing-views.js';
import type { BuyerParty, SellerParty } from './documents.js';
import { DocumentsRepository } from './documents.repository.js';
import { InvoicesRepository } from './invoices.repository.js';
import { type DocumentPdfInput, renderDocumentPdf } from './pdf/invoice-pdf.js';
import type { PdfLocale } from './pdf/labels.js';

export interface RenderedDocument {
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

/**
 * Issued invoices and credit notes as documents: the PDF (English or Arabic, with the ZATCA QR) and the
 * UBL XML stored at issue. The data is read in a transaction; the PDF is drawn after it, so no database
 * connection waits on the CPU work.
 */
@Injectable()
export class BillingDocumentsService {
  constructor(
    private readonly database: Database,
    private readonly invoices: InvoicesRepository,
    private readonly documents: DocumentsRepository,
    private readonly clinics: ClinicsService,
    private readonly patients: PatientsService,
  ) {}

  async invoicePdf(actor: Actor, invoiceId: string, locale?: PdfLocale): Promise<RenderedDocument> {
    const input = await this.database.transaction(actor, (tx) => this.invoicePdfInput(tx, actor.clinicId, invoiceId, locale));
    return { fileName: `${input.number}.pdf`, contentType: 'application/pdf', bytes: await renderDocumentPdf(input) };
  }

  /**
   * For other modules (invoice emails): an issued invoice's PDF in a language. Joins the caller's
   * transaction when there is one; rendering is CPU work of ~10-30 ms.
   */
  async renderInvoicePdf(clinicId: string, invoiceId: string, locale: PdfLocale): Promise<RenderedDocument> {
    const input = await this.database.withClinic(clinicId, (tx) => this.invoicePdfInput(tx, clinicId, invoiceId, locale));
    return { fileName: `${input.number}.pdf`, contentType: 'application/pdf', bytes: await renderDocumentPdf(input) };
  }

  /**
   * For the invoice email (rendered by the worker when it sends): the PDF in a language and what the
   * email says, as the invoice stands now; undefined when the clinic has no such invoice.
   */
  async invoiceEmail(
    clinicId: string,
    invoiceId: string,
    locale: PdfLocale,
  ): Promise<{ status: string; details: InvoiceEmailDetails; pdf: RenderedDocument } | undefined> {
    const read = await this.database.withClinic(clinicId, async (tx) => {
      const invoice = await this.invoices.find(tx, clinicId, invoiceId);
      if (!invoice) return undefined;
      const [input, clinic, patient] = [
        await this.invoicePdfInput(tx, clinicId, invoiceId, locale),
        await this.clinics.profile(clinicId),
        await this.patients.billingProfile(clinicId, invoice.patientId),
      ];
      const details: InvoiceEmailDetails = {
        clinic: { name: clinic.name, timezone: clinic.timezone, phone: clinic.contact.phone },
        patient: { firstName: patient?.firstName ?? invoice.patientName },
        number: input.number,
        currency: input.currency,
        total: input.totals.total,
        balanceDue: input.settlement!.balanceDue,
        dueAt: input.dueAt?.toISOString() ?? null,
        issuedAt: input.issuedAt.toISOString(),
      };
      return { status: invoice.status, input, details };
    });
    if (!read) return undefined;
    const pdf = { fileName: `${read.input.number}.pdf`, contentType: 'application/pdf', bytes: await renderDocumentPdf(read.input) };
    return { status: read.status, details: read.details, pdf };
  }

  async creditNotePdf(actor: Actor, creditNoteId: string, locale?: PdfLocale): Promise<RenderedDocument> {
    const { clinicId } = actor;
    const input = await this.database.transaction(actor, async (tx): Promise<DocumentPdfInput> => {
      const note = await this.documents.findCreditNote(tx, clinicId, creditNoteId);
      if (!note) throw new NotFoundError('Credit note');
      const invoice = (await this.invoices.find(tx, clinicId, note.invoiceId))!;
      const [items, zatca, clinic] = [
        await this.documents.creditNoteItems(tx, clinicId, creditNoteId),
        (await this.documents.findZatcaSummary(tx, clinicId, creditNoteId))!,
        await this.clinics.profile(clinicId),
      ];
      return {
        kind: 'credit_note',
        locale: locale ?? clinic.locale,
        number: note.number,
        issuedAt: note.issuedAt,
        dueAt: null,
        timezone: clinic.timezone,
        currency: note.currency,
        seller: invoice.sellerSnapshot as unknown as SellerParty,
        buyer: invoice.buyerSnapshot as unknown as BuyerParty,
        lines: items.map((item) => toDocumentLine(item, note.currency)),
        totals: {
          subtotal: formatAmount(note.subtotalAmount, note.currency),
          vatTotal: formatAmount(note.vatAmount, note.currency),
          total: formatAmount(note.totalAmount, note.currency),
        },
        invoiceNumber: note.invoiceNumber,
        reason: note.reason,
        qr: zatca.qr,
      };
    });
    return { fileName: `${input.number}.pdf`, contentType: 'application/pdf', bytes: await renderDocumentPdf(input) };
  }

  /** The UBL 2.1 XML stored when the invoice or credit note was issued. */
  xml(actor: Actor, kind: 'invoice' | 'credit_note', documentId: string): Promise<RenderedDocument> {
    const { clinicId } = actor;
    return this.database.transaction(actor, async (tx) => {
      const document = await this.documents.findZatcaDocument(tx, clinicId, documentId);
      if (!document || document.kind !== kind) {
        const draft = kind === 'invoice' && (await this.invoices.find(tx, clinicId, documentId));
        if (draft) throw new ConflictError('invoice-not-issued', 'A draft has no e-invoice yet; issue it first.');
        throw new NotFoundError(kind === 'invoice' ? 'Invoice' : 'Credit note');
      }
      const name = kind === 'invoice' ? 'invoice' : 'credit-note';
      return {
        fileName: `${name}-${document.icv}.xml`,
        contentType: 'application/xml; charset=utf-8',
        bytes: Buffer.from(document.xml, 'utf8'),
      };
    });
  }

  private async invoicePdfInput(tx: Tx, clinicId: string, invoiceId: string, locale: PdfLocale | undefined): Promise<DocumentPdfInput> {
    const invoice = await this.invoices.find(tx, clinicId, invoiceId);
    if (!invoice) throw new NotFoundError('Invoice');
    if (!invoice.number || !invoice.issuedAt)
      throw new ConflictError('invoice-not-issued', 'A draft has no tax invoice yet; issue it first.');
    const [items, zatca, clinic] = [
      await this.invoices.items(tx, clinicId, invoiceId),
      (await this.documents.findZatcaSummary(tx, clinicId, invoiceId))!,
      await this.clinics.profile(clinicId),
    ];
    const money = (amount: string) => formatAmount(amount, invoice.currency);
    return {
      kind: 'invoice',
      locale: locale ?? clinic.locale,
      number: invoice.number,
      issuedAt: invoice.issuedAt,
      dueAt: invoice.dueAt,
      timezone: clinic.timezone,
      currency: invoice.currency,
      seller: invoice.sellerSnapshot as unknown as SellerParty,
      buyer: invoice.buyerSnapshot as unknown as BuyerParty,
      lines: items.map((item) => toDocumentLine(item, invoice.currency)),
      totals: { subtotal: money(invoice.subtotalAmount), vatTotal: money(invoice.vatAmount), total: money(invoice.totalAmount) },
      settlement: {
        amountPaid: money(invoice.amountPaid),
        creditedAmount: money(invoice.creditedAmount),
        balanceDue: money(invoice.balanceDue),
      },
      notes: invoice.notes,
      qr: zatca.qr,
    };
  }
}
