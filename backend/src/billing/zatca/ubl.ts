import { addAmounts, currencyExponent } from '@dental/shared';
import { Decimal } from 'decimal.js';
import {
  buyerIdScheme,
  type BuyerParty,
  type DocumentLine,
  type DocumentTotalsView,
  HEALTHCARE_EXEMPTION,
  sellerName,
  type SellerParty,
} from '../documents.js';
import { formatQrTimestamp } from './qr.js';
import { hashOfCanonical, NS } from './hash.js';

/**
 * ZATCA's UBL 2.1 XML of a simplified tax invoice (388) or credit note (381), as its integration phase
 * wants them (XML Implementation Standard v1.1): UUID, invoice counter (ICV), previous invoice hash
 * (PIH), QR, and a cac:Signature placeholder where the phase-2 stamp will go.
 *
 * The text is written in canonical form (no self-closing tags, C14N escaping, one attribute at most),
 * and the parts the hash leaves out (QR reference, signature, future UBLExtensions) are glued in without
 * whitespace of their own: the hash of the document is then the SHA-256 of the same text without them,
 * which `hashOfCanonical` computes without parsing. Tests compare it with the parse-and-canonicalise
 * oracle (`invoiceHash`).
 */
export interface UblDocumentInput {
  kind: 'invoice' | 'credit_note';
  /** The document's number (BT-1). */
  number: string;
  /** KSA-1: the document's id. */
  uuid: string;
  issuedAt: Date;
  /** KSA-16: the document's place in the clinic's chain, from 1. */
  icv: number;
  /** KSA-13: the previous document's hash. */
  previousHash: string;
  currency: string;
  seller: SellerParty;
  buyer: BuyerParty;
  lines: DocumentLine[];
  totals: DocumentTotalsView;
  /** Credit notes: the invoice's number (BR-KSA-56) and the reason (BR-KSA-17). */
  billingReference?: string;
  reason?: string;
  /** Base64 phase-1 QR, carried in the XML as well (KSA-14). */
  qr: string;
}

export interface UblDocument {
  xml: string;
  /** Base64 SHA-256 of the canonical document without QR and signature: the next document's PIH. */
  hash: string;
}

type XmlNode = { name: string; attribute?: [string, string]; text?: string; children?: XmlNode[] };
type Child = XmlNode | null | undefined | false | '';

const el = (name: string, content: Child[] | string, attribute?: [string, string]): XmlNode =>
  typeof content === 'string'
    ? { name, text: content, attribute }
    : { name, children: content.filter((c): c is XmlNode => Boolean(c)), attribute };

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
const escapeAttribute = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#x9;')
    .replace(/\n/g, '&#xA;')
    .replace(/\r/g, '&#xD;');

function render(node: XmlNode, depth: number): string {
  const pad = '  '.repeat(depth);
  const attribute = node.attribute ? ` ${node.attribute[0]}="${escapeAttribute(node.attribute[1])}"` : '';
  if (node.text !== undefined) return `${pad}<${node.name}${attribute}>${escapeText(node.text)}</${node.name}>`;
  if (!node.children?.length) return `${pad}<${node.name}${attribute}></${node.name}>`;
  return `${pad}<${node.name}${attribute}>\n${node.children.map((c) => render(c, depth + 1)).join('\n')}\n${pad}</${node.name}>`;
}

const taxScheme = () => el('cac:TaxScheme', [el('cbc:ID', 'VAT')]);
const percent = (rate: string) => new Decimal(rate).toFixed(2);

export function buildUblDocument(input: UblDocumentInput): UblDocument {
  const digits = currencyExponent(input.currency);
  const amount = (name: string, value: string) => el(name, new Decimal(value).toFixed(digits), ['currencyID', input.currency]);
  const iso = formatQrTimestamp(input.issuedAt);

  const head: XmlNode[] = [
    el('cbc:ProfileID', 'reporting:1.0'),
    el('cbc:ID', input.number),
    el('cbc:UUID', input.uuid),
    el('cbc:IssueDate', iso.slice(0, 10)),
    el('cbc:IssueTime', iso.slice(11)),
    // 02: simplified (B2C); no third-party, nominal, export, summary or self-billed flags.
    el('cbc:InvoiceTypeCode', input.kind === 'invoice' ? '388' : '381', ['name', '0200000']),
    el('cbc:DocumentCurrencyCode', input.currency),
    el('cbc:TaxCurrencyCode', input.currency),
  ];
  if (input.kind === 'credit_note') {
    head.push(el('cac:BillingReference', [el('cac:InvoiceDocumentReference', [el('cbc:ID', input.billingReference ?? '')])]));
  }
  head.push(
    el('cac:AdditionalDocumentReference', [el('cbc:ID', 'ICV'), el('cbc:UUID', String(input.icv))]),
    el('cac:AdditionalDocumentReference', [
      el('cbc:ID', 'PIH'),
      el('cac:Attachment', [el('cbc:EmbeddedDocumentBinaryObject', input.previousHash, ['mimeCode', 'text/plain'])]),
    ]),
  );
  const qrReference = el('cac:AdditionalDocumentReference', [
    el('cbc:ID', 'QR'),
    el('cac:Attachment', [el('cbc:EmbeddedDocumentBinaryObject', input.qr, ['mimeCode', 'text/plain'])]),
  ]);
  const signature = el('cac:Signature', [
    el('cbc:ID', 'urn:oasis:names:specification:ubl:signature:Invoice'),
    el('cbc:SignatureMethod', 'urn:oasis:names:specification:ubl:dsig:enveloped:xades'),
  ]);

  const tail = [
    supplierParty(input.seller),
    customerParty(input.buyer),
    el('cac:PaymentMeans', [
      el('cbc:PaymentMeansCode', '1'), // instrument not defined: payments come after issue
      input.kind === 'credit_note' && el('cbc:InstructionNote', input.reason ?? ''),
    ]),
    el('cac:TaxTotal', [amount('cbc:TaxAmount', input.totals.vatTotal)]),
    el('cac:TaxTotal', [amount('cbc:TaxAmount', input.totals.vatTotal), ...taxSubtotals(input.lines, input.currency, amount)]),
    el('cac:LegalMonetaryTotal', [
      amount('cbc:LineExtensionAmount', input.totals.subtotal),
      amount('cbc:TaxExclusiveAmount', input.totals.subtotal),
      amount('cbc:TaxInclusiveAmount', input.totals.total),
      amount('cbc:PrepaidAmount', '0'),
      amount('cbc:PayableAmount', input.totals.total),
    ]),
    ...input.lines.map((line, index) =>
      el('cac:InvoiceLine', [
        el('cbc:ID', String(index + 1)),
        el('cbc:InvoicedQuantity', line.quantity.toFixed(6), ['unitCode', 'PCE']),
        amount('cbc:LineExtensionAmount', line.netAmount),
        el('cac:TaxTotal', [amount('cbc:TaxAmount', line.vatAmount), amount('cbc:RoundingAmount', line.total)]),
        el('cac:Item', [
          el('cbc:Name', line.description),
          el('cac:ClassifiedTaxCategory', [el('cbc:ID', line.vatCategory), el('cbc:Percent', percent(line.vatRate)), taxScheme()]),
        ]),
        el('cac:Price', [amount('cbc:PriceAmount', line.unitPrice)]),
      ]),
    ),
  ];

  const open = `<Invoice xmlns="${NS.invoice}" xmlns:cac="${NS.cac}" xmlns:cbc="${NS.cbc}" xmlns:ext="${NS.ext}">`;
  const headText = head.map((n) => render(n, 1)).join('\n');
  const tailText = tail.map((n) => render(n, 1)).join('\n');
  const canonicalStripped = `${open}\n${headText}\n${tailText}\n</Invoice>`;
  const glued = render(qrReference, 1).trimStart() + render(signature, 1).trimStart();
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n${open}\n${headText}${glued}\n${tailText}\n</Invoice>\n`;
  return { xml, hash: hashOfCanonical(canonicalStripped) };
}

function supplierParty(seller: SellerParty): XmlNode {
  const a = seller.address;
  return el('cac:AccountingSupplierParty', [
    el('cac:Party', [
      seller.commercialRegistration && el('cac:PartyIdentification', [el('cbc:ID', seller.commercialRegistration, ['schemeID', 'CRN'])]),
      el('cac:PostalAddress', [
        a && el('cbc:StreetName', a.street),
        a && el('cbc:BuildingNumber', a.buildingNumber),
        a?.additionalNumber && el('cbc:PlotIdentification', a.additionalNumber),
        a && el('cbc:CitySubdivisionName', a.district),
        a && el('cbc:CityName', a.city),
        a && el('cbc:PostalZone', a.postalCode),
        el('cac:Country', [el('cbc:IdentificationCode', seller.country)]),
      ]),
      el('cac:PartyTaxScheme', [el('cbc:CompanyID', seller.vatNumber), taxScheme()]),
      el('cac:PartyLegalEntity', [el('cbc:RegistrationName', sellerName(seller))]),
    ]),
  ]);
}

function customerParty(buyer: BuyerParty): XmlNode {
  const scheme = buyerIdScheme(buyer);
  return el('cac:AccountingCustomerParty', [
    el('cac:Party', [
      scheme && el('cac:PartyIdentification', [el('cbc:ID', buyer.nationalId!, ['schemeID', scheme])]),
      el('cac:PartyLegalEntity', [el('cbc:RegistrationName', buyer.name)]),
    ]),
  ]);
}

/** One subtotal per VAT category and rate. Its VAT is the sum of its lines' (rounded) VAT, as the totals are. */
function taxSubtotals(lines: DocumentLine[], currency: string, amount: (name: string, value: string) => XmlNode): XmlNode[] {
  const groups = new Map<string, { line: DocumentLine; taxable: string; vat: string }>();
  for (const line of lines) {
    const key = `${line.vatCategory}|${percent(line.vatRate)}`;
    const group = groups.get(key) ?? { line, taxable: '0', vat: '0' };
    groups.set(key, {
      line: group.line,
      taxable: addAmounts(currency, group.taxable, line.netAmount),
      vat: addAmounts(currency, group.vat, line.vatAmount),
    });
  }
  return [...groups.values()].map(({ line, taxable, vat }) =>
    el('cac:TaxSubtotal', [
      amount('cbc:TaxableAmount', taxable),
      amount('cbc:TaxAmount', vat),
      el('cac:TaxCategory', [
        el('cbc:ID', line.vatCategory),
        el('cbc:Percent', percent(line.vatRate)),
        line.vatExemptionCode && el('cbc:TaxExemptionReasonCode', line.vatExemptionCode),
        line.vatExemptionCode === HEALTHCARE_EXEMPTION.code && el('cbc:TaxExemptionReason', HEALTHCARE_EXEMPTION.en),
        taxScheme(),
      ]),
    ]),
  );
}
