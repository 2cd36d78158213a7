import { Controller, Delete, Get, HttpCode, Patch, Post, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { BILLING } from '@dental/shared';
import { CurrentActor, Roles } from '../common/auth/decorators.js';
import type { Actor } from '../common/actor.js';
import { ApiNoContent, ApiProblems, ApiResult, IdParam, ZodBody, ZodHeader, ZodQuery } from '../common/validation.js';
import { BillingDocumentsService, type RenderedDocument } from './billing-documents.service.js';
import {
  type CreateInvoice,
  createInvoiceSchema,
  type CreditNoteInput,
  creditNoteInputSchema,
  creditNoteViewSchema,
  type DocumentQuery,
  documentQuerySchema,
  idempotencyKeySchema,
  invoiceConflictProblemSchema,
  invoiceListSchema,
  issueProblemSchema,
  invoiceViewSchema,
  type ListInvoicesQuery,
  listInvoicesQuerySchema,
  paymentProblemSchema,
  paymentViewSchema,
  type RecordPayment,
  recordPaymentSchema,
  type SendInvoice,
  sendInvoiceSchema,
  type UpdateInvoice,
  updateInvoiceSchema,
} from './billing.schemas.js';
import { CreditNotesService } from './credit-notes.service.js';
import { InvoiceEmailsService } from './invoice-emails.service.js';
import { InvoicesService } from './invoices.service.js';
import { notificationViewSchema } from '../notifications/notifications.schemas.js';
import { PaymentsService } from './payments.service.js';

/** Bytes with their type and an inline file name (works on any HTTP adapter). */
export const documentFile = (document: RenderedDocument): StreamableFile =>
  new StreamableFile(document.bytes, {
    type: document.contentType,
    disposition: `inline; filename="${document.fileName}"`,
    length: document.bytes.length,
  });

@ApiTags('billing')
@ApiBearerAuth()
@Roles(...BILLING)
@Controller('invoices')
export class InvoicesController {
  constructor(
    private readonly invoices: InvoicesService,
    private readonly payments: PaymentsService,
    private readonly creditNotes: CreditNotesService,
    private readonly documents: BillingDocumentsService,
    private readonly emails: InvoiceEmailsService,
  ) {}

  @Get()
  @ApiResult(200, invoiceListSchema, 'Newest first (issue time, or creation time for drafts)')
  @ApiProblems(400, 401, 403)
  list(@CurrentActor() actor: Actor, @ZodQuery(listInvoicesQuerySchema) query: ListInvoicesQuery) {
    return this.invoices.list(actor, query);
  }

  @Post()
  @ApiResult(201, invoiceViewSchema, 'A draft')
  @ApiProblems(400, 401, 403, 404, [409, invoiceConflictProblemSchema], 422)
  create(@CurrentActor() actor: Actor, @ZodBody(createInvoiceSchema) body: CreateInvoice) {
    return this.invoices.create(actor, body);
  }

  @Get(':id')
  @ApiResult(200, invoiceViewSchema)
  @ApiProblems(401, 403, 404)
  get(@CurrentActor() actor: Actor, @IdParam('id', 'Invoice') id: string) {
    return this.invoices.get(actor, id);
  }

  @Patch(':id')
  @ApiResult(200, invoiceViewSchema, 'Drafts only (409 once issued)')
  @ApiProblems(400, 401, 403, 404, 409, 422)
  update(@CurrentActor() actor: Actor, @IdParam('id', 'Invoice') id: string, @ZodBody(updateInvoiceSchema) body: UpdateInvoice) {
    return this.invoices.update(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContent('Draft deleted (409 once issued)')
  @ApiProblems(401, 403, 404, 409)
  remove(@CurrentActor() actor: Actor, @IdParam('id', 'Invoice') id: string) {
    return this.invoices.remove(actor, id);
  }

  @Post(':id/issue')
  @HttpCode(200)
  @ApiResult(200, invoiceViewSchema, 'Issued: numbered, dated, with its ZATCA QR and XML')
  @ApiProblems(401, 403, 404, 409, [422, issueProblemSchema])
  issue(@CurrentActor() actor: Actor, @IdParam('id', 'Invoice') id: string) {
    return this.invoices.issue(actor, id);
  }

  @Post(':id/send')
  @ApiResult(
    201,
    notificationViewSchema,
    "Queued: the PDF goes by email in the patient's language (GET /api/notifications?invoiceId= follows it)",
  )
  @ApiProblems(400, 401, 403, 404, 422)
  send(@CurrentActor() actor: Actor, @IdParam('id', 'Invoice') id: string, @ZodBody(sendInvoiceSchema) body: SendInvoice) {
    return this.emails.send(actor, id, body);
  }

  @Post(':id/payments')
  @ApiResult(201, paymentViewSchema, 'Recorded; a retry with the same Idempotency-Key and body answers 201 with the same payment')
  @ApiProblems(400, 401, 403, 404, 409, [422, paymentProblemSchema])
  recordPayment(
    @CurrentActor() actor: Actor,
    @IdParam('id', 'Invoice') id: string,
    @ZodHeader('Idempotency-Key', idempotencyKeySchema, 'A new key per payment attempt (e.g. a UUID); retries reuse it') key: string,
    @ZodBody(recordPaymentSchema) body: RecordPayment,
  ) {
    return this.payments.record(actor, id, key, body);
  }

  @Post(':id/credit-notes')
  @ApiResult(201, creditNoteViewSchema, 'Issued; a retry with the same Idempotency-Key and body answers 201 with the same credit note')
  @ApiProblems(400, 401, 403, 404, 409, 422)
  createCreditNote(
    @CurrentActor() actor: Actor,
    @IdParam('id', 'Invoice') id: string,
    @ZodHeader('Idempotency-Key', idempotencyKeySchema, 'A new key per credit-note attempt (e.g. a UUID); retries reuse it') key: string,
    @ZodBody(creditNoteInputSchema) body: CreditNoteInput,
  ) {
    return this.creditNotes.create(actor, id, key, body);
  }

  @Get(':id/pdf')
  @ApiProduces('application/pdf')
  @ApiResult(200, z.string().meta({ format: 'binary' }), 'The tax invoice as PDF (Arabic right to left), with the ZATCA QR code')
  @ApiProblems(400, 401, 403, 404, 409)
  async pdf(@CurrentActor() actor: Actor, @IdParam('id', 'Invoice') id: string, @ZodQuery(documentQuerySchema) query: DocumentQuery) {
    return documentFile(await this.documents.invoicePdf(actor, id, query.locale));
  }

  @Get(':id/xml')
  @ApiProduces('application/xml')
  @ApiResult(200, z.string(), 'ZATCA UBL 2.1 XML, stored at issue')
  @ApiProblems(401, 403, 404, 409)
  async xml(@CurrentActor() actor: Actor, @IdParam('id', 'Invoice') id: string) {
    return documentFile(await this.documents.xml(actor, 'invoice', id));
  }
}
