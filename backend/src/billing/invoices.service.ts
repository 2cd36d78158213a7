import { Injectable } from '@nestjs/common';
import { isValidSaudiVatNumber } from '@dental/shared';
import { DateTime } from 'luxon';
import { Database, type Tx } from '../db/database.js';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { BadRequestError, BusinessRuleError, ConflictError, NotFoundError, pgErrorOf } from '../common/errors.js';
import { newId } from '../common/ids.js';
import { AuditService } from '../audit/audit.service.js';
import { AppointmentsService } from '../appointments/appointments.service.js';
import { CatalogService } from '../catalog/catalog.service.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import type { ClinicView } from '../clinics/clinics.schemas.js';
import { type PatientBillingProfile, PatientsService } from '../patients/patients.service.js';
import type { CreateInvoice, InvoiceSummary, InvoiceView, ListInvoicesQuery, UpdateInvoice } from './billing.schemas.js';
import { BillingLive } from './billing-live.js';
import { toDocumentLine, toInvoiceSummary, toInvoiceView, toZatcaView } from './billing-views.js';
import type { BuyerParty, SellerParty } from './documents.js';
import { totalsOf } from './documents.js';
import { DocumentsRepository } from './documents.repository.js';
import { type CatalogEntry, type LineRequest, priceLines, type PricedLine } from './invoice-lines.js';
import { issuedStatus } from './invoice-status.js';
import { type InvoiceWithPatient, InvoicesRepository, type NewInvoiceItemRow } from './invoices.repository.js';
import { PaymentsRepository } from './payments.repository.js';
import { chainDocument } from './zatca/chain-document.js';

/** Invoices from draft to issue: the lines and their VAT, the gapless number, the ZATCA QR and XML. */
@Injectable()
export class InvoicesService {
  constructor(
    private readonly database: Database,
    private readonly invoices: InvoicesRepository,
    private readonly payments: PaymentsRepository,
    private readonly documents: DocumentsRepository,
    private readonly patients: PatientsService,
    private readonly appointments: AppointmentsService,
    private readonly catalog: CatalogService,
    private readonly clinics: ClinicsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly billingLive: BillingLive,
  ) {}

  /** A draft; with a visit and no items, the visit's service is the line. */
  async create(actor: Actor, input: CreateInvoice): Promise<InvoiceView> {
    const { clinicId } = actor;
    try {
      return await this.database.transaction(actor, async (tx) => {
        const patient = await this.activePatient(clinicId, input.patientId);
        let requests: LineRequest[] = input.items ?? [];
        if (input.appointmentId) {
          const visit = await this.appointments.findForBilling(clinicId, input.appointmentId);
          if (!visit) throw new NotFoundError('Appointment');
          if (visit.patientId !== input.patientId) {
            throw new BusinessRuleError('appointment-patient-mismatch', 'The appointment is not this patient’s.');
          }
          if (visit.status === 'cancelled')
            throw new BusinessRuleError('appointment-cancelled', 'A cancelled appointment cannot be invoiced.');
          const existing = await this.invoices.findLiveForAppointment(tx, clinicId, input.appointmentId);
          if (existing) throw alreadyInvoiced(existing);
          if (!input.items) requests = [{ serviceId: visit.serviceId, quantity: 1 }];
        }
        const clinic = await this.clinics.profile(clinicId);
        const lines = await this.priceDraftLines(clinic, patient, requests);
        const totals = totalsOf(lines, clinic.currency);
        const now = this.clock.now();
        const id = newId();
        await this.invoices.insert(tx, {
          clinicId,
          id,
          patientId: patient.id,
          appointmentId: input.appointmentId ?? null,
          currency: clinic.currency,
          subtotalAmount: totals.subtotal,
          vatAmount: totals.vatTotal,
          totalAmount: totals.total,
          balanceDue: totals.total,
          dueAt: input.dueAt ? new Date(input.dueAt) : null,
          notes: input.notes ?? null,
          createdAt: now,
          updatedAt: now,
        });
        await this.invoices.replaceItems(tx, clinicId, id, itemRows(clinicId, id, lines));
        await this.audit.record(actor, {
          action: 'INVOICE_CREATED',
          entityType: 'invoice',
          entityId: id,
          metadata: { patientId: patient.id },
        });
        await this.billingLive.invoiceChanged(tx, clinicId, { id, patientId: patient.id }, 'invoice.created');
        return this.view(tx, clinicId, id);
      });
    } catch (error) {
      // Two drafts for one visit at the same moment: the unique index lets one in.
      if (pgErrorOf(error)?.constraint === 'invoices_appointment_key' && input.appointmentId) {
        const existing = await this.database.withClinic(clinicId, (tx) =>
          this.invoices.findLiveForAppointment(tx, clinicId, input.appointmentId!),
        );
        throw alreadyInvoiced(existing ?? null);
      }
      throw error;
    }
  }

  update(actor: Actor, invoiceId: string, patch: UpdateInvoice): Promise<InvoiceView> {
    const { clinicId } = actor;
    return this.database.transaction(actor, async (tx) => {
      const invoice = await this.draft(tx, clinicId, invoiceId);
      const changes: Parameters<InvoicesRepository['update']>[3] = { updatedAt: this.clock.now() };
      if (patch.dueAt !== undefined) changes.dueAt = patch.dueAt === null ? null : new Date(patch.dueAt);
      if (patch.notes !== undefined) changes.notes = patch.notes;
      if (patch.items) {
        const clinic = await this.clinics.profile(clinicId);
        const patient = await this.activePatient(clinicId, invoice.patientId);
        const lines = await this.priceDraftLines(clinic, patient, patch.items);
        const totals = totalsOf(lines, invoice.currency);
        Object.assign(changes, {
          subtotalAmount: totals.subtotal,
          vatAmount: totals.vatTotal,
          totalAmount: totals.total,
          balanceDue: totals.total,
        });
        await this.invoices.replaceItems(tx, clinicId, invoiceId, itemRows(clinicId, invoiceId, lines));
      }
      await this.invoices.update(tx, clinicId, invoiceId, changes);
      await this.audit.record(actor, {
        action: 'INVOICE_UPDATED',
        entityType: 'invoice',
        entityId: invoiceId,
        metadata: { changedFields: Object.keys(patch).filter((k) => patch[k as keyof UpdateInvoice] !== undefined) },
      });
      await this.billingLive.invoiceChanged(tx, clinicId, invoice);
      return this.view(tx, clinicId, invoiceId);
    });
  }

  /** Drafts only: an issued invoice is corrected by a credit note, never deleted. */
  remove(actor: Actor, invoiceId: string): Promise<void> {
    return this.database.transaction(actor, async (tx) => {
      const invoice = await this.draft(tx, actor.clinicId, invoiceId);
      await this.invoices.delete(tx, actor.clinicId, invoiceId);
      await this.audit.record(actor, { action: 'INVOICE_DELETED', entityType: 'invoice', entityId: invoiceId });
      await this.billingLive.invoiceChanged(tx, actor.clinicId, invoice, 'invoice.deleted');
    });
  }

  /**
   * Issues a draft: the next number of the clinic's series, the issue time, the due date, the seller and
   * buyer as they are now, the ZATCA QR, and the UBL XML chained to the clinic's previous document.
   */
  async issue(actor: Actor, invoiceId: string): Promise<InvoiceView> {
    const { clinicId } = actor;
    await this.database.transaction(actor, async (tx) => {
      const invoice = await this.draft(tx, clinicId, invoiceId);
      const items = await this.invoices.items(tx, clinicId, invoiceId);
      if (items.length === 0) throw new BusinessRuleError('invoice-empty', 'An invoice without lines cannot be issued.');
      const clinic = await this.clinics.profile(clinicId);
      const seller = sellerParty(clinic);
      const patient = (await this.patients.billingProfile(clinicId, invoice.patientId))!;
      const buyer: BuyerParty = {
        name: `${patient.firstName} ${patient.lastName}`,
        nationality: patient.nationality,
        nationalId: patient.nationalId,
      };
      if (items.some((item) => item.vatCategory === 'Z')) assertZeroRatable(buyer);

      const lines = items.map((item) => toDocumentLine(item, invoice.currency));
      const totals = totalsOf(lines, invoice.currency);
      const { number, sequence, icv, issuedAt } = await chainDocument(tx, this.documents, {
        clinicId,
        clock: this.clock,
        kind: 'invoice',
        uuid: invoiceId,
        currency: invoice.currency,
        seller,
        buyer,
        lines,
        totals,
      });
      await this.invoices.update(tx, clinicId, invoiceId, {
        number,
        sequence,
        status: issuedStatus({ currency: invoice.currency, total: totals.total, credited: '0', paid: '0' }),
        issuedAt,
        dueAt: invoice.dueAt ?? dueDate(issuedAt, clinic),
        sellerSnapshot: { ...seller },
        buyerSnapshot: { ...buyer },
        updatedAt: issuedAt,
      });
      await this.audit.record(actor, {
        action: 'INVOICE_ISSUED',
        entityType: 'invoice',
        entityId: invoiceId,
        metadata: { number, total: totals.total, currency: invoice.currency, icv },
      });
      await this.billingLive.invoiceChanged(tx, clinicId, invoice);
    });
    // Read after commit: the locks are not held while the response is put together.
    return this.get(actor, invoiceId);
  }

  get(actor: Actor, invoiceId: string): Promise<InvoiceView> {
    return this.database.transaction(actor, (tx) => this.view(tx, actor.clinicId, invoiceId));
  }

  /** Newest first; OVERDUE filters by the status shown (see invoice-status.ts). */
  list(actor: Actor, query: ListInvoicesQuery): Promise<{ items: InvoiceSummary[]; nextCursor: string | null }> {
    const before = query.cursor ? toListCursor(decodeCursor(query.cursor, 2)) : undefined;
    const now = this.clock.now();
    return this.database.transaction(actor, async (tx) => {
      const rows = await this.invoices.list(
        tx,
        {
          clinicId: actor.clinicId,
          status: query.status,
          patientId: query.patientId,
          appointmentId: query.appointmentId,
          from: query.from ? new Date(query.from) : undefined,
          to: query.to ? new Date(query.to) : undefined,
          before,
          now,
        },
        query.limit + 1,
      );
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: page.map((row) => toInvoiceSummary(row, now)),
        nextCursor: rows.length > query.limit && last ? encodeCursor(last.listedAt!.toISOString(), last.id) : null,
      };
    });
  }

  /** The invoice with its lines, payments, refunds, credit notes and ZATCA data. */
  /** For other modules (files): the patient of an invoice of the clinic, or undefined when it has no such invoice. */
  findPatientOf(clinicId: string, invoiceId: string): Promise<{ patientId: string } | undefined> {
    return this.database.withClinic(clinicId, async (tx) => {
      const patientId = await this.invoices.findPatientId(tx, clinicId, invoiceId);
      return patientId === undefined ? undefined : { patientId };
    });
  }

  async view(tx: Tx, clinicId: string, invoiceId: string): Promise<InvoiceView> {
    const invoice = await this.invoices.find(tx, clinicId, invoiceId);
    if (!invoice) throw new NotFoundError('Invoice');
    const [items, payments, refunds, creditNotes, zatca] = [
      await this.invoices.items(tx, clinicId, invoiceId),
      await this.payments.forInvoice(tx, clinicId, invoiceId),
      await this.payments.refundsForInvoice(tx, clinicId, invoiceId),
      await this.documents.creditNotesForInvoice(tx, clinicId, invoiceId),
      invoice.issuedAt ? await this.documents.findZatcaSummary(tx, clinicId, invoiceId) : undefined,
    ];
    return toInvoiceView(invoice, { items, payments, refunds, creditNotes, zatca: zatca ? toZatcaView(zatca) : null }, this.clock.now());
  }

  private async draft(tx: Tx, clinicId: string, invoiceId: string): Promise<InvoiceWithPatient> {
    const invoice = await this.invoices.find(tx, clinicId, invoiceId, { lock: true });
    if (!invoice) throw new NotFoundError('Invoice');
    if (invoice.status !== 'DRAFT') {
      throw new ConflictError('invoice-issued', `Invoice ${invoice.number} is issued and never changes; correct it with a credit note.`);
    }
    return invoice;
  }

  private async activePatient(clinicId: string, patientId: string): Promise<PatientBillingProfile> {
    const patient = await this.patients.billingProfile(clinicId, patientId);
    if (!patient) throw new NotFoundError('Patient');
    if (patient.archived) throw new BusinessRuleError('patient-archived', 'An archived patient cannot be invoiced.');
    return patient;
  }

  private async priceDraftLines(
    clinic: ClinicView,
    patient: PatientBillingProfile,
    requests: readonly LineRequest[],
  ): Promise<PricedLine[]> {
    const services = new Map<string, CatalogEntry>();
    for (const serviceId of new Set(requests.flatMap((r) => (r.serviceId ? [r.serviceId] : [])))) {
      const service = await this.catalog.findById(clinic.id, serviceId);
      if (service) services.set(serviceId, service);
    }
    const policy = { standardRate: clinic.vatRate, zeroRateCitizens: clinic.zeroRateCitizens, patientNationality: patient.nationality };
    return priceLines(requests, services, policy, clinic.currency);
  }
}

const toListCursor = ([listedAt, id]: string[]) => {
  const at = new Date(listedAt!);
  if (Number.isNaN(at.getTime())) throw new BadRequestError('invalid-cursor', 'The cursor is not valid.');
  return { listedAt: at, id: id! };
};

function alreadyInvoiced(invoiceId: string | null): ConflictError {
  return new ConflictError('appointment-already-invoiced', 'This appointment already has an invoice.', { invoiceId });
}

function itemRows(clinicId: string, invoiceId: string, lines: PricedLine[]): NewInvoiceItemRow[] {
  return lines.map((line) => ({ ...line, clinicId, invoiceId, id: newId() }));
}

/** The seller as the clinic is registered now; issuing needs a VAT number and a registered name. */
function sellerParty(clinic: ClinicView): SellerParty {
  const missing: string[] = [];
  if (!clinic.vatNumber || (clinic.country === 'SA' && !isValidSaudiVatNumber(clinic.vatNumber))) missing.push('vatNumber');
  if (!clinic.legalNameAr && !clinic.legalNameEn) missing.push('legalNameAr');
  if (missing.length > 0) {
    throw new BusinessRuleError(
      'tax-profile-incomplete',
      `A tax invoice needs the clinic's ${missing.join(' and ')} (clinic settings, billing).`,
      { missing },
    );
  }
  return {
    legalNameEn: clinic.legalNameEn,
    legalNameAr: clinic.legalNameAr,
    vatNumber: clinic.vatNumber!,
    commercialRegistration: clinic.commercialRegistration,
    address: clinic.address,
    country: clinic.country,
  };
}

/** Zero-rated healthcare is for Saudi citizens, and ZATCA wants their national ID on the invoice (BR-KSA-49). */
function assertZeroRatable(buyer: BuyerParty): void {
  if (buyer.nationality !== 'SA') {
    throw new BusinessRuleError(
      'zero-rate-not-allowed',
      'Zero-rated lines are for Saudi citizens; the patient is not recorded as one. Save the lines again.',
    );
  }
  if (!buyer.nationalId) {
    throw new BusinessRuleError('national-id-required', "Zero-rated healthcare needs the patient's national ID on the invoice.");
  }
}

/** The end of the clinic's day `paymentTermsDays` after issue. */
const dueDate = (issuedAt: Date, clinic: ClinicView): Date =>
  DateTime.fromJSDate(issuedAt, { zone: clinic.timezone }).plus({ days: clinic.paymentTermsDays }).endOf('day').toJSDate();
