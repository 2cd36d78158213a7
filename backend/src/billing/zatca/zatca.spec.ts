import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import type { DocumentLine, SellerParty } from '../documents.js';
import { FIRST_PREVIOUS_HASH, invoiceHash } from './hash.js';
import { decodeTlv, encodeTlv, formatQrTimestamp, phase1Qr } from './qr.js';
import { buildUblDocument, type UblDocumentInput } from './ubl.js';

describe('ZATCA phase-1 QR', () => {
  // Vectors quoted from ZATCA's QR guide (1) and public ZATCA SDK ports' tests (2, 3).
  const vectors: [string, Parameters<typeof phase1Qr>[0], string][] = [
    [
      'the QR guide example',
      {
        sellerName: 'Bobs Records',
        vatNumber: '310122393500003',
        timestamp: '2022-04-25T15:30:00Z',
        totalWithVat: '1000.00',
        vatTotal: '150.00',
      },
      'AQxCb2JzIFJlY29yZHMCDzMxMDEyMjM5MzUwMDAwMwMUMjAyMi0wNC0yNVQxNTozMDowMFoEBzEwMDAuMDAFBjE1MC4wMA==',
    ],
    [
      'an Arabic seller (length counts UTF-8 bytes)',
      {
        sellerName: 'الجواهري العربي',
        vatNumber: '310122393500003',
        timestamp: '2022-04-25T15:30:00Z',
        totalWithVat: '1000.00',
        vatTotal: '150.00',
      },
      'AR3Yp9mE2KzZiNin2YfYsdmKINin2YTYudix2KjZigIPMzEwMTIyMzkzNTAwMDAzAxQyMDIyLTA0LTI1VDE1OjMwOjAwWgQHMTAwMC4wMAUGMTUwLjAw',
    ],
    [
      'a short VAT number',
      { sellerName: 'Salla', vatNumber: '1234567891', timestamp: '2021-07-12T14:25:09Z', totalWithVat: '100.00', vatTotal: '15.00' },
      'AQVTYWxsYQIKMTIzNDU2Nzg5MQMUMjAyMS0wNy0xMlQxNDoyNTowOVoEBjEwMC4wMAUFMTUuMDA=',
    ],
  ];
  for (const [label, fields, expected] of vectors) {
    it(`encodes ${label} byte for byte`, () => {
      assert.equal(phase1Qr(fields), expected);
      assert.deepEqual(
        decodeTlv(expected).map((f) => f.value),
        [fields.sellerName, fields.vatNumber, fields.timestamp, fields.totalWithVat, fields.vatTotal],
      );
    });
  }

  it('refuses a value whose length does not fit one byte, and a truncated payload', () => {
    assert.throws(() => encodeTlv([{ tag: 1, value: 'x'.repeat(256) }]), /one byte/);
    assert.equal(encodeTlv([{ tag: 1, value: 'x'.repeat(255) }]).length, 257);
    assert.throws(() => decodeTlv(Buffer.from([1, 5, 65]).toString('base64')), /truncated/);
  });

  it('writes the time to the second in UTC', () => {
    assert.equal(formatQrTimestamp(new Date('2026-11-02T06:00:00.789Z')), '2026-11-02T06:00:00Z');
  });
});

describe('ZATCA UBL XML and invoice hash', () => {
  const seller: SellerParty = {
    legalNameEn: 'Smile & Co "Dental"',
    legalNameAr: 'عيادة الابتسامة <لطب> الأسنان',
    vatNumber: '310122393500003',
    commercialRegistration: '1010010000',
    address: {
      street: 'King Fahd Road',
      buildingNumber: '1234',
      additionalNumber: '5678',
      district: 'Al Olaya',
      city: 'Riyadh',
      postalCode: '12211',
    },
    country: 'SA',
  };
  const line = (overrides: Partial<DocumentLine>): DocumentLine => ({
    description: 'Scaling',
    descriptionAr: null,
    quantity: 1,
    unitPrice: '250.00',
    vatCategory: 'Z',
    vatExemptionCode: 'VATEX-SA-HEA',
    vatRate: '0.00',
    netAmount: '250.00',
    vatAmount: '0.00',
    total: '250.00',
    ...overrides,
  });
  const invoice: UblDocumentInput = {
    kind: 'invoice',
    number: 'INV-000001',
    uuid: '019a4c1e-0000-7000-8000-000000000001',
    issuedAt: new Date('2026-11-02T06:00:00Z'),
    icv: 1,
    previousHash: FIRST_PREVIOUS_HASH,
    currency: 'SAR',
    seller,
    buyer: { name: 'محمد عبدالله', nationality: 'SA', nationalId: '1000000008' },
    lines: [
      line({}),
      line({
        description: 'Toothbrush',
        unitPrice: '199.99',
        vatCategory: 'S',
        vatExemptionCode: null,
        vatRate: '15.00',
        netAmount: '199.99',
        vatAmount: '30.00',
        total: '229.99',
      }),
    ],
    totals: { subtotal: '449.99', vatTotal: '30.00', total: '479.99' },
    qr: 'AQ==',
  };

  it('is the Base64 of the hexadecimal text of SHA-256("0") for the first document (not of the digest)', () => {
    const hex = createHash('sha256').update('0').digest('hex');
    assert.equal(FIRST_PREVIOUS_HASH, Buffer.from(hex, 'utf8').toString('base64'));
  });

  it("hashes what ZATCA's canonicalisation hashes: the builder's fast hash equals parse + C14N without QR and signature", () => {
    const built = buildUblDocument(invoice);
    assert.equal(built.hash, invoiceHash(built.xml));
    assert.equal(Buffer.from(built.hash, 'base64').length, 32);
    // The QR is left out of the hash: another QR, same hash.
    assert.equal(buildUblDocument({ ...invoice, qr: 'AQVTYWxsYQ==' }).hash, built.hash);
    // Everything else counts.
    assert.notEqual(buildUblDocument({ ...invoice, number: 'INV-000002' }).hash, built.hash);
  });

  it('carries the counter, the previous hash, the exemption code and the buyer national ID', () => {
    const { xml } = buildUblDocument(invoice);
    assert.match(xml, /<cbc:InvoiceTypeCode name="0200000">388<\/cbc:InvoiceTypeCode>/);
    assert.match(xml, /<cbc:IssueDate>2026-11-02<\/cbc:IssueDate>\s*<cbc:IssueTime>06:00:00Z<\/cbc:IssueTime>/);
    assert.match(xml, /<cbc:ID>ICV<\/cbc:ID>\s*<cbc:UUID>1<\/cbc:UUID>/);
    assert.ok(
      xml.includes(`<cbc:EmbeddedDocumentBinaryObject mimeCode="text/plain">${FIRST_PREVIOUS_HASH}</cbc:EmbeddedDocumentBinaryObject>`),
    );
    assert.match(
      xml,
      /<cbc:TaxExemptionReasonCode>VATEX-SA-HEA<\/cbc:TaxExemptionReasonCode>\s*<cbc:TaxExemptionReason>Private healthcare to citizen</,
    );
    assert.match(xml, /<cbc:ID schemeID="NAT">1000000008<\/cbc:ID>/);
    assert.match(xml, /<cbc:RegistrationName>عيادة الابتسامة &lt;لطب&gt; الأسنان<\/cbc:RegistrationName>/);
    assert.match(xml, /<cbc:TaxInclusiveAmount currencyID="SAR">479.99<\/cbc:TaxInclusiveAmount>/);
  });

  it('chains a credit note to the invoice before it, referencing the invoice and giving the reason', () => {
    const first = buildUblDocument(invoice);
    const note = buildUblDocument({
      ...invoice,
      kind: 'credit_note',
      number: 'CN-000001',
      uuid: '019a4c1e-0000-7000-8000-000000000002',
      icv: 2,
      previousHash: first.hash,
      lines: [line({})],
      totals: { subtotal: '250.00', vatTotal: '0.00', total: '250.00' },
      billingReference: 'INV-000001',
      reason: 'Service not performed',
    });
    assert.equal(note.hash, invoiceHash(note.xml));
    assert.match(note.xml, /<cbc:InvoiceTypeCode name="0200000">381<\/cbc:InvoiceTypeCode>/);
    assert.match(note.xml, /<cac:BillingReference>\s*<cac:InvoiceDocumentReference>\s*<cbc:ID>INV-000001<\/cbc:ID>/);
    assert.match(note.xml, /<cbc:InstructionNote>Service not performed<\/cbc:InstructionNote>/);
    assert.ok(note.xml.includes(first.hash));
  });
});
