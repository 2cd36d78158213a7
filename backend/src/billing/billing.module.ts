import { Module } from '@nestjs/common';
import { AppointmentsModule } from '../appointments/appointments.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { ClinicsModule } from '../clinics/clinics.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { PatientsModule } from '../patients/patients.module.js';
import { InvoiceEmailsService } from './invoice-emails.service.js';
import { InvoiceOverdueService } from './invoice-overdue.service.js';
import { BillingController } from './billing.controller.js';
import { BillingLive } from './billing-live.js';
import { BillingDocumentsService } from './billing-documents.service.js';
import { BillingOverviewService } from './billing-overview.service.js';
import { CreditNotesService } from './credit-notes.service.js';
import { DocumentsRepository } from './documents.repository.js';
import { InvoicesController } from './invoices.controller.js';
import { InvoicesRepository } from './invoices.repository.js';
import { InvoicesService } from './invoices.service.js';
import { PaymentsRepository } from './payments.repository.js';
import { PaymentsService } from './payments.service.js';

@Module({
  imports: [AuditModule, ClinicsModule, PatientsModule, CatalogModule, AppointmentsModule, NotificationsModule],
  controllers: [InvoicesController, BillingController],
  providers: [
    InvoicesService,
    PaymentsService,
    CreditNotesService,
    BillingDocumentsService,
    BillingOverviewService,
    BillingLive,
    InvoiceEmailsService,
    InvoiceOverdueService,
    InvoicesRepository,
    PaymentsRepository,
    DocumentsRepository,
  ],
  // Invoice emails (notifications) attach BillingDocumentsService.renderInvoicePdf; files finds an
  // invoice's patient through InvoicesService.findPatientOf.
  exports: [BillingDocumentsService, InvoicesService],
})
export class BillingModule {}
