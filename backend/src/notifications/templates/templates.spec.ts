import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderInvite } from './invite-message.js';
import { type ReminderDetails, renderReminder } from './reminder-message.js';

const details: ReminderDetails = {
  clinic: { name: 'Riyadh <Smiles> & Co', timezone: 'Asia/Riyadh', address: 'King Fahd Road, Riyadh', phone: '+966 11 123 4567' },
  patient: { firstName: 'Nora', lastName: 'Alqahtani' },
  clinician: { firstName: 'Sara', lastName: 'Haddad', isDentist: true },
  service: { name: 'Scaling', nameAr: 'تنظيف الجير' },
  startAt: '2027-01-12T07:30:00.000Z', // 10:30 in Riyadh
};
const plain = (text: string) => text.replace(/[\u2066-\u2069]/g, '');

describe('reminder messages', () => {
  it('writes the English email with the clinic, local time and zone, clinician, service, address and phone', () => {
    const m = renderReminder(details, 'en', 'email');
    assert.equal(m.subject, 'Appointment reminder: Riyadh <Smiles> & Co, Tue, Jan 12 at 10:30 AM');
    assert.equal(
      m.text,
      [
        'Dear Nora,',
        'This is a reminder of your appointment at Riyadh <Smiles> & Co.',
        'When: Tuesday, January 12, 2027 at 10:30 AM (Saudi Arabia Time)\nWith: Dr. Sara Haddad\nFor: Scaling\nWhere: King Fahd Road, Riyadh\nPhone: +966 11 123 4567',
        'If you need to change or cancel it, please call us on +966 11 123 4567.',
        'Riyadh <Smiles> & Co',
      ].join('\n\n'),
    );
    assert.match(m.html!, /Riyadh &lt;Smiles&gt; &amp; Co/);
    assert.doesNotMatch(m.html!, /<Smiles>/);
  });

  it("writes Arabic with the service's Arabic name, Arabic dates, and isolates names and numbers", () => {
    const m = renderReminder(details, 'ar', 'email');
    const text = plain(m.text);
    assert.match(text, /^مرحبًا Nora،/);
    assert.match(text, /الموعد: الثلاثاء، 12 يناير 2027 الساعة 10:30 ص/);
    assert.match(text, /مع: د\. Sara Haddad/);
    assert.match(text, /الخدمة: تنظيف الجير/);
    assert.match(text, /الهاتف: \+966 11 123 4567/);
    assert.ok(m.text.includes('\u2066+966 11 123 4567\u2069'), 'the phone number reads left to right');
    assert.ok(m.text.includes('\u2068Riyadh <Smiles> & Co\u2069'), 'the Latin clinic name is isolated');
    assert.match(m.html!, /<html lang="ar" dir="rtl">/);
    assert.doesNotMatch(m.html!, /[\u2066-\u2069]/);
  });

  it('keeps the SMS short and leaves out lines the clinic has not filled in', () => {
    const bare = { ...details, clinic: { ...details.clinic, address: null, phone: null } };
    assert.equal(
      renderReminder(bare, 'en', 'sms').text,
      'Riyadh <Smiles> & Co: reminder of your Scaling with Dr. Sara Haddad on Tue, Jan 12 at 10:30 AM (Saudi Arabia Time).',
    );
    const email = renderReminder(bare, 'en', 'email');
    assert.doesNotMatch(email.text, /Where:|Phone:/);
    assert.match(email.text, /please contact us\./);
    assert.equal(
      plain(renderReminder(details, 'ar', 'sms').text),
      'Riyadh <Smiles> & Co: تذكير بموعد تنظيف الجير مع د. Sara Haddad يوم الثلاثاء، 12 يناير الساعة 10:30 ص (توقيت المملكة العربية السعودية). King Fahd Road, Riyadh. للتغيير: +966 11 123 4567',
    );
  });

  it('gives a hygienist no "Dr." and falls back to the English service name in Arabic', () => {
    const m = renderReminder(
      { ...details, clinician: { firstName: 'Rana', lastName: 'Ali', isDentist: false }, service: { name: 'Polish', nameAr: null } },
      'ar',
      'sms',
    );
    assert.match(plain(m.text), /تذكير بموعد Polish مع Rana Ali يوم/);
  });

  it('writes the time on the clinic wall clock of its zone', () => {
    const m = renderReminder({ ...details, clinic: { ...details.clinic, timezone: 'America/New_York' } }, 'en', 'sms');
    assert.match(m.text, /on Tue, Jan 12 at 2:30 AM \(Eastern Time\)/);
  });
});

describe('invite message', () => {
  it('names the clinic, the inviter and the role, with the link and its expiry, in both languages', () => {
    const invite = {
      clinic: { name: 'Smile Dental', timezone: 'Asia/Riyadh' },
      inviterName: 'Sara Haddad',
      role: 'RECEPTIONIST' as const,
      link: 'https://app.example/en/accept-invite?token=abc',
      expiresAt: '2027-01-15T09:00:00.000Z',
    };
    const en = renderInvite(invite, 'en');
    assert.equal(en.subject, 'You are invited to join Smile Dental');
    assert.match(en.text, /Sara Haddad has invited you to join Smile Dental as Receptionist\./);
    assert.match(en.text, /https:\/\/app\.example\/en\/accept-invite\?token=abc/);
    assert.match(en.text, /until Friday, January 15, 2027 at 12:00 PM/);
    assert.match(en.html!, /<a href="https:\/\/app\.example\/en\/accept-invite\?token=abc">/);
    const ar = renderInvite(invite, 'ar');
    assert.match(plain(ar.text), /دعاك Sara Haddad للانضمام إلى Smile Dental بصفة موظف استقبال\./);
  });
});
