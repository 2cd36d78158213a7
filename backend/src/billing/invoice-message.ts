import { formatMoney, isPositiveAmount } from '@dental/shared';
import { DateTime } from 'luxon';
import {
  isolate,
  leftToRight,
  type MessageDocument,
  renderEmail,
  type RenderedMessage,
} from '../notifications/templates/message-document.js';

/** What the invoice email says, read when it is sent (the balance is the one of that moment). */
export interface InvoiceEmailDetails {
  clinic: { name: string; timezone: string; phone: string | null };
  patient: { firstName: string };
  number: string;
  currency: string;
  total: string;
  balanceDue: string;
  /** The instant it falls due (end of the clinic's day), or null. */
  dueAt: string | null;
  issuedAt: string;
}

const WORDS = {
  en: {
    subject: (number: string, clinic: string) => `Invoice ${number} from ${clinic}`,
    greeting: (name: string) => `Dear ${name},`,
    intro: (clinic: string) => `Please find attached your invoice from ${clinic}.`,
    number: 'Invoice number',
    issued: 'Issue date',
    total: 'Total',
    due: 'Due date',
    balance: 'Balance due',
    paid: 'This invoice is fully paid. Thank you.',
    questions: (phone: string | null) =>
      phone ? `If you have any questions, please call us on ${phone}.` : 'If you have any questions, please contact us.',
  },
  ar: {
    subject: (number: string, clinic: string) => `فاتورة رقم ${number} من ${clinic}`,
    greeting: (name: string) => `مرحبًا ${name}،`,
    intro: (clinic: string) => `تجد مرفقًا فاتورتك من ${clinic}.`,
    number: 'رقم الفاتورة',
    issued: 'تاريخ الإصدار',
    total: 'الإجمالي',
    due: 'تاريخ الاستحقاق',
    balance: 'الرصيد المستحق',
    paid: 'هذه الفاتورة مدفوعة بالكامل. شكرًا لك.',
    questions: (phone: string | null) => (phone ? `لأي استفسار يُرجى الاتصال بنا على ${phone}.` : 'لأي استفسار يُرجى التواصل معنا.'),
  },
} as const;

/** A date on the clinic's calendar, in the language ("November 2, 2026" / "٢ نوفمبر ٢٠٢٦"). */
const localDate = (iso: string, zone: string, locale: 'en' | 'ar') =>
  DateTime.fromISO(iso, { zone }).setLocale(locale).toLocaleString({ day: 'numeric', month: 'long', year: 'numeric' });

/** The invoice email in the patient's language: subject, text and HTML (the PDF is attached by the caller). */
export function renderInvoiceEmail(details: InvoiceEmailDetails, locale: 'en' | 'ar'): RenderedMessage {
  const w = WORDS[locale];
  const u = (text: string) => isolate(locale, text);
  const clinic = u(details.clinic.name);
  const number = leftToRight(locale, details.number);
  const money = (amount: string) => leftToRight(locale, formatMoney(amount, details.currency, locale));
  const phone = details.clinic.phone ? leftToRight(locale, details.clinic.phone) : null;
  const owing = isPositiveAmount(details.balanceDue);
  const doc: MessageDocument = {
    locale,
    subject: w.subject(number, clinic),
    greeting: w.greeting(u(details.patient.firstName)),
    paragraphs: [w.intro(clinic), ...(owing ? [] : [w.paid])],
    details: [
      [w.number, number],
      [w.issued, localDate(details.issuedAt, details.clinic.timezone, locale)],
      [w.total, money(details.total)],
      [w.balance, owing ? money(details.balanceDue) : null],
      [w.due, owing && details.dueAt ? localDate(details.dueAt, details.clinic.timezone, locale) : null],
    ],
    closing: [w.questions(phone)],
    signature: clinic,
  };
  return renderEmail(doc);
}
