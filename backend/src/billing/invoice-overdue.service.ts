import { Injectable, type OnModuleInit } from '@nestjs/common';
import { BILLING } from '@dental/shared';
import { Database } from '../db/database.js';
import { systemActor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { formatAmount } from '../common/money.js';
import { AuditService } from '../audit/audit.service.js';
import { JobRegistry } from '../jobs/job-registry.js';
import { LiveEvents } from '../live/live-events.js';
import { InvoicesRepository } from './invoices.repository.js';

export const OVERDUE_JOB = 'invoices-overdue';
/** Just after the clinic's midnight: invoices due yesterday (due at the end of the clinic's day) are overdue by then. */
export const OVERDUE_LOCAL_TIME = '00:10';

/**
 * The daily overdue job. OVERDUE stays derived when read (invoice-status.ts, docs/decisions.md); this job
 * records the moment an invoice falls overdue, once per invoice: `invoices.overdue_noticed_at`, an
 * INVOICE_OVERDUE audit row by the system actor, and a live event for the billing roles, all in the
 * clinic's transaction. Running it again (a retried job, a second worker, the same day twice) finds
 * nothing new.
 */
@Injectable()
export class InvoiceOverdueService implements OnModuleInit {
  constructor(
    private readonly database: Database,
    private readonly invoices: InvoicesRepository,
    private readonly audit: AuditService,
    private readonly live: LiveEvents,
    private readonly clock: Clock,
    private readonly registry: JobRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.dailyJob({
      name: OVERDUE_JOB,
      localTime: OVERDUE_LOCAL_TIME,
      run: (clinicId) => this.recordOverdue(clinicId).then(() => undefined),
    });
  }

  /** Records the clinic's invoices that fell overdue since the last run; returns their ids. */
  recordOverdue(clinicId: string): Promise<string[]> {
    const actor = systemActor(clinicId, OVERDUE_JOB);
    return this.database.transaction(actor, async (tx) => {
      const now = this.clock.now();
      const noticed = await this.invoices.markOverdueNoticed(tx, clinicId, now);
      for (const invoice of noticed) {
        const dueAt = invoice.dueAt?.toISOString() ?? null;
        const balanceDue = formatAmount(invoice.balanceDue, invoice.currency);
        await this.audit.record(actor, {
          action: 'INVOICE_OVERDUE',
          entityType: 'invoice',
          entityId: invoice.id,
          metadata: { number: invoice.number, balanceDue, currency: invoice.currency, dueAt },
        });
        await this.live.publish(
          tx,
          clinicId,
          'invoice.overdue',
          { id: invoice.id, number: invoice.number, patientId: invoice.patientId, balanceDue, currency: invoice.currency, dueAt },
          { audience: BILLING },
        );
      }
      return noticed.map((invoice) => invoice.id);
    });
  }
}
