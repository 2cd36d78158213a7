import type { INestApplicationContext } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Decimal } from 'decimal.js';
import type { Role } from '../db/schema/enums.js';
import { type RequestMeta, type UserActor, userActor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/errors.js';
import { Database } from '../db/database.js';
import { newId } from '../common/ids.js';
import { AuthService } from '../auth/auth.service.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import { UsersService } from '../users/users.service.js';
import { SchedulesService } from '../schedules/schedules.service.js';
import { CatalogService } from '../catalog/catalog.service.js';
import { PatientsService } from '../patients/patients.service.js';
import { AppointmentsService } from '../appointments/appointments.service.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import { InvoicesService } from '../billing/invoices.service.js';
import { PaymentsService } from '../billing/payments.service.js';
import { CreditNotesService } from '../billing/credit-notes.service.js';
import { AppointmentsRepository } from '../appointments/appointments.repository.js';
import { fitsWorkingTime, workingIntervals, type StaffSchedule } from '../scheduling/working-time.js';
import { ALLERGIES, ARABIC_FIRST, ARABIC_LAST, DEMO_SERVICES, HISTORY, LATIN_FIRST, LATIN_LAST, seededRandom } from './demo-content.js';

export const DEMO_OWNER_EMAIL = 'owner@demo.dental';
export const DEMO_PASSWORD = 'Demo-Clinic-2026';
const META: RequestMeta = { ip: '127.0.0.1', userAgent: 'demo-loader' };

const STAFF: { role: Role; firstName: string; lastName: string; email: string }[] = [
  { role: 'ADMIN', firstName: 'Hala', lastName: 'Al-Rashid', email: 'admin@demo.dental' },
  { role: 'DENTIST', firstName: 'Khalid', lastName: 'Al-Otaibi', email: 'dr.khalid@demo.dental' },
  { role: 'DENTIST', firstName: 'Reem', lastName: 'Al-Ghamdi', email: 'dr.reem@demo.dental' },
  { role: 'DENTIST', firstName: 'Daniel', lastName: 'Thomas', email: 'dr.daniel@demo.dental' },
  { role: 'HYGIENIST', firstName: 'Noura', lastName: 'Al-Harbi', email: 'hygienist@demo.dental' },
  { role: 'ASSISTANT', firstName: 'Maha', lastName: 'Al-Shehri', email: 'assistant1@demo.dental' },
  { role: 'ASSISTANT', firstName: 'Priya', lastName: 'Nair', email: 'assistant2@demo.dental' },
  { role: 'RECEPTIONIST', firstName: 'Lama', lastName: 'Al-Dosari', email: 'reception1@demo.dental' },
  { role: 'RECEPTIONIST', firstName: 'Aisha', lastName: 'Khan', email: 'reception2@demo.dental' },
  { role: 'ACCOUNTANT', firstName: 'Faisal', lastName: 'Al-Mutairi', email: 'accounts@demo.dental' },
];

// Two shifts Sunday to Thursday, as many Saudi clinics work; Saturday mornings for some.
const SHIFTS = [0, 1, 2, 3, 4].flatMap((weekday) => [
  { weekday, start: '09:00', end: '13:00' },
  { weekday, start: '16:00', end: '21:00' },
]);

/**
 * Loads "Al Noor Dental Clinic" through the same services the API uses, so every rule applies, in
 * one transaction: an interrupted load leaves nothing behind. Returns false if it is already there.
 */
export async function loadDemoClinic(app: INestApplicationContext, log: (line: string) => void): Promise<boolean> {
  const get = <T>(type: abstract new (...args: never[]) => T) => app.get(type, { strict: false });
  if (await get(UsersService).findLoginByEmail(DEMO_OWNER_EMAIL)) return false;
  const clinicId = newId();
  await get(Database).withClinic(clinicId, () => loadInto(clinicId, get, log));
  return true;
}

async function loadInto(
  clinicId: string,
  get: <T>(type: abstract new (...args: never[]) => T) => T,
  log: (line: string) => void,
): Promise<void> {
  const random = seededRandom(2026);
  const signup = await get(AuthService).signup(
    {
      clinicName: 'Al Noor Dental Clinic',
      email: DEMO_OWNER_EMAIL,
      password: DEMO_PASSWORD,
      firstName: 'Sami',
      lastName: 'Al-Qahtani',
      timezone: 'Asia/Riyadh',
      locale: 'en',
    },
    META,
    clinicId,
  );
  const owner = userActor({ userId: signup.user.id, clinicId: signup.clinic.id, role: 'OWNER' }, META);
  const today = DateTime.fromJSDate(get(Clock).now());

  const providers: { id: string; chair: string; schedule: StaffSchedule }[] = [];
  // Staff are created directly rather than through invites: an invite is looked up outside this transaction.
  const passwordHash = await get(PasswordHasher).hash(DEMO_PASSWORD);
  for (const member of STAFF) {
    const user = await get(UsersService).create({ clinicId, id: newId(), passwordHash, ...member });
    if (member.role !== 'DENTIST' && member.role !== 'HYGIENIST') continue;
    const schedule: StaffSchedule = {
      weekly: providers.length % 2 === 0 ? [...SHIFTS, { weekday: 6, start: '09:00', end: '13:00' }] : SHIFTS,
      breaks: [],
      exceptions:
        providers.length === 2
          ? [{ from: today.plus({ days: 10 }).toISODate()!, to: today.plus({ days: 12 }).toISODate()!, kind: 'vacation' }]
          : [],
    };
    await get(SchedulesService).put(owner, user.id, schedule);
    providers.push({ id: user.id, chair: `Chair ${providers.length + 1}`, schedule });
  }
  await get(ClinicsService).update(owner, {
    vatNumber: '310122393500003',
    rooms: providers.map((provider) => provider.chair),
    legalNameEn: 'Al Noor Dental Clinic Co.',
    legalNameAr: 'شركة عيادة النور لطب الأسنان',
    commercialRegistration: '1010123456',
    address: {
      street: 'King Fahd Road',
      buildingNumber: '2934',
      additionalNumber: '7311',
      district: 'Al Olaya',
      city: 'Riyadh',
      postalCode: '12214',
    },
  });
  log(`  staff: ${STAFF.length + 1} (every role)`);

  const services = [];
  for (const s of DEMO_SERVICES) {
    services.push(
      await get(CatalogService).create(owner, { code: s.code, name: s.name, nameAr: s.nameAr, price: s.price, durationMinutes: s.minutes }),
    );
  }
  log(`  services: ${services.length}`);

  const patientIds: string[] = [];
  for (let i = 0; i < 320; i++) {
    const female = random.chance(0.5);
    const arabic = random.chance(0.7);
    const first = arabic
      ? random.pick(female ? ARABIC_FIRST.female : ARABIC_FIRST.male)
      : random.pick(female ? LATIN_FIRST.female : LATIN_FIRST.male);
    const last = arabic ? random.pick(ARABIC_LAST) : random.pick(LATIN_LAST);
    // Most Arabic-named patients are Saudi citizens (with a national ID); the others are residents with an Iqama.
    const saudi = arabic && random.chance(0.8);
    const patient = await get(PatientsService).create(owner, {
      nationality: saudi ? 'SA' : random.pick(arabic ? ['EG', 'JO', 'SY', 'YE'] : ['IN', 'PK', 'PH', 'GB', 'US']),
      nationalId: withCheckDigit(`${saudi ? 1 : 2}${String(random.int(0, 99_999_999)).padStart(8, '0')}`),
      firstName: first,
      lastName: last,
      gender: female ? 'female' : 'male',
      dateOfBirth: `${random.int(1950, 2020)}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
      phone: `+9665${random.pick([0, 3, 4, 5, 6, 8, 9])}${String(random.int(0, 9_999_999)).padStart(7, '0')}`,
      email: random.chance(0.4) ? `patient${i}@example.com` : null,
      preferredLanguage: arabic ? 'ar' : 'en',
      allergies: random.chance(0.1) ? random.pick(ALLERGIES) : null,
      medicalHistory: random.chance(0.15) ? random.pick(HISTORY) : null,
    });
    patientIds.push(patient.id);
  }
  log(`  patients: ${patientIds.length}`);

  const history = await loadHistory(get, owner, providers, services, patientIds, random, today);
  log(
    `  a year of history: ${history.visits} completed visits invoiced, ${history.paid} paid, ${history.credited} credit notes, ${history.refunded} refunds`,
  );

  const { count, completed } = await bookAppointments(
    get(AppointmentsService),
    owner,
    providers,
    services.filter((s) => s.durationMinutes <= 90),
    patientIds,
    random,
    today.toMillis(),
  );
  log(`  appointments: ${count} over the past and coming three weeks`);

  const invoiced = await billVisits(get(InvoicesService), get(PaymentsService), owner, completed.slice(-120), random);
  log(`  invoices: ${invoiced} for completed visits, most paid`);
}

/**
 * The clinic's past year before the booked weeks: about one completed visit a day per provider (Sunday
 * to Thursday), each invoiced and issued on its day, most paid then, some in part, some still owed (so
 * the receivables fill every aging bucket), a few with a credit note or a refund. The visits are written
 * straight through the appointments repository (history, as an import would bring it: the booking rules
 * are about booking now); the money goes through the billing services with the clock set to the visit's
 * day, in order, so numbering, the ZATCA chain, due dates and the audit trail are those of a real year.
 */
async function loadHistory(
  get: <T>(type: abstract new (...args: never[]) => T) => T,
  owner: UserActor,
  providers: { id: string; chair: string }[],
  services: { id: string; price: string; durationMinutes: number }[],
  patientIds: string[],
  random: ReturnType<typeof seededRandom>,
  today: DateTime,
): Promise<{ visits: number; paid: number; credited: number; refunded: number }> {
  const zone = 'Asia/Riyadh';
  const clock = get(Clock);
  const tx = get(Database).currentTransaction();
  const repository = get(AppointmentsRepository);
  const [invoices, payments, creditNotes] = [get(InvoicesService), get(PaymentsService), get(CreditNotesService)];
  const billable = services.filter((s) => new Decimal(s.price).greaterThan(0) && s.durationMinutes <= 60);
  const counts = { visits: 0, paid: 0, credited: 0, refunded: 0 };
  const start = today.setZone(zone).startOf('day').minus({ days: 365 });
  const end = today.setZone(zone).startOf('day').minus({ weeks: 3 });
  // The services read the time from the clock: for each visit it says the visit's day, then the real time again.
  const travel = clock as { now: () => Date };
  try {
    for (let day = start, index = 0; day < end; day = day.plus({ days: 1 }), index++) {
      if (day.weekday === 5 || day.weekday === 6) continue; // Friday and Saturday
      for (const [p, provider] of providers.entries()) {
        if (!random.chance(0.55)) continue;
        const hour = 9 + random.int(0, 3);
        const service = random.pick(billable);
        const startAt = day.set({ hour });
        const endAt = startAt.plus({ minutes: service.durationMinutes });
        // Providers at the same hour see different patients (the patients are spread over the days).
        const patientId = patientIds[(index * providers.length + p) % patientIds.length]!;
        const appointmentId = newId();
        await repository.insert(tx, {
          clinicId: owner.clinicId,
          id: appointmentId,
          patientId,
          dentistId: provider.id,
          serviceId: service.id,
          room: provider.chair,
          startAt: startAt.toJSDate(),
          endAt: endAt.toJSDate(),
          status: 'completed',
          createdById: owner.userId,
          createdAt: startAt.minus({ days: 7 }).toJSDate(),
          updatedAt: endAt.toJSDate(),
        });
        let at = endAt.plus({ minutes: 5 }).toMillis();
        const tick = () => {
          at += 60_000;
          travel.now = () => new Date(at);
        };
        tick();
        const draft = await invoices.create(owner, { patientId, appointmentId });
        tick();
        const issued = await invoices.issue(owner, draft.id);
        counts.visits++;
        const roll = random.next();
        let due = new Decimal(issued.total);
        if (roll < 0.04) {
          // Part of the line taken back (a discount agreed after the visit), the rest paid.
          tick();
          const net = new Decimal(issued.items[0]!.netAmount).dividedBy(4).toDecimalPlaces(2, Decimal.ROUND_DOWN);
          const credit = await creditNotes.create(owner, issued.id, `demo-credit-${issued.id}`, {
            reason: 'Discount agreed after the visit',
            items: [{ invoiceItemId: issued.items[0]!.id, amount: net.toFixed(2) }],
          });
          counts.credited++;
          due = due.minus(credit.total);
        } else if (roll < 0.12)
          continue; // Still owed.
        else if (roll < 0.2) due = due.dividedBy(2).toDecimalPlaces(2, Decimal.ROUND_DOWN); // Paid in part.
        if (due.lessThanOrEqualTo(0)) continue;
        tick();
        const method = random.pick(['cash', 'card', 'card', 'insurance'] as const);
        const payment = await payments.record(owner, issued.id, `demo-history-${issued.id}`, { amount: due.toFixed(2), method });
        counts.paid++;
        if (roll > 0.97) {
          tick();
          await payments.refund(owner, payment.id, `demo-refund-${payment.id}`, {
            amount: due.dividedBy(5).toDecimalPlaces(2, Decimal.ROUND_DOWN).toFixed(2),
            reason: 'Goodwill',
          });
          counts.refunded++;
        }
      }
    }
  } finally {
    delete (travel as { now?: () => Date }).now;
  }
  return counts;
}

/** Invoices the latest completed visits, issues them and takes payment: most in full, some in part, a few not yet. */
async function billVisits(
  invoices: InvoicesService,
  payments: PaymentsService,
  owner: UserActor,
  visits: { id: string; patientId: string }[],
  random: ReturnType<typeof seededRandom>,
): Promise<number> {
  for (const visit of visits) {
    const draft = await invoices.create(owner, { patientId: visit.patientId, appointmentId: visit.id });
    const issued = await invoices.issue(owner, draft.id);
    const roll = random.next();
    if (roll < 0.15 || issued.total === '0.00') continue;
    const amount = roll < 0.3 ? issued.items[0]!.netAmount : issued.total;
    const method = random.pick(['cash', 'card', 'card', 'insurance'] as const);
    await payments.record(owner, issued.id, `demo-${issued.id}`, { amount: amount === '0.00' ? issued.total : amount, method });
  }
  return visits.length;
}

/** A 9-digit prefix completed with its Luhn check digit (Saudi national IDs and Iqamas carry one). */
function withCheckDigit(prefix: string): string {
  for (let digit = 0; digit <= 9; digit++) {
    const candidate = `${prefix}${digit}`;
    let sum = 0;
    for (let i = 0; i < candidate.length; i++) {
      let value = Number(candidate[candidate.length - 1 - i]);
      if (i % 2 === 1) value = value * 2 > 9 ? value * 2 - 9 : value * 2;
      sum += value;
    }
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}

async function bookAppointments(
  appointments: AppointmentsService,
  owner: UserActor,
  providers: { id: string; chair: string; schedule: StaffSchedule }[],
  services: { id: string; durationMinutes: number }[],
  patientIds: string[],
  random: ReturnType<typeof seededRandom>,
  nowMs: number,
): Promise<{ count: number; completed: { id: string; patientId: string }[] }> {
  const zone = 'Asia/Riyadh';
  const today = DateTime.fromMillis(nowMs, { zone }).startOf('day');
  const from = today.minus({ weeks: 3 });
  const to = today.plus({ weeks: 3 });
  let booked = 0;
  const completed: { id: string; patientId: string }[] = [];
  // The whole load is one transaction, so a refused insert would abort it: keep each patient's bookings apart here.
  const patientBusy = new Map<string, { start: number; end: number }[]>();
  const freePatient = (start: number, end: number) => {
    for (let attempt = 0; attempt < 10; attempt++) {
      const id = random.pick(patientIds);
      if (!(patientBusy.get(id) ?? []).some((b) => b.start < end && start < b.end)) return id;
    }
    return undefined;
  };
  for (const provider of providers) {
    const working = workingIntervals(provider.schedule, zone, from.toMillis(), to.toMillis());
    for (const interval of working) {
      for (let start = interval.start; start + 30 * 60_000 <= interval.end; start += 30 * 60_000) {
        if (!random.chance(0.45)) continue;
        const service = random.pick(services);
        const end = start + service.durationMinutes * 60_000;
        if (!fitsWorkingTime(working, start, end)) continue;
        const patientId = freePatient(start, end);
        if (!patientId) continue;
        try {
          const created = await appointments.create(owner, {
            patientId,
            dentistId: provider.id,
            serviceId: service.id,
            room: provider.chair,
            startAt: new Date(start).toISOString(),
            // The past three weeks are the clinic's history, recorded as such.
            backEntry: start < nowMs,
          });
          booked++;
          patientBusy.set(patientId, [...(patientBusy.get(patientId) ?? []), { start, end }]);
          if ((await settle(appointments, owner, created.id, start < nowMs, random)) === 'completed')
            completed.push({ id: created.id, patientId });
          start = end - 30 * 60_000;
        } catch (error) {
          // A rule refused it before any SQL ran (the transaction is intact): skip the slot.
          if (!(error instanceof DomainError)) throw error;
        }
      }
    }
  }
  return { count: booked, completed };
}

/** Past visits mostly completed (some no-shows and cancellations); coming ones partly confirmed. */
async function settle(
  appointments: AppointmentsService,
  owner: UserActor,
  id: string,
  past: boolean,
  random: ReturnType<typeof seededRandom>,
): Promise<string> {
  const roll = random.next();
  if (roll < 0.07) {
    await appointments.cancel(owner, id, { reason: random.pick(['Patient travelling', 'Patient unwell', 'Rescheduled by phone']) });
    return 'cancelled';
  }
  const steps = past
    ? roll < 0.15
      ? (['no_show'] as const)
      : (['confirmed', 'checked_in', 'in_progress', 'completed'] as const)
    : roll < 0.5
      ? (['confirmed'] as const)
      : ([] as const);
  for (const status of steps) await appointments.changeStatus(owner, id, { status });
  return steps.at(-1) ?? 'scheduled';
}
