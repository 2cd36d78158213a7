import { Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { BILLING } from '@dental/shared';
import { CurrentActor, Roles } from '../common/auth/decorators.js';
import type { Actor } from '../common/actor.js';
import { ApiProblems, ApiResult, IdParam, ZodBody, ZodHeader, ZodQuery } from '../common/validation.js';
import { BillingDocumentsService } from './billing-documents.service.js';
import { BillingOverviewService } from './billing-overview.service.js';
import {
  billingSummarySchema,
  creditNoteViewSchema,
  type DocumentQuery,
  documentQuerySchema,
  idempotencyKeySchema,
  type RefundInput,
  refundProblemSchema,
  refundSchema,
  refundViewSchema,
  type StatementQuery,
  statementQuerySchema,
  statementSchema,
  type SummaryQuery,
  summaryQuerySchema,
} from './billing.schemas.js';
import { CreditNotesService } from './credit-notes.service.js';
import { documentFile } from './invoices.controller.js';
import { PaymentsService } from './payments.service.js';

/** Refunds, credit notes, a patient's statement and a period's summary. */
@ApiTags('billing')
@ApiBearerAuth()
@Roles(...BILLING)
@Controller()
export class BillingController {
  constructor(
    private readonly payments: PaymentsService,
    private readonly creditNotes: CreditNotesService,
    private readonly documents: BillingDocumentsService,
    private readonly overview: BillingOverviewService,
  ) {}

  @Post('payments/:id/refund')
  @ApiResult(201, refundViewSchema, 'Refunded; a retry with the same Idempotency-Key and body answers 201 with the same refund')
  @ApiProblems(400, 401, 403, 404, [422, refundProblemSchema])
  refund(
    @CurrentActor() actor: Actor,
    @IdParam('id', 'Payment') id: string,
    @ZodHeader('Idempotency-Key', idempotencyKeySchema, 'A new key per refund attempt (e.g. a UUID); retries reuse it') key: string,
    @ZodBody(refundSchema) body: RefundInput,
  ) {
    return this.payments.refund(actor, id, key, body);
  }

  @Get('credit-notes/:id')
  @ApiResult(200, creditNoteViewSchema)
  @ApiProblems(401, 403, 404)
  creditNote(@CurrentActor() actor: Actor, @IdParam('id', 'Credit note') id: string) {
    return this.creditNotes.view(actor, id);
  }

  @Get('credit-notes/:id/pdf')
  @ApiProduces('application/pdf')
  @ApiResult(200, z.string().meta({ format: 'binary' }), 'The credit note as PDF, with its ZATCA QR code')
  @ApiProblems(400, 401, 403, 404)
  async creditNotePdf(
    @CurrentActor() actor: Actor,
    @IdParam('id', 'Credit note') id: string,
    @ZodQuery(documentQuerySchema) query: DocumentQuery,
  ) {
    return documentFile(await this.documents.creditNotePdf(actor, id, query.locale));
  }

  @Get('credit-notes/:id/xml')
  @ApiProduces('application/xml')
  @ApiResult(200, z.string(), 'ZATCA UBL 2.1 XML (381), stored at issue')
  @ApiProblems(401, 403, 404)
  async creditNoteXml(@CurrentActor() actor: Actor, @IdParam('id', 'Credit note') id: string) {
    return documentFile(await this.documents.xml(actor, 'credit_note', id));
  }

  @Get('patients/:id/statement')
  @ApiResult(200, statementSchema, 'Invoices, payments, refunds and credit notes with the running balance')
  @ApiProblems(400, 401, 403, 404)
  statement(@CurrentActor() actor: Actor, @IdParam('id', 'Patient') id: string, @ZodQuery(statementQuerySchema) query: StatementQuery) {
    return this.overview.statement(actor, id, query);
  }

  @Get('billing/summary')
  @ApiResult(200, billingSummarySchema, "A period's invoices by status and its collections")
  @ApiProblems(400, 401, 403)
  summary(@CurrentActor() actor: Actor, @ZodQuery(summaryQuerySchema) query: SummaryQuery) {
    return this.overview.summary(actor, query);
  }
}
