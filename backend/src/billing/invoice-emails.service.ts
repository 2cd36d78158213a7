import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Database } from '../db/database.js';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { BusinessRuleError, NotFoundError } from '../common/errors.js';
import { newId } from '../common/ids.js';
import { AuditService } from '../audit/audit.service.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import { PatientsService } from '../patients/patients.service.js';
import { MessageRenderers, type RenderContext, type RenderOutcome } from '../notifications/message-renderers.js';
import { INVOICE_TEMPLATE } from '../notifications/notification-templates.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import type { NotificationView } from '../notifications/notifications.schemas.js';
import type { SendInvoice } from './billing.schemas.js';
import { BillingDocumentsService } from './billing-documents.service.js';
import { renderInvoiceEmail } from './invoice-message.js';
import { InvoicesRepository } from './invoices.repository.js';

/** The notification's payload: only which invoice; the worker reads the rest when it sends. */
interface InvoicePayload {
  invoiceId: string;
}

/**
 * "Email invoice": a notification (email, template 'invoice') created with its audit row and send job in
 * one transaction; the worker renders it when it sends (the PDF in the patient's language, attached, and
 * the email text with the balance as it stands then). Sending again is a new message: the clinic meant it.
 */
@Injectable()
export class InvoiceEmailsService implements OnModuleInit {
  constructor(
    private readonly database: Database,
    private readonly invoices: InvoicesRepository,
    private readonly documents: BillingDocumentsService,
    private readonly patients: PatientsService,
    private readonly clinics: ClinicsService,
    private readonly notifications: NotificationsService,
    private readonly renderers: MessageRenderers,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.renderers.register(INVOICE_TEMPLATE, (context) => this.render(context));
  }

  send(actor: Actor, invoiceId: string, input: SendInvoice): Promise<NotificationView> {
    const { clinicId } = actor;
    return this.database.transaction(actor, async (tx) => {
      // Locked: a void or credit note waits until this send is recorded.
      const invoice = await this.invoices.find(tx, clinicId, invoiceId, { lock: true });
      if (!invoice) throw new NotFoundError('Invoice');
      if (invoice.status === 'DRAFT') throw new BusinessRuleError('invoice-not-issued', 'A draft cannot be sent; issue it first.');
      if (invoice.status === 'VOID') throw new BusinessRuleError('invoice-void', `Invoice ${invoice.number} is void and is not sent.`);
      const patient = (await this.patients.billingProfile(clinicId, invoice.patientId))!;
      const recipient = input.to ?? patient.email;
      if (!recipient) {
        throw new BusinessRuleError('patient-no-email', 'The patient has no email address; add one or give an address to send to.');
      }
      const preferred = patient.preferredLanguage;
      const locale = preferred === 'ar' || preferred === 'en' ? preferred : (await this.clinics.profile(clinicId)).locale;
      const payload: InvoicePayload = { invoiceId };
      const [notification] = await this.notifications.schedule(clinicId, [
        {
          type: 'email',
          template: INVOICE_TEMPLATE,
          locale,
          recipient,
          payload: { ...payload },
          idempotencyKey: `invoice:${invoiceId}:${newId()}`,
          scheduledFor: this.clock.now(),
          patientId: invoice.patientId,
          invoiceId,
        },
      ]);
      await this.audit.record(actor, {
        action: 'INVOICE_SENT',
        entityType: 'invoice',
        entityId: invoiceId,
        metadata: { number: invoice.number, notificationId: notification!.id, locale, toPatientAddress: input.to === undefined },
      });
      return notification!;
    });
  }

  /** The worker's rendering: the email in the notification's language with the invoice PDF attached. */
  private async render(context: RenderContext): Promise<RenderOutcome> {
    const { invoiceId } = context.payload as unknown as InvoicePayload;
    const email = await this.documents.invoiceEmail(context.clinicId, invoiceId, context.locale);
    if (!email) return { skip: 'The invoice no longer exists' };
    if (email.status === 'VOID') return { skip: 'The invoice was voided before the email went out' };
    const message = renderInvoiceEmail(email.details, context.locale);
    return {
      message: {
        ...message,
        attachments: [{ filename: email.pdf.fileName, content: email.pdf.bytes, contentType: email.pdf.contentType }],
      },
    };
  }
}
