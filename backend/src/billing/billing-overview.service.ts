import { Injectable } from '@nestjs/common';
import { addAmounts, subtractAmounts } from '@dental/shared';
import { Database } from '../db/database.js';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { NotFoundError, ValidationError } from '../common/errors.js';
import { formatAmount } from '../common/money.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import { PatientsService } from '../patients/patients.service.js';
import type { PaymentMethod } from '../db/schema/billing.js';
import type { BillingSummary, StatementQuery, StatementView, SummaryQuery } from './billing.schemas.js';
import { DocumentsRepository } from './documents.repository.js';
import { InvoicesRepository } from './invoices.repository.js';
import { PaymentsRepository } from './payments.repository.js';
import { balanceOfEvents, buildStatement, type StatementEvent } from './statement.js';

/** Read-only views over a clinic's billing: a patient's statement, and a period's invoices and collections. */
@Injectable()
export class BillingOverviewService {
  constructor(
    private readonly database: Database,
    private readonly invoices: InvoicesRepository,
    private readonly payments: PaymentsRepository,
    private readonly documents: DocumentsRepository,
    private readonly patients: PatientsService,
    private readonly clinics: ClinicsService,
    private readonly clock: Clock,
  ) {}

  /** Invoices, payments, refunds and credit notes of a patient with the running balance; optionally of a period. */
  statement(actor: Actor, patientId: string, query: StatementQuery): Promise<StatementView> {
    const { clinicId } = actor;
    const from = query.from ? new Date(query.from) : undefined;
    const to = query.to ? new Date(query.to) : undefined;
    if (from && to && from >= to) throw new ValidationError([{ path: 'to', message: 'Must be after from' }]);
    return this.database.transaction(actor, async (tx) => {
      if (!(await this.patients.billingProfile(clinicId, patientId))) throw new NotFoundError('Patient');
      const { currency } = await this.clinics.profile(clinicId);
      const events: StatementEvent[] = [];
      for (const invoice of await this.invoices.issuedForPatient(tx, clinicId, patientId)) {
        events.push({
          kind: 'invoice',
          id: invoice.id,
          at: invoice.issuedAt!,
          invoiceId: invoice.id,
          invoiceNumber: invoice.number!,
          reference: invoice.number,
          amount: invoice.total,
        });
      }
      for (const payment of await this.payments.forPatient(tx, clinicId, patientId)) {
        events.push({
          kind: 'payment',
          id: payment.id,
          at: payment.receivedAt!,
          invoiceId: payment.invoiceId,
          invoiceNumber: payment.invoiceNumber!,
          reference: payment.reference,
          method: payment.method,
          amount: payment.amount,
        });
      }
      for (const refund of await this.payments.refundsForPatient(tx, clinicId, patientId)) {
        events.push({
          kind: 'refund',
          id: refund.id,
          at: refund.refundedAt,
          invoiceId: refund.invoiceId,
          invoiceNumber: refund.invoiceNumber!,
          reference: refund.reason,
          amount: refund.amount,
        });
      }
      for (const note of await this.documents.creditNotesForPatient(tx, clinicId, patientId)) {
        events.push({
          kind: 'credit_note',
          id: note.id,
          at: note.issuedAt,
          invoiceId: note.invoiceId,
          invoiceNumber: note.invoiceNumber!,
          reference: note.number,
          amount: note.total,
        });
      }
      const inPeriod = (at: Date) => (!from || at >= from) && (!to || at < to);
      const openingBalance = balanceOfEvents(
        events.filter((e) => from && e.at < from),
        currency,
      );
      const { entries, closingBalance } = buildStatement(
        events.filter((e) => inPeriod(e.at)),
        currency,
        openingBalance,
      );
      return {
        patientId,
        currency,
        from: from?.toISOString() ?? null,
        to: to?.toISOString() ?? null,
        openingBalance,
        closingBalance,
        entries: entries.map((entry) => ({
          ...entry,
          method: (entry.method as PaymentMethod | undefined) ?? null,
          at: entry.at.toISOString(),
        })),
      };
    });
  }

  /** Invoices dated in [from, to) by the status shown, and the money received and refunded in it. */
  summary(actor: Actor, query: SummaryQuery): Promise<BillingSummary> {
    const { clinicId } = actor;
    const from = new Date(query.from);
    const to = new Date(query.to);
    if (from >= to) throw new ValidationError([{ path: 'to', message: 'Must be after from' }]);
    if (to.getTime() - from.getTime() > 400 * 86_400_000)
      throw new ValidationError([{ path: 'to', message: 'A period is at most 400 days' }]);
    return this.database.transaction(actor, async (tx) => {
      const { currency } = await this.clinics.profile(clinicId);
      const money = (amount: string) => formatAmount(amount, currency);
      const statuses = await this.invoices.summaryByStatus(tx, clinicId, from, to, this.clock.now());
      const byMethod = await this.payments.receivedByMethod(tx, clinicId, from, to);
      const refunded = await this.payments.refundedBetween(tx, clinicId, from, to);
      const received = addAmounts(currency, '0', ...byMethod.map((m) => m.amount));
      return {
        currency,
        from: from.toISOString(),
        to: to.toISOString(),
        invoices: statuses.map((s) => ({
          status: s.status,
          count: s.count,
          total: money(s.total),
          balanceDue: money(s.balanceDue),
        })),
        collections: {
          received,
          refunded: money(refunded),
          net: subtractAmounts(currency, received, refunded),
          payments: byMethod.reduce((sum, m) => sum + m.payments, 0),
          byMethod: byMethod.map((m) => ({ method: m.method as PaymentMethod, amount: money(m.amount), payments: m.payments })),
        },
      };
    });
  }
}
