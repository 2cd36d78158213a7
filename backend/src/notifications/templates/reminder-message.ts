import { isolate, leftToRight, type MessageDocument, renderEmail, type RenderedMessage } from './message-document.js';
import { type Locale, localTime } from './local-time.js';

/** Everything a reminder says, captured when it is scheduled (moving the appointment schedules new ones). */
export interface ReminderDetails {
  clinic: { name: string; timezone: string; address: string | null; phone: string | null };
  patient: { firstName: string; lastName: string };
  /** The treating clinician; dentists are addressed as "Dr.". */
  clinician: { firstName: string; lastName: string; isDentist: boolean };
  service: { name: string; nameAr: string | null };
  startAt: string;
}

const WORDS = {
  en: {
    subject: (clinic: string, date: string, time: string) => `Appointment reminder: ${clinic}, ${date} at ${time}`,
    greeting: (name: string) => `Dear ${name},`,
    intro: (clinic: string) => `This is a reminder of your appointment at ${clinic}.`,
    when: 'When',
    at: (date: string, time: string, zone: string) => `${date} at ${time} (${zone})`,
    with: 'With',
    doctor: (name: string) => `Dr. ${name}`,
    for: 'For',
    where: 'Where',
    phone: 'Phone',
    change: (phone: string | null) =>
      phone ? `If you need to change or cancel it, please call us on ${phone}.` : 'If you need to change or cancel it, please contact us.',
    sms: (p: SmsParts) =>
      `${p.clinic}: reminder of your ${p.service} with ${p.clinician} on ${p.date} at ${p.time} (${p.zone}).` +
      (p.address ? ` ${p.address}.` : '') +
      (p.phone ? ` To change: ${p.phone}` : ''),
  },
  ar: {
    subject: (clinic: string, date: string, time: string) => `تذكير بموعد: ${clinic}، ${date} الساعة ${time}`,
    greeting: (name: string) => `مرحبًا ${name}،`,
    intro: (clinic: string) => `نذكّرك بموعدك في ${clinic}.`,
    when: 'الموعد',
    at: (date: string, time: string, zone: string) => `${date} الساعة ${time} (${zone})`,
    with: 'مع',
    doctor: (name: string) => `د. ${name}`,
    for: 'الخدمة',
    where: 'العنوان',
    phone: 'الهاتف',
    change: (phone: string | null) =>
      phone ? `لتغيير الموعد أو إلغائه يُرجى الاتصال بنا على ${phone}.` : 'لتغيير الموعد أو إلغائه يُرجى التواصل معنا.',
    sms: (p: SmsParts) =>
      `${p.clinic}: تذكير بموعد ${p.service} مع ${p.clinician} يوم ${p.date} الساعة ${p.time} (${p.zone}).` +
      (p.address ? ` ${p.address}.` : '') +
      (p.phone ? ` للتغيير: ${p.phone}` : ''),
  },
} as const;

interface SmsParts {
  clinic: string;
  service: string;
  clinician: string;
  date: string;
  time: string;
  zone: string;
  address: string | null;
  phone: string | null;
}

/** The reminder in the patient's language, for email (subject, text, HTML) or SMS (text). */
export function renderReminder(details: ReminderDetails, locale: Locale, channel: 'email' | 'sms'): RenderedMessage {
  const w = WORDS[locale];
  const when = localTime(details.startAt, details.clinic.timezone, locale);
  const u = (text: string) => isolate(locale, text);
  const clinic = u(details.clinic.name);
  const personName = `${details.clinician.firstName} ${details.clinician.lastName}`.trim();
  const clinician = u(details.clinician.isDentist ? w.doctor(personName) : personName);
  const service = u(locale === 'ar' && details.service.nameAr ? details.service.nameAr : details.service.name);
  const address = details.clinic.address ? u(details.clinic.address) : null;
  const phone = details.clinic.phone ? leftToRight(locale, details.clinic.phone) : null;
  if (channel === 'sms') {
    return { text: w.sms({ clinic, service, clinician, date: when.shortDate, time: when.time, zone: when.zoneName, address, phone }) };
  }
  const doc: MessageDocument = {
    locale,
    subject: w.subject(clinic, when.shortDate, when.time),
    greeting: w.greeting(u(details.patient.firstName)),
    paragraphs: [w.intro(clinic)],
    details: [
      [w.when, w.at(when.longDate, when.time, when.zoneName)],
      [w.with, clinician],
      [w.for, service],
      [w.where, address],
      [w.phone, phone],
    ],
    closing: [w.change(phone)],
    signature: clinic,
  };
  return renderEmail(doc);
}
