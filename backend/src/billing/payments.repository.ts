import { Injectable } from '@nestjs/common';
import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Tx } from '../db/database.js';
import { invoices, paymentRefunds, payments } from '../db/schema/index.js';

export type PaymentRow = typeof payments.$inferSelect;
export type NewPaymentRow = typeof payments.$inferInsert;
export type RefundRow = typeof paymentRefunds.$inferSelect;
export type NewRefundRow = typeof paymentRefunds.$inferInsert;

/** Payments and their refunds: SQL of the billing module's money-in and money-out tables. */
@Injectable()
export class PaymentsRepository {
  async insert(tx: Tx, row: NewPaymentRow): Promise<PaymentRow> {
    const [created] = await tx.insert(payments).values(row).returning();
    return created!;
  }

  async find(tx: Tx, clinicId: string, paymentId: string, options: { lock?: boolean } = {}): Promise<PaymentRow | undefined> {
    const query = tx
      .select()
      .from(payments)
      .where(and(eq(payments.clinicId, clinicId), eq(payments.id, paymentId)));
    const [row] = options.lock ? await query.for('update') : await query;
    return row;
  }

  async findByIdempotencyKey(tx: Tx, clinicId: string, key: string): Promise<PaymentRow | undefined> {
    const [row] = await tx
      .select()
      .from(payments)
      .where(and(eq(payments.clinicId, clinicId), eq(payments.idempotencyKey, key)));
    return row;
  }

  async setRefunded(tx: Tx, clinicId: string, paymentId: string, changes: Pick<PaymentRow, 'refundedAmount' | 'status'>): Promise<void> {
    await tx
      .update(payments)
      .set(changes)
      .where(and(eq(payments.clinicId, clinicId), eq(payments.id, paymentId)));
  }

  forInvoice(tx: Tx, clinicId: string, invoiceId: string): Promise<PaymentRow[]> {
    return tx
      .select()
      .from(payments)
      .where(and(eq(payments.clinicId, clinicId), eq(payments.invoiceId, invoiceId)))
      .orderBy(asc(payments.processedAt), asc(payments.id));
  }

  async findRefundByIdempotencyKey(tx: Tx, clinicId: string, key: string): Promise<RefundRow | undefined> {
    const [row] = await tx
      .select()
      .from(paymentRefunds)
      .where(and(eq(paymentRefunds.clinicId, clinicId), eq(paymentRefunds.idempotencyKey, key)));
    return row;
  }

  async insertRefund(tx: Tx, row: NewRefundRow): Promise<RefundRow> {
    const [created] = await tx.insert(paymentRefunds).values(row).returning();
    return created!;
  }

  refundsForInvoice(tx: Tx, clinicId: string, invoiceId: string): Promise<RefundRow[]> {
    return tx
      .select()
      .from(paymentRefunds)
      .where(and(eq(paymentRefunds.clinicId, clinicId), eq(paymentRefunds.invoiceId, invoiceId)))
      .orderBy(asc(paymentRefunds.refundedAt), asc(paymentRefunds.id));
  }

  refundsForPayment(tx: Tx, clinicId: string, paymentId: string): Promise<RefundRow[]> {
    return tx
      .select()
      .from(paymentRefunds)
      .where(and(eq(paymentRefunds.clinicId, clinicId), eq(paymentRefunds.paymentId, paymentId)))
      .orderBy(asc(paymentRefunds.refundedAt), asc(paymentRefunds.id));
  }

  /** Money received in [from, to), by method. */
  receivedByMethod(tx: Tx, clinicId: string, from: Date, to: Date) {
    return tx
      .select({ method: payments.method, amount: sql<string>`sum(${payments.amount})::text`, payments: sql<number>`count(*)::int` })
      .from(payments)
      .where(and(eq(payments.clinicId, clinicId), gte(payments.processedAt, from), lt(payments.processedAt, to)))
      .groupBy(payments.method);
  }

  /** Money given back in [from, to). */
  async refundedBetween(tx: Tx, clinicId: string, from: Date, to: Date): Promise<string> {
    const [row] = await tx
      .select({ amount: sql<string>`coalesce(sum(${paymentRefunds.amount}), 0)::text` })
      .from(paymentRefunds)
      .where(and(eq(paymentRefunds.clinicId, clinicId), gte(paymentRefunds.refundedAt, from), lt(paymentRefunds.refundedAt, to)));
    return row!.amount;
  }

  /** A patient's payments and refunds, with their invoice's number, for the statement. */
  forPatient(tx: Tx, clinicId: string, patientId: string) {
    return tx
      .select({
        id: payments.id,
        invoiceId: payments.invoiceId,
        invoiceNumber: invoices.number,
        amount: payments.amount,
        method: payments.method,
        reference: payments.providerRef,
        receivedAt: payments.processedAt,
      })
      .from(payments)
      .innerJoin(invoices, and(eq(invoices.clinicId, payments.clinicId), eq(invoices.id, payments.invoiceId)))
      .where(and(eq(payments.clinicId, clinicId), eq(invoices.patientId, patientId)));
  }

  refundsForPatient(tx: Tx, clinicId: string, patientId: string) {
    return tx
      .select({
        id: paymentRefunds.id,
        invoiceId: paymentRefunds.invoiceId,
        invoiceNumber: invoices.number,
        amount: paymentRefunds.amount,
        reason: paymentRefunds.reason,
        refundedAt: paymentRefunds.refundedAt,
      })
      .from(paymentRefunds)
      .innerJoin(invoices, and(eq(invoices.clinicId, paymentRefunds.clinicId), eq(invoices.id, paymentRefunds.invoiceId)))
      .where(and(eq(paymentRefunds.clinicId, clinicId), eq(invoices.patientId, patientId)));
  }
}
