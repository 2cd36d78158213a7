import type { Role } from '@dental/shared';
import { isolate, type MessageDocument, renderEmail, type RenderedMessage } from './message-document.js';
import { type Locale, localTime } from './local-time.js';

export interface InviteDetails {
  clinic: { name: string; timezone: string };
  inviterName: string;
  role: Role;
  /** The accept-invite page with its token. */
  link: string;
  expiresAt: string;
}

const ROLE_NAMES: Record<Locale, Record<Role, string>> = {
  en: {
    OWNER: 'Owner',
    ADMIN: 'Admin',
    DENTIST: 'Dentist',
    HYGIENIST: 'Hygienist',
    ASSISTANT: 'Assistant',
    RECEPTIONIST: 'Receptionist',
    ACCOUNTANT: 'Accountant',
  },
  ar: {
    OWNER: 'المالك',
    ADMIN: 'مدير',
    DENTIST: 'طبيب أسنان',
    HYGIENIST: 'أخصائي صحة الفم',
    ASSISTANT: 'مساعد',
    RECEPTIONIST: 'موظف استقبال',
    ACCOUNTANT: 'محاسب',
  },
};

const WORDS = {
  en: {
    subject: (clinic: string) => `You are invited to join ${clinic}`,
    body: (inviter: string, clinic: string, role: string) => `${inviter} has invited you to join ${clinic} as ${role}.`,
    action: 'Accept the invitation and choose your password',
    expires: (date: string, time: string) => `The link can be used once, until ${date} at ${time}.`,
    ignore: 'If you did not expect this invitation, you can ignore this email.',
  },
  ar: {
    subject: (clinic: string) => `دعوة للانضمام إلى ${clinic}`,
    body: (inviter: string, clinic: string, role: string) => `دعاك ${inviter} للانضمام إلى ${clinic} بصفة ${role}.`,
    action: 'اقبل الدعوة واختر كلمة المرور',
    expires: (date: string, time: string) => `يمكن استخدام الرابط مرة واحدة حتى ${date} الساعة ${time}.`,
    ignore: 'إذا لم تكن تتوقع هذه الدعوة فيمكنك تجاهل هذه الرسالة.',
  },
} as const;

/** The staff invitation email, in the clinic's language. */
export function renderInvite(details: InviteDetails, locale: Locale): RenderedMessage {
  const w = WORDS[locale];
  const clinic = isolate(locale, details.clinic.name);
  const until = localTime(details.expiresAt, details.clinic.timezone, locale);
  const doc: MessageDocument = {
    locale,
    subject: w.subject(clinic),
    paragraphs: [w.body(isolate(locale, details.inviterName), clinic, ROLE_NAMES[locale][details.role])],
    link: { label: w.action, url: details.link },
    closing: [w.expires(until.longDate, until.time), w.ignore],
    signature: clinic,
  };
  return renderEmail(doc);
}
