/** The words printed on invoice and credit-note PDFs, in each language the web app speaks. */
export const PDF_LABELS = {
  en: {
    invoiceTitle: 'Simplified Tax Invoice',
    creditNoteTitle: 'Credit Note',
    number: 'No.',
    issuedAt: 'Issue date',
    dueAt: 'Due date',
    vatNumber: 'VAT No.',
    commercialRegistration: 'CR No.',
    patient: 'Patient',
    nationalId: 'ID No.',
    invoiceReference: 'For invoice',
    reason: 'Reason',
    columns: ['Description', 'Qty', 'Unit price', 'VAT %', 'VAT', 'Total'],
    subtotal: 'Total excl. VAT',
    vatTotal: 'VAT',
    total: 'Total incl. VAT',
    amountPaid: 'Paid',
    creditedAmount: 'Credited',
    balanceDue: 'Balance due',
    zeroRated: 'Lines at 0 % are zero-rated: private healthcare to citizens (VATEX-SA-HEA).',
    notes: 'Notes',
    page: 'Page',
  },
  ar: {
    invoiceTitle: 'فاتورة ضريبية مبسطة',
    creditNoteTitle: 'إشعار دائن',
    number: 'رقم',
    issuedAt: 'تاريخ الإصدار',
    dueAt: 'تاريخ الاستحقاق',
    vatNumber: 'الرقم الضريبي',
    commercialRegistration: 'السجل التجاري',
    patient: 'المريض',
    nationalId: 'رقم الهوية',
    invoiceReference: 'للفاتورة',
    reason: 'السبب',
    columns: ['الوصف', 'الكمية', 'سعر الوحدة', 'نسبة الضريبة', 'مبلغ الضريبة', 'الإجمالي'],
    subtotal: 'الإجمالي غير شامل الضريبة',
    vatTotal: 'ضريبة القيمة المضافة',
    total: 'الإجمالي شامل الضريبة',
    amountPaid: 'المدفوع',
    creditedAmount: 'إشعارات دائنة',
    balanceDue: 'الرصيد المستحق',
    zeroRated: 'البنود بنسبة 0 % خاضعة للنسبة الصفرية: الخدمات الصحية الخاصة للمواطنين (VATEX-SA-HEA).',
    notes: 'ملاحظات',
    page: 'صفحة',
  },
} as const;

export type PdfLocale = keyof typeof PDF_LABELS;

/** Currency names as printed: the riyal's Arabic abbreviation, the ISO code otherwise. */
export const currencyLabel = (currency: string, locale: PdfLocale): string => (locale === 'ar' && currency === 'SAR' ? 'ر.س' : currency);
