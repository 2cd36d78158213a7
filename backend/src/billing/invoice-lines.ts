import { compareAmounts, lineAmounts } from '@dental/shared';
import { BusinessRuleError, NotFoundError, ValidationError } from '../common/errors.js';
import { amountPrecisionError } from '../common/money.js';
import { type DocumentLine, HEALTHCARE_EXEMPTION, type VatCategory } from './documents.js';

/**
 * The lines of a draft, priced: a catalog line takes the service's name and price unless given, every
 * line gets its VAT category (S at the clinic's rate, or Z for a Saudi patient when the clinic zero-rates
 * citizens' healthcare) and its amounts from the shared invoice arithmetic. Pure: the caller looks up the
 * services and the VAT facts.
 */
export interface LineRequest {
  serviceId?: string;
  description?: string;
  descriptionAr?: string | null;
  quantity: number;
  unitPrice?: string;
  vatCategory?: VatCategory;
}

export interface CatalogEntry {
  id: string;
  name: string;
  nameAr: string | null;
  price: string;
  currency: string;
  active: boolean;
}

export interface VatPolicy {
  /** The clinic's standard rate, percent. */
  standardRate: string;
  zeroRateCitizens: boolean;
  patientNationality: string | null;
}

export interface PricedLine extends DocumentLine {
  position: number;
  serviceId: string | null;
}

/** numeric(14,3) holds at most this much. */
const MAX_AMOUNT = '99999999999';

/** A line's category, rate and exemption code. Zero rating is for Saudi citizens only (VATEX-SA-HEA). */
export function vatTreatment(
  policy: VatPolicy,
  requested: VatCategory | undefined,
  line: number,
): Pick<DocumentLine, 'vatCategory' | 'vatRate' | 'vatExemptionCode'> {
  const citizen = policy.patientNationality === 'SA';
  const category = requested ?? (citizen && policy.zeroRateCitizens ? 'Z' : 'S');
  if (category === 'Z' && !citizen) {
    throw new BusinessRuleError(
      'zero-rate-not-allowed',
      `Line ${line}: only a Saudi citizen's healthcare is zero-rated (VATEX-SA-HEA); record the patient's nationality first.`,
    );
  }
  return category === 'Z'
    ? { vatCategory: 'Z', vatRate: '0', vatExemptionCode: HEALTHCARE_EXEMPTION.code }
    : { vatCategory: 'S', vatRate: policy.standardRate, vatExemptionCode: null };
}

export function priceLines(
  requests: readonly LineRequest[],
  services: ReadonlyMap<string, CatalogEntry>,
  policy: VatPolicy,
  currency: string,
): PricedLine[] {
  return requests.map((request, index) => {
    const path = `items.${index}`;
    const service = request.serviceId === undefined ? undefined : services.get(request.serviceId);
    if (request.serviceId !== undefined && !service) throw new NotFoundError('Service');
    if (service && !service.active)
      throw new BusinessRuleError('service-inactive', `Line ${index + 1}: ${service.name} is no longer offered.`);
    const description = request.description ?? service?.name;
    if (!description) throw new ValidationError([{ path: `${path}.description`, message: 'Required for a line without serviceId' }]);
    if (service && request.unitPrice === undefined && service.currency !== currency) {
      throw new BusinessRuleError(
        'currency-mismatch',
        `Line ${index + 1}: ${service.name} is priced in ${service.currency}; give its price in ${currency}.`,
      );
    }
    const unitPrice = request.unitPrice ?? service!.price;
    const precision = amountPrecisionError(`${path}.unitPrice`, unitPrice, currency);
    if (precision) throw new ValidationError([precision]);
    const vat = vatTreatment(policy, request.vatCategory, index + 1);
    const amounts = lineAmounts({ quantity: request.quantity, unitPrice, vatRate: vat.vatRate }, currency);
    if (compareAmounts(amounts.total, MAX_AMOUNT) > 0) {
      throw new ValidationError([{ path: `${path}.quantity`, message: 'The line amounts to more than an invoice can hold' }]);
    }
    return {
      position: index + 1,
      serviceId: service?.id ?? null,
      description,
      descriptionAr:
        request.descriptionAr === undefined
          ? request.description === undefined
            ? (service?.nameAr ?? null)
            : null
          : request.descriptionAr,
      quantity: request.quantity,
      unitPrice,
      ...vat,
      netAmount: amounts.net,
      vatAmount: amounts.vat,
      total: amounts.total,
    };
  });
}
