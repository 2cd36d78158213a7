import type { ReportColumn } from './report-export.js';

/** The columns of each report's CSV and XLSX file, with their headings in English and Arabic. */

const label = (en: string, ar: string): ReportColumn => ({ key: 'label', heading: { en, ar }, kind: 'text' });
const count = (key: string, en: string, ar: string): ReportColumn => ({ key, heading: { en, ar }, kind: 'integer' });
const percent = (key: string, en: string, ar: string): ReportColumn => ({ key, heading: { en, ar }, kind: 'percent' });

export const GROUP_HEADINGS: Record<string, ReportColumn> = {
  day: label('Day', 'اليوم'),
  week: label('Week', 'الأسبوع'),
  month: label('Month', 'الشهر'),
  dentist: label('Dentist', 'الطبيب'),
  service: label('Service', 'الخدمة'),
  room: label('Room', 'الغرفة'),
  patient: label('Patient', 'المريض'),
};

export const APPOINTMENT_COLUMNS: readonly ReportColumn[] = [
  count('total', 'Appointments', 'المواعيد'),
  count('scheduled', 'Scheduled', 'مجدول'),
  count('confirmed', 'Confirmed', 'مؤكد'),
  count('checkedIn', 'Checked in', 'تم تسجيل الوصول'),
  count('inProgress', 'In progress', 'قيد التنفيذ'),
  count('completed', 'Completed', 'مكتمل'),
  count('cancelled', 'Cancelled', 'ملغى'),
  count('noShow', 'No-show', 'لم يحضر'),
  count('lateCancellations', 'Late cancellations (< 24 h)', 'إلغاء متأخر (أقل من 24 ساعة)'),
  percent('noShowRate', 'No-show rate (%)', 'نسبة عدم الحضور (%)'),
  percent('cancellationRate', 'Cancellation rate (%)', 'نسبة الإلغاء (%)'),
  count('newPatients', 'New patients', 'مرضى جدد'),
  count('returningPatients', 'Returning patients', 'مرضى عائدون'),
];

export const UTILIZATION_COLUMNS: readonly ReportColumn[] = [
  count('availableMinutes', 'Available minutes', 'الدقائق المتاحة'),
  count('bookedMinutes', 'Booked minutes', 'الدقائق المحجوزة'),
  percent('utilization', 'Utilisation (%)', 'نسبة الإشغال (%)'),
];

const money = (key: string, en: string, ar: string): ReportColumn => ({ key, heading: { en, ar }, kind: 'money' });

export const REVENUE_COLUMNS: readonly ReportColumn[] = [
  money('invoiced', 'Invoiced (net of credit notes)', 'المفوتر (بعد الإشعارات الدائنة)'),
  money('vat', 'VAT', 'ضريبة القيمة المضافة'),
  money('collected', 'Collected', 'المحصّل'),
  money('refunded', 'Refunded', 'المسترد'),
];

export const RECEIVABLES_COLUMNS: readonly ReportColumn[] = [
  money('current', 'Current', 'غير مستحق بعد'),
  money('days1to30', '1-30 days', '1-30 يومًا'),
  money('days31to60', '31-60 days', '31-60 يومًا'),
  money('days61to90', '61-90 days', '61-90 يومًا'),
  money('over90', 'Over 90 days', 'أكثر من 90 يومًا'),
  money('total', 'Outstanding', 'الرصيد المستحق'),
];
