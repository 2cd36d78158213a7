import os from 'node:os';
import { renderDocumentPdf, type DocumentPdfInput } from '../src/billing/pdf/invoice-pdf.js';
import { phase1Qr } from '../src/billing/zatca/qr.js';
import { fmt, percentile } from './report.js';

/**
 * PDF generation alone, in a lean process (`node pdf-render.js <count>`): a five-line invoice drawn in
 * English and in Arabic, each render awaited to its last byte; prints one JSON line per language.
 */
const COUNT = Number(process.argv[2] ?? 300);
const line = (
  description: string,
  descriptionAr: string,
  quantity: number,
  unitPrice: string,
  vat: string,
  total: string,
  zero = false,
) => ({
  description,
  descriptionAr,
  quantity,
  unitPrice,
  vatCategory: zero ? ('Z' as const) : ('S' as const),
  vatExemptionCode: zero ? 'VATEX-SA-HEA' : null,
  vatRate: zero ? '0.00' : '15.00',
  netAmount: (Number(unitPrice) * quantity).toFixed(2),
  vatAmount: vat,
  total,
});
const invoice = (locale: 'en' | 'ar', n: number): DocumentPdfInput => ({
  kind: 'invoice',
  locale,
  number: `INV-${String(n).padStart(6, '0')}`,
  issuedAt: new Date('2026-11-02T06:00:00Z'),
  dueAt: new Date('2026-11-16T20:59:59Z'),
  timezone: 'Asia/Riyadh',
  currency: 'SAR',
  seller: {
    legalNameEn: 'Al Noor Dental Clinic Co.',
    legalNameAr: 'شركة عيادة النور لطب الأسنان',
    vatNumber: '310122393500003',
    commercialRegistration: '1010123456',
    address: {
      street: 'King Fahd Road',
      buildingNumber: '2934',
      additionalNumber: '7311',
      district: 'Al Olaya',
      city: 'Riyadh',
      postalCode: '12214',
    },
    country: 'SA',
  },
  buyer: { name: 'محمد القحطاني', nationality: 'SA', nationalId: '1000000008' },
  lines: [
    line('Comprehensive oral evaluation', 'فحص شامل للفم والأسنان', 1, '250.00', '0.00', '250.00', true),
    line('Panoramic X-ray', 'أشعة بانورامية', 1, '200.00', '0.00', '200.00', true),
    line('Scaling and polishing (adult)', 'تنظيف الجير والتلميع للبالغين', 1, '350.00', '0.00', '350.00', true),
    line(
      'Root canal treatment, molar (3 canals) incl. temporary filling',
      'علاج عصب ضرس (3 قنوات) شامل الحشوة المؤقتة',
      1,
      '1200.00',
      '0.00',
      '1200.00',
      true,
    ),
    line('Electric toothbrush', 'فرشاة أسنان كهربائية', 1, '199.99', '30.00', '229.99'),
  ],
  totals: { subtotal: '2199.99', vatTotal: '30.00', total: '2229.99' },
  settlement: { amountPaid: '1000.00', creditedAmount: '0.00', balanceDue: '1229.99' },
  notes: null,
  qr: phase1Qr({
    sellerName: 'شركة عيادة النور لطب الأسنان',
    vatNumber: '310122393500003',
    timestamp: '2026-11-02T06:00:00Z',
    totalWithVat: '2229.99',
    vatTotal: '30.00',
  }),
});

for (const locale of ['en', 'ar'] as const) {
  for (let i = 0; i < 20; i++) await renderDocumentPdf(invoice(locale, i)); // warm-up
  const wall: number[] = [];
  const cpu: number[] = [];
  let bytes = 0;
  for (let i = 0; i < COUNT; i++) {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    bytes = (await renderDocumentPdf(invoice(locale, i))).length;
    wall.push(performance.now() - started);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1000);
  }
  const result = {
    locale,
    p50: fmt(percentile(wall, 50)),
    p99: fmt(percentile(wall, 99)),
    cpuP50: fmt(percentile(cpu, 50)),
    cpuP99: fmt(percentile(cpu, 99)),
    bytes,
    load: os.loadavg()[0]!.toFixed(1),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
