import { documentTotals } from '@dental/shared';
import type { ClinicAddress } from '../clinics/clinic-settings.js';

/**
 * What an issued invoice or credit note says, as its PDF and e-invoice XML print it. The seller and
 * buyer are snapshots taken at issue: renaming the clinic or the patient later changes no issued document.
 */
export interface SellerParty {
  legalNameEn: string | null;
  legalNameAr: string | null;
  vatNumber: string;
  commercialRegistration: string | null;
  address: ClinicAddress | null;
  /** ISO 3166 country of the clinic. */
  country: string;
}

export interface BuyerParty {
  name: string;
  nationality: string | null;
  nationalId: string | null;
}

export type VatCategory = 'S' | 'Z';

export interface DocumentLine {
  description: string;
  descriptionAr: string | null;
  quantity: number;
  unitPrice: string;
  vatCategory: VatCategory;
  vatExemptionCode: string | null;
  /** Percent */
  vatRate: string;
  netAmount: string;
  vatAmount: string;
  total: string;
}

export interface DocumentTotalsView {
  subtotal: string;
  vatTotal: string;
  total: string;
}

/** The seller's name ZATCA's QR and XML carry: the registered Arabic name, else the English one. */
export const sellerName = (seller: SellerParty): string => seller.legalNameAr ?? seller.legalNameEn ?? '';

/** ZATCA's scheme for the buyer's id (BT-46-1): NAT for a Saudi national ID, IQA for an Iqama, PAS otherwise. */
export function buyerIdScheme(buyer: BuyerParty): 'NAT' | 'IQA' | 'PAS' | null {
  if (!buyer.nationalId) return null;
  if (buyer.nationality === 'SA' && /^1\d{9}$/.test(buyer.nationalId)) return 'NAT';
  if (/^2\d{9}$/.test(buyer.nationalId)) return 'IQA';
  return 'PAS';
}

/** Zero-rated private healthcare to Saudi citizens, whose VAT the state bears (ZATCA VATEX-SA-HEA). */
export const HEALTHCARE_EXEMPTION = {
  code: 'VATEX-SA-HEA',
  /** The XML's reason text, exactly as ZATCA's code list has it. */
  en: 'Private healthcare to citizen',
  ar: 'الخدمات الصحية الخاصة للمواطنين',
} as const;

/** Subtotal, VAT total and total: the sums of the lines (shared invoice arithmetic). */
export const totalsOf = (lines: readonly DocumentLine[], currency: string): DocumentTotalsView =>
  documentTotals(
    lines.map((line) => ({ net: line.netAmount, vat: line.vatAmount, total: line.total })),
    currency,
  );
