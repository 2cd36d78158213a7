import { Injectable } from '@nestjs/common';
import { addAmounts, compareAmounts, subtractAmounts } from '@dental/shared';
import { Database, type Tx } from '../db/database.js';
import { type Actor, actingUserId } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { BusinessRuleError, ConflictError, NotFoundError, ValidationError } from '../common/errors.js';
import { newId } from '../common/ids.js';
import { amountPrecisionError, formatAmount } from '../common/money.js';
import { AuditService } from '../audit/audit.service.js';
import type { PaymentView, RecordPayment, RefundInput, RefundView } from './billing.schemas.js';
import { toPaymentView, toRefundView } from './billing-views.js';
import { hashRequest, idempotencyKeyReused, onceForKey } from './idempotency.js';
import { balanceOf, issuedStatus } from './invoice-status.js';
import { type InvoiceWithPatient, InvoicesRepository } from './invoices.repository.js';
import { PaymentsRepository } from './payments.repository.js';
import { BillingLive } from './billing-live.js';

/**
 * Money in and out of an invoice. Every change locks the invoice row first, so concurrent payments and
 * refunds of one invoice take turns and see each other's effect: the balance can never be overdrawn.
 * A payment carries the client's Idempotency-Key: the same key and request again returns the payment
 * it recorded (and records nothing), the same key with another request is refused (422).
 */
@Injectable()
export class PaymentsService {
  constructor(
    private readonly database: Database,
    private readonly invoices: InvoicesRepository,
    private readonly payments: PaymentsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly billingLive: BillingLive,
  ) {}

  record(actor: Actor, invoiceId: string, idempotencyKey: string, input: RecordPayment): Promise<PaymentView> {
    return onceForKey('payments_idempotency_key', () => this.recordOnce(actor, invoiceId, idempotencyKey, input));
  }

  private recordOnce(actor: Actor, invoiceId: string, idempotencyKey: string, input: RecordPayment): Promise<PaymentView> {
    const { clinicId } = actor;
    return this.database.transaction(actor, async (tx) => {
      const invoice = await this.lockInvoice(tx, clinicId, invoiceId);
      const precision = amountPrecisionError('amount', input.amount, invoice.currency);
      if (precision) throw new ValidationError([precision]);
      const amount = formatAmount(input.amount, invoice.currency);
      const receivedAt = input.receivedAt ? new Date(input.receivedAt) : undefined;
      const requestHash = hashRequest([invoiceId, amount, input.method, input.reference ?? null, receivedAt?.toISOString() ?? null]);
      const earlier = await this.payments.findByIdempotencyKey(tx, clinicId, idempotencyKey);
      if (earlier) {
        if (earlier.requestHash !== requestHash) throw idempotencyKeyReused('payment');
        return toPaymentView(earlier, await this.payments.refundsForPayment(tx, clinicId, earlier.id));
      }
      assertPayable(invoice);
      const now = this.clock.now();
      if (receivedAt && receivedAt.getTime() > now.getTime()) {
        throw new ValidationError([{ path: 'receivedAt', message: 'Must not be in the future' }]);
      }
      const balance = balanceOf({
        currency: invoice.currency,
        total: invoice.totalAmount,
        credited: invoice.creditedAmount,
        paid: invoice.amountPaid,
      });
      if (compareAmounts(amount, balance) > 0) {
        throw new BusinessRuleError(
          'amount-exceeds-balance',
          `The balance due is ${formatAmount(balance, invoice.currency)} ${invoice.currency}.`,
          {
            balanceDue: formatAmount(balance, invoice.currency),
          },
        );
      }
      const payment = await this.payments.insert(tx, {
        clinicId,
        id: newId(),
        invoiceId,
        amount,
        currency: invoice.currency,
        status: 'SUCCEEDED',
        method: input.method,
        providerRef: input.reference ?? null,
        processedAt: receivedAt ?? now,
        receivedById: actingUserId(actor),
        idempotencyKey,
        requestHash,
        createdAt: now,
      });
      await this.settle(tx, invoice, { paid: addAmounts(invoice.currency, invoice.amountPaid, amount) });
      await this.audit.record(actor, {
        action: 'PAYMENT_RECORDED',
        entityType: 'payment',
        entityId: payment.id,
        metadata: { invoiceId, amount, currency: invoice.currency, method: input.method },
      });
      return toPaymentView(payment, []);
    });
  }

  /**
   * Gives back (part of) a payment; the invoice owes that much again, unless credit notes cleared it.
   * Keyed like a payment: a retry with the same Idempotency-Key and request returns the refund it made.
   */
  refund(actor: Actor, paymentId: string, idempotencyKey: string, input: RefundInput): Promise<RefundView> {
    return onceForKey('payment_refunds_idempotency_key', () => this.refundOnce(actor, paymentId, idempotencyKey, input));
  }

  private refundOnce(actor: Actor, paymentId: string, idempotencyKey: string, input: RefundInput): Promise<RefundView> {
    const { clinicId } = actor;
    return this.database.transaction(actor, async (tx) => {
      const found = await this.payments.find(tx, clinicId, paymentId);
      if (!found) throw new NotFoundError('Payment');
      const invoice = await this.lockInvoice(tx, clinicId, found.invoiceId);
      const payment = (await this.payments.find(tx, clinicId, paymentId, { lock: true }))!;
      const precision = amountPrecisionError('amount', input.amount, payment.currency);
      if (precision) throw new ValidationError([precision]);
      const amount = formatAmount(input.amount, payment.currency);
      const requestHash = hashRequest([paymentId, amount, input.reason]);
      const earlier = await this.payments.findRefundByIdempotencyKey(tx, clinicId, idempotencyKey);
      if (earlier) {
        if (earlier.requestHash !== requestHash) throw idempotencyKeyReused('refund');
        return toRefundView(earlier, payment.currency);
      }
      const refundable = subtractAmounts(payment.currency, payment.amount, payment.refundedAmount);
      if (compareAmounts(amount, refundable) > 0) {
        throw new BusinessRuleError(
          'amount-exceeds-refundable',
          `At most ${refundable} ${payment.currency} of this payment can be refunded.`,
          {
            refundable,
          },
        );
      }
      const now = this.clock.now();
      const refund = await this.payments.insertRefund(tx, {
        clinicId,
        id: newId(),
        paymentId,
        invoiceId: invoice.id,
        amount,
        reason: input.reason,
        refundedAt: now,
        createdById: actingUserId(actor),
        idempotencyKey,
        requestHash,
        createdAt: now,
      });
      const refunded = addAmounts(payment.currency, payment.refundedAmount, amount);
      await this.payments.setRefunded(tx, clinicId, paymentId, {
        refundedAmount: refunded,
        status: compareAmounts(refunded, payment.amount) === 0 ? 'REFUNDED' : payment.status,
      });
      await this.settle(tx, invoice, { paid: subtractAmounts(invoice.currency, invoice.amountPaid, amount) });
      await this.audit.record(actor, {
        action: 'PAYMENT_REFUNDED',
        entityType: 'payment',
        entityId: paymentId,
        metadata: { refundId: refund.id, invoiceId: invoice.id, amount, currency: payment.currency, reason: input.reason },
      });
      return toRefundView(refund, payment.currency);
    });
  }

  private async lockInvoice(tx: Tx, clinicId: string, invoiceId: string): Promise<InvoiceWithPatient> {
    const invoice = await this.invoices.find(tx, clinicId, invoiceId, { lock: true });
    if (!invoice) throw new NotFoundError('Invoice');
    return invoice;
  }

  /** Writes the invoice's new paid amount, its balance and the status they make. */
  private async settle(tx: Tx, invoice: InvoiceWithPatient, change: { paid: string }): Promise<void> {
    const amounts = { currency: invoice.currency, total: invoice.totalAmount, credited: invoice.creditedAmount, paid: change.paid };
    await this.invoices.update(tx, invoice.clinicId, invoice.id, {
      amountPaid: change.paid,
      balanceDue: balanceOf(amounts),
      status: issuedStatus(amounts),
      updatedAt: this.clock.now(),
    });
    await this.billingLive.invoiceChanged(tx, invoice.clinicId, invoice);
  }
}

function assertPayable(invoice: InvoiceWithPatient): void {
  if (invoice.status === 'DRAFT') throw new ConflictError('invoice-not-issued', 'Issue the invoice before recording payments.');
  if (invoice.status === 'VOID') throw new ConflictError('invoice-void', `Invoice ${invoice.number} was credited in full; nothing is due.`);
}
