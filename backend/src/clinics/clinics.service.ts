import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Database } from '../db/database.js';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { NotFoundError, ValidationError } from '../common/errors.js';
import { phoneProblem, toE164 } from '../common/phone.js';
import { isValidSaudiVatNumber } from '@dental/shared';
import { AuditService } from '../audit/audit.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { type ClinicSettings, parseClinicSettings, zeroRatesCitizens } from './clinic-settings.js';
import { type ClinicRow, ClinicsRepository } from './clinics.repository.js';
import type { ClinicView, UpdateClinic } from './clinics.schemas.js';

export interface NewClinic {
  id: string;
  name: string;
  timezone?: string;
  locale?: 'en' | 'ar';
}

function toClinicView(row: ClinicRow): ClinicView {
  const settings = parseClinicSettings(row.settings);
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    timezone: row.timezone,
    locale: row.locale === 'ar' ? 'ar' : 'en',
    currency: row.currency,
    country: row.country,
    vatNumber: row.vatNumber,
    ownerId: row.ownerId,
    slotMinutes: settings.slotMinutes,
    rooms: settings.rooms,
    legalNameEn: settings.legalNameEn,
    legalNameAr: settings.legalNameAr,
    commercialRegistration: settings.commercialRegistration,
    address: settings.address,
    vatRate: settings.vatRate,
    zeroRateCitizens: zeroRatesCitizens(settings, row.country),
    paymentTermsDays: settings.paymentTermsDays,
    reminders: settings.reminders,
    contact: settings.contact,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A readable, unique slug: the name's ASCII letters plus a random suffix. */
function slugFor(name: string): string {
  const base = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${base || 'clinic'}-${randomBytes(4).toString('hex')}`;
}

@Injectable()
export class ClinicsService {
  constructor(
    private readonly database: Database,
    private readonly repository: ClinicsRepository,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  /** Creates the tenant row; runs inside the signup's transaction for the new clinic. */
  create(clinic: NewClinic): Promise<ClinicView> {
    const now = this.clock.now();
    return this.database.withClinic(clinic.id, async (tx) =>
      toClinicView(await this.repository.insert(tx, { ...clinic, slug: slugFor(clinic.name), createdAt: now, updatedAt: now })),
    );
  }

  setOwner(clinicId: string, ownerId: string): Promise<void> {
    return this.database.withClinic(clinicId, async (tx) => {
      await this.repository.update(tx, clinicId, { ownerId });
    });
  }

  get(actor: Actor): Promise<ClinicView> {
    return this.database.transaction(actor, () => this.profile(actor.clinicId));
  }

  /** The clinic's settings other modules work with (time zone, country, currency, slot size, rooms). */
  profile(clinicId: string): Promise<ClinicView> {
    return this.database.withClinic(clinicId, async (tx) => {
      const row = await this.repository.find(tx, clinicId);
      if (!row) throw new NotFoundError('Clinic');
      return toClinicView(row);
    });
  }

  /**
   * A person's phone as the clinic stores it: E.164 read in the clinic's country, an extension or text
   * around the number refused (400 at `phone`), not dropped. Staff and patients follow the same rule.
   */
  async normalisePhone(clinicId: string, phone: string | null | undefined): Promise<string | null | undefined> {
    if (phone === undefined || phone === null) return phone;
    const { country } = await this.profile(clinicId);
    const problem = phoneProblem(phone, country);
    if (problem) throw new ValidationError([{ path: 'phone', ...problem }]);
    return toE164(phone, country);
  }

  update(actor: Actor, patch: UpdateClinic): Promise<ClinicView> {
    return this.database.transaction(actor, async (tx) => {
      const before = await this.repository.find(tx, actor.clinicId, { lock: true });
      if (!before) throw new NotFoundError('Clinic');
      const {
        slotMinutes,
        rooms,
        legalNameEn,
        legalNameAr,
        commercialRegistration,
        address,
        vatRate,
        zeroRateCitizens,
        paymentTermsDays,
        reminders,
        contact,
        ...columns
      } = patch;
      const current = parseClinicSettings(before.settings);
      const settingsPatch = {
        slotMinutes,
        rooms,
        legalNameEn,
        legalNameAr,
        commercialRegistration,
        address,
        vatRate,
        zeroRateCitizens,
        paymentTermsDays,
        reminders: reminders === undefined ? undefined : { ...current.reminders, ...reminders },
        contact: contact === undefined ? undefined : { ...current.contact, ...contact },
      };
      assertVatNumber(columns.vatNumber === undefined ? before.vatNumber : columns.vatNumber, columns.country ?? before.country);
      const settings: ClinicSettings = { ...current };
      for (const [key, value] of Object.entries(settingsPatch)) if (value !== undefined) Object.assign(settings, { [key]: value });
      const after = await this.repository.update(tx, actor.clinicId, { ...columns, settings, updatedAt: this.clock.now() });
      const beforeView = toClinicView(before);
      const afterView = toClinicView(after);
      if (beforeView.reminders.enabled && !afterView.reminders.enabled) {
        await this.notifications.cancelPendingReminders(actor.clinicId, 'Reminders were turned off');
      }
      const changedFields = (Object.keys(patch) as (keyof UpdateClinic)[]).filter(
        (f) => JSON.stringify(beforeView[f]) !== JSON.stringify(afterView[f]),
      );
      await this.audit.record(actor, {
        action: 'CLINIC_UPDATED',
        entityType: 'clinic',
        entityId: actor.clinicId,
        metadata: { changedFields },
      });
      return afterView;
    });
  }
}

/** A Saudi clinic's VAT number is ZATCA's: 15 digits, the first and last "3" (BR-KSA-40). */
function assertVatNumber(vatNumber: string | null, country: string): void {
  if (vatNumber === null || country !== 'SA' || isValidSaudiVatNumber(vatNumber)) return;
  throw new ValidationError([{ path: 'vatNumber', message: 'A Saudi VAT number has 15 digits, the first and the last "3"' }]);
}
