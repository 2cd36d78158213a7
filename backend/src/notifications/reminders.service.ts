import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { type AppointmentStatus, isRemindable } from '@dental/shared';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { BusinessRuleError, ConflictError } from '../common/errors.js';
import { newId } from '../common/ids.js';
import { AuditService } from '../audit/audit.service.js';
import { CatalogService } from '../catalog/catalog.service.js';
import type { ReminderChannel } from '../clinics/clinic-settings.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import type { ClinicView } from '../clinics/clinics.schemas.js';
import type { Role } from '@dental/shared';
import { PatientsService } from '../patients/patients.service.js';
import type { PatientStatus } from '../patients/patients.repository.js';
import { UsersService } from '../users/users.service.js';
import { REMINDER_TEMPLATE } from './notification-templates.js';
import { type NotificationDraft, NotificationsService } from './notifications.service.js';
import type { NotificationView } from './notifications.schemas.js';
import { inSmsQuietHours, planReminders } from './reminder-plan.js';
import type { ReminderPreview, SendReminder } from './reminders.schemas.js';
import { renderReminder, type ReminderDetails } from './templates/reminder-message.js';

/** What reminders need to know of an appointment. */
export interface AppointmentFacts {
  id: string;
  patientId: string;
  dentistId: string;
  serviceId: string;
  startAt: Date;
  status: AppointmentStatus;
  version: number;
}

/** What reminders print, as the caller may already have read it (the booking did): anything absent is read here. */
export interface ReminderFacts {
  clinic?: ClinicView;
  patient?: PatientStatus;
  clinician?: { firstName: string; lastName: string; role: Role };
  service?: { name: string; nameAr: string | null };
}

/** A patient as reminders see them: the language their messages are written in, resolved. */
type Recipient = PatientStatus & { locale: 'en' | 'ar' };

/** The front desk cannot send the same reminder twice within this window (a double click). */
const MANUAL_REPEAT_MS = 2 * 60_000;

/**
 * Appointment reminders: planned when an appointment is booked (reminder-plan.ts decides which and
 * when), replaced when it moves, cancelled when it is cancelled, missed or begins; sent now on the
 * front desk's request. Everything runs in the appointment's transaction: a booking commits with its
 * reminders or not at all.
 */
@Injectable()
export class RemindersService {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly clinics: ClinicsService,
    private readonly patients: PatientsService,
    private readonly users: UsersService,
    private readonly catalog: CatalogService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** A booked appointment's reminders (in the booking's transaction). */
  async schedule(clinicId: string, appointment: AppointmentFacts, known: ReminderFacts = {}): Promise<void> {
    // Cheap refusals first: a clinic with reminders off or an unreachable patient costs no more reads.
    const clinic = known.clinic ?? (await this.clinics.profile(clinicId));
    if (!clinic.reminders.enabled) return;
    const patient = await this.recipient(clinicId, appointment, clinic, known);
    if (!patient || patient.remindersOptOut) return;
    const plan = planReminders({
      startAt: appointment.startAt,
      now: this.clock.now(),
      timezone: clinic.timezone,
      settings: clinic.reminders,
      contact: { email: patient.email, phone: patient.phone, optedOut: patient.remindersOptOut },
    });
    if (plan.reminders.length === 0) return;
    const details = await this.details(clinicId, appointment, clinic, patient, known);
    const drafts = plan.reminders.map((r): NotificationDraft => ({
      ...this.draftFor(appointment, patient, r.channel),
      idempotencyKey: `reminder:${appointment.id}:v${appointment.version}:${r.channel}:${r.offsetMinutes}`,
      scheduledFor: r.sendAt,
      payload: { ...details, offsetMinutes: r.offsetMinutes },
    }));
    await this.notifications.schedule(clinicId, drafts);
  }

  /** The appointment moved (or changed dentist or service): its pending reminders give way to new ones. */
  async replace(clinicId: string, appointment: AppointmentFacts, known: ReminderFacts = {}): Promise<void> {
    await this.notifications.cancelForAppointment(clinicId, appointment.id, 'The appointment was changed');
    await this.schedule(clinicId, appointment, known);
  }

  /** The appointment will not happen as booked (cancelled, no-show) or has begun: no more reminders. */
  cancel(clinicId: string, appointmentId: string, status: AppointmentStatus): Promise<void> {
    const reason =
      status === 'cancelled'
        ? 'The appointment was cancelled'
        : status === 'no_show'
          ? 'The patient did not come'
          : 'The patient has arrived';
    return this.notifications.cancelForAppointment(clinicId, appointmentId, reason);
  }

  /**
   * The front desk's "Send reminder": one message per channel, now. Text messages are not sent in quiet
   * hours (recorded as skipped). The caller holds the appointment's row lock, so two clicks cannot both pass.
   */
  async sendNow(actor: Actor, appointment: AppointmentFacts, input: SendReminder): Promise<NotificationView[]> {
    const now = this.clock.now();
    if (!isRemindable(appointment.status) || appointment.startAt <= now) {
      throw new ConflictError('appointment-not-upcoming', 'Reminders are for upcoming appointments that are scheduled or confirmed.');
    }
    const clinic = await this.clinics.profile(actor.clinicId);
    const patient = await this.recipient(actor.clinicId, appointment, clinic, {});
    if (!patient) throw new BusinessRuleError('no-contact', 'The patient has no email address or mobile number.');
    if (patient.remindersOptOut) throw new BusinessRuleError('reminders-opted-out', 'The patient asked not to receive reminders.');
    const wanted = input.channels ?? (['sms', 'email'] as ReminderChannel[]);
    const reachable = wanted.filter((channel) => (channel === 'email' ? patient.email : patient.phone));
    if (reachable.length === 0) {
      throw new BusinessRuleError(
        'no-contact',
        `The patient has no ${wanted.length === 1 && wanted[0] === 'email' ? 'email address' : 'address'} for this.`,
      );
    }
    const recent = await this.notifications.recentForAppointment(
      actor.clinicId,
      appointment.id,
      REMINDER_TEMPLATE,
      new Date(now.getTime() - MANUAL_REPEAT_MS),
    );
    const channels = reachable.filter((channel) => !recent.some((n) => n.type === channel && n.idempotencyKey.startsWith('manual:')));
    if (channels.length === 0) throw new ConflictError('reminder-just-sent', 'A reminder was sent a moment ago.');
    const quiet = inSmsQuietHours(now, clinic.timezone);
    const details = await this.details(actor.clinicId, appointment, clinic, patient, {});
    const drafts = channels.map((channel): NotificationDraft => ({
      ...this.draftFor(appointment, patient, channel),
      idempotencyKey: `manual:${appointment.id}:${channel}:${newId()}`,
      scheduledFor: now,
      payload: { ...details, offsetMinutes: null },
      ...(channel === 'sms' && quiet ? { skipped: 'Quiet hours (22:00-08:00 clinic time): no text messages' } : {}),
    }));
    const created = await this.notifications.schedule(actor.clinicId, drafts);
    await this.audit.record(actor, {
      action: 'REMINDER_SENT_MANUALLY',
      entityType: 'appointment',
      entityId: appointment.id,
      metadata: { channels, notificationIds: created.map((n) => n.id) },
    });
    return created;
  }

  /** The reminder as the clinic's patients would read it, in both languages, for the settings page. */
  async preview(actor: Actor): Promise<ReminderPreview> {
    const clinic = await this.clinics.get(actor);
    const tomorrow = DateTime.fromJSDate(this.clock.now(), { zone: clinic.timezone })
      .plus({ days: 1 })
      .set({ hour: 10, minute: 30, second: 0, millisecond: 0 });
    const sample = (locale: 'en' | 'ar'): ReminderDetails => ({
      clinic: clinicDetails(clinic),
      patient: locale === 'ar' ? { firstName: 'نورة', lastName: 'القحطاني' } : { firstName: 'Nora', lastName: 'Alqahtani' },
      clinician:
        locale === 'ar'
          ? { firstName: 'سارة', lastName: 'حداد', isDentist: true }
          : { firstName: 'Sara', lastName: 'Haddad', isDentist: true },
      service: { name: 'Check-up', nameAr: 'فحص دوري' },
      startAt: tomorrow.toUTC().toISO()!,
    });
    const items: ReminderPreview['items'] = [];
    for (const locale of ['en', 'ar'] as const) {
      for (const channel of ['sms', 'email'] as const) {
        const message = renderReminder(sample(locale), locale, channel);
        items.push({ locale, channel, subject: message.subject ?? null, text: message.text });
      }
    }
    return { items };
  }

  private draftFor(appointment: AppointmentFacts, patient: Recipient, channel: ReminderChannel) {
    return {
      type: channel,
      template: REMINDER_TEMPLATE,
      locale: patient.locale,
      recipient: (channel === 'email' ? patient.email : patient.phone) ?? '',
      patientId: appointment.patientId,
      appointmentId: appointment.id,
    } satisfies Partial<NotificationDraft>;
  }

  /** The patient, if they have an email address or a mobile number, with the language to write in. */
  private async recipient(
    clinicId: string,
    appointment: AppointmentFacts,
    clinic: ClinicView,
    known: ReminderFacts,
  ): Promise<Recipient | undefined> {
    const patient = known.patient ?? (await this.patients.findActive(clinicId, appointment.patientId));
    if (!patient || (!patient.email && !patient.phone)) return undefined;
    const preferred = patient.preferredLanguage;
    return { ...patient, locale: preferred === 'ar' || preferred === 'en' ? preferred : clinic.locale };
  }

  /** Everything a reminder prints: the clinic's name and address, the clinician, the service, the start. */
  private async details(
    clinicId: string,
    appointment: AppointmentFacts,
    clinic: ClinicView,
    patient: Recipient,
    known: ReminderFacts,
  ): Promise<ReminderDetails> {
    const clinician = known.clinician ?? (await this.users.findById(clinicId, appointment.dentistId));
    const service = known.service ?? (await this.catalog.findById(clinicId, appointment.serviceId));
    return {
      clinic: clinicDetails(clinic),
      patient: { firstName: patient.firstName, lastName: patient.lastName },
      clinician: { firstName: clinician?.firstName ?? '', lastName: clinician?.lastName ?? '', isDentist: clinician?.role === 'DENTIST' },
      service: { name: service?.name ?? '', nameAr: service?.nameAr ?? null },
      startAt: appointment.startAt.toISOString(),
    };
  }
}

const clinicDetails = (clinic: ClinicView): ReminderDetails['clinic'] => ({
  name: clinic.name,
  timezone: clinic.timezone,
  address: clinic.contact.address,
  phone: clinic.contact.phone,
});
