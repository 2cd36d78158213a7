import { Injectable } from '@nestjs/common';
import { BILLING } from '@dental/shared';
import type { Tx } from '../db/database.js';
import { LiveEvents } from '../live/live-events.js';

type InvoiceEvent = 'invoice.created' | 'invoice.updated' | 'invoice.deleted';

/**
 * Tells the clinic's billing screens that an invoice changed (issued, paid, refunded, credited, edited):
 * the message names the invoice and its patient, and the screens showing them refetch. Only the roles
 * that may see invoices receive it.
 */
@Injectable()
export class BillingLive {
  constructor(private readonly live: LiveEvents) {}

  invoiceChanged(
    tx: Tx,
    clinicId: string,
    invoice: { id: string; patientId: string },
    type: InvoiceEvent = 'invoice.updated',
  ): Promise<void> {
    return this.live.publish(tx, clinicId, type, { id: invoice.id, patientId: invoice.patientId }, { audience: BILLING });
  }
}
