import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../common/errors.js';
import { type CreditableLine, type CreditRequest, creditLines } from './credit-lines.js';
import { type CatalogEntry, type LineRequest, priceLines, type VatPolicy } from './invoice-lines.js';
import { displayedStatus, issuedStatus } from './invoice-status.js';
import { buildStatement } from './statement.js';

/** The problem a pure rule throws, as "status type", or undefined when it passes. */
function problem(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return `${error.status} ${error.type}`;
    throw error;
  }
}

describe('invoice status', () => {
  const cases: [string, string, string, string, string][] = [
    // total, credited, paid -> status
    ['nothing paid', '115.00', '0', '0', 'SENT'],
    ['part paid', '115.00', '0', '15.00', 'PARTIALLY_PAID'],
    ['paid to the cent', '115.00', '0', '115.00', 'PAID'],
    ['part credited, rest paid', '115.00', '15.00', '100.00', 'PAID'],
    ['credited after payment (refund due)', '115.00', '50.00', '115.00', 'PAID'],
    ['credited in full', '115.00', '115.00', '0', 'VOID'],
    ['credited in full after payment', '115.00', '115.00', '115.00', 'VOID'],
    ['a free visit', '0.00', '0', '0', 'PAID'],
  ];
  for (const [label, total, credited, paid, expected] of cases) {
    it(`is ${expected} when ${label}`, () => assert.equal(issuedStatus({ currency: 'SAR', total, credited, paid }), expected));
  }

  const now = new Date('2026-11-02T06:00:00Z');
  const overdue: [string, Parameters<typeof displayedStatus>[0], string][] = [
    ['past due with a balance', { status: 'SENT', balanceDue: '10.00', dueAt: new Date('2026-11-01T20:59:59Z') }, 'OVERDUE'],
    ['part paid, past due', { status: 'PARTIALLY_PAID', balanceDue: '10.00', dueAt: new Date('2026-11-02T05:59:59Z') }, 'OVERDUE'],
    ['due this very instant', { status: 'SENT', balanceDue: '10.00', dueAt: now }, 'SENT'],
    ['not yet due', { status: 'SENT', balanceDue: '10.00', dueAt: new Date('2026-11-03T00:00:00Z') }, 'SENT'],
    ['without a due date', { status: 'SENT', balanceDue: '10.00', dueAt: null }, 'SENT'],
    ['paid, past due', { status: 'PAID', balanceDue: '0.00', dueAt: new Date('2026-10-01T00:00:00Z') }, 'PAID'],
    ['void, past due', { status: 'VOID', balanceDue: '-5.00', dueAt: new Date('2026-10-01T00:00:00Z') }, 'VOID'],
    ['a draft past its due date', { status: 'DRAFT', balanceDue: '10.00', dueAt: new Date('2026-10-01T00:00:00Z') }, 'DRAFT'],
  ];
  for (const [label, invoice, expected] of overdue) {
    it(`reads ${expected} when ${label}`, () => assert.equal(displayedStatus(invoice, now), expected));
  }
});

describe('pricing draft lines', () => {
  const services = new Map<string, CatalogEntry>([
    ['scaling', { id: 'scaling', name: 'Scaling', nameAr: 'تنظيف', price: '250.000', currency: 'SAR', active: true }],
    ['retired', { id: 'retired', name: 'Old', nameAr: null, price: '10.000', currency: 'SAR', active: false }],
    ['in-usd', { id: 'in-usd', name: 'Import', nameAr: null, price: '10.000', currency: 'USD', active: true }],
  ]);
  const saudi: VatPolicy = { standardRate: '15', zeroRateCitizens: true, patientNationality: 'SA' };
  const resident: VatPolicy = { standardRate: '15', zeroRateCitizens: true, patientNationality: 'EG' };
  const price = (requests: LineRequest[], policy: VatPolicy = resident) => priceLines(requests, services, policy, 'SAR');

  it("takes a service's name, Arabic name and price, and the clinic's rate", () => {
    const [line] = price([{ serviceId: 'scaling', quantity: 2 }]);
    assert.deepEqual(
      { ...line },
      {
        position: 1,
        serviceId: 'scaling',
        description: 'Scaling',
        descriptionAr: 'تنظيف',
        quantity: 2,
        unitPrice: '250.000',
        vatCategory: 'S',
        vatRate: '15',
        vatExemptionCode: null,
        netAmount: '500.00',
        vatAmount: '75.00',
        total: '575.00',
      },
    );
  });

  it('lets a line override the name and price, and prices free text', () => {
    const [catalog, free] = price([
      { serviceId: 'scaling', quantity: 1, unitPrice: '199.99', description: 'Scaling (discounted)' },
      { description: 'Whitening kit', quantity: 3, unitPrice: '33.33' },
    ]);
    assert.deepEqual([catalog!.description, catalog!.descriptionAr, catalog!.total], ['Scaling (discounted)', null, '229.99']);
    assert.deepEqual([free!.serviceId, free!.netAmount, free!.vatAmount, free!.total], [null, '99.99', '15.00', '114.99']);
  });

  it("zero-rates a Saudi patient's lines when the clinic does, unless a line asks for the standard rate", () => {
    const [auto, standard] = price(
      [
        { serviceId: 'scaling', quantity: 1 },
        { description: 'Toothbrush', quantity: 1, unitPrice: '20', vatCategory: 'S' },
      ],
      saudi,
    );
    assert.deepEqual([auto!.vatCategory, auto!.vatRate, auto!.vatExemptionCode, auto!.total], ['Z', '0', 'VATEX-SA-HEA', '250.00']);
    assert.deepEqual([standard!.vatCategory, standard!.total], ['S', '23.00']);
    const [off] = price([{ serviceId: 'scaling', quantity: 1 }], { ...saudi, zeroRateCitizens: false });
    assert.equal(off!.vatCategory, 'S');
  });

  const refusals: [string, LineRequest[], VatPolicy, string][] = [
    ['an unknown service', [{ serviceId: 'nope', quantity: 1 }], resident, '404 not-found'],
    ['an inactive service', [{ serviceId: 'retired', quantity: 1 }], resident, '422 service-inactive'],
    ['a service in another currency without a price', [{ serviceId: 'in-usd', quantity: 1 }], resident, '422 currency-mismatch'],
    ['a line without service or description', [{ quantity: 1, unitPrice: '5' }], resident, '400 validation-error'],
    ['a price with too many decimals', [{ description: 'x', quantity: 1, unitPrice: '1.005' }], resident, '400 validation-error'],
    [
      'zero rating for a non-Saudi',
      [{ description: 'x', quantity: 1, unitPrice: '5', vatCategory: 'Z' }],
      resident,
      '422 zero-rate-not-allowed',
    ],
    [
      'a line beyond what an invoice holds',
      [{ description: 'x', quantity: 10_000, unitPrice: '99999999.99' }],
      resident,
      '400 validation-error',
    ],
  ];
  for (const [label, requests, policy, expected] of refusals) {
    it(`refuses ${label} (${expected})`, () =>
      assert.equal(
        problem(() => price(requests, policy)),
        expected,
      ));
  }
});

describe('credit note lines', () => {
  const line = (id: string, overrides: Partial<CreditableLine> = {}): CreditableLine => ({
    id,
    description: `Line ${id}`,
    descriptionAr: null,
    quantity: 3,
    unitPrice: '33.33',
    vatCategory: 'S',
    vatExemptionCode: null,
    vatRate: '15',
    netAmount: '99.99',
    vatAmount: '15.00',
    total: '114.99',
    creditedNet: '0',
    creditedVat: '0',
    ...overrides,
  });
  const amounts = (lines: ReturnType<typeof creditLines>) =>
    lines.map((l) => [l.invoiceItemId, l.quantity, l.unitPrice, l.netAmount, l.vatAmount, l.total]);

  it('credits everything left when no lines are named', () => {
    const credited = creditLines([line('a'), line('b', { creditedNet: '33.33', creditedVat: '5.00' })], undefined, 'SAR');
    assert.deepEqual(amounts(credited), [
      ['a', 3, '33.33', '99.99', '15.00', '114.99'],
      ['b', 1, '66.66', '66.66', '10.00', '76.66'],
    ]);
  });

  it('credits units at the line price, and the last unit takes exactly the VAT left', () => {
    const first = creditLines([line('a')], [{ invoiceItemId: 'a', quantity: 1 }], 'SAR');
    assert.deepEqual(amounts(first), [['a', 1, '33.33', '33.33', '5.00', '38.33']]);
    const second = creditLines([line('a', { creditedNet: '33.33', creditedVat: '5.00' })], [{ invoiceItemId: 'a', quantity: 1 }], 'SAR');
    assert.deepEqual(amounts(second), [['a', 1, '33.33', '33.33', '5.00', '38.33']]);
  });

  it('gives the last unit exactly the VAT left, so the line comes back to the cent', () => {
    // 3 x 0.70 at 15 %: VAT 0.315 -> 0.32 on the line, 0.105 -> 0.11 per unit; after two units only 0.10 is left.
    const cheap = line('a', { unitPrice: '0.70', netAmount: '2.10', vatAmount: '0.32', total: '2.42' });
    assert.deepEqual(amounts(creditLines([cheap], [{ invoiceItemId: 'a', quantity: 1 }], 'SAR')), [
      ['a', 1, '0.70', '0.70', '0.11', '0.81'],
    ]);
    const twoDone = { ...cheap, creditedNet: '1.40', creditedVat: '0.22' };
    assert.deepEqual(amounts(creditLines([twoDone], [{ invoiceItemId: 'a', quantity: 1 }], 'SAR')), [
      ['a', 1, '0.70', '0.70', '0.10', '0.80'],
    ]);
  });

  it('credits a net amount (a price correction) with VAT on it', () => {
    assert.deepEqual(amounts(creditLines([line('a')], [{ invoiceItemId: 'a', amount: '10' }], 'SAR')), [
      ['a', 1, '10.00', '10.00', '1.50', '11.50'],
    ]);
  });

  const refusals: [string, CreditableLine[], CreditRequest[] | undefined, string][] = [
    ['a line of another invoice', [line('a')], [{ invoiceItemId: 'x' }], '400 validation-error'],
    [
      'the same line twice',
      [line('a')],
      [
        { invoiceItemId: 'a', quantity: 1 },
        { invoiceItemId: 'a', quantity: 1 },
      ],
      '400 validation-error',
    ],
    [
      'more units than are left',
      [line('a', { creditedNet: '33.33', creditedVat: '5.00' })],
      [{ invoiceItemId: 'a', quantity: 3 }],
      '422 credit-exceeds-line',
    ],
    ['more than the line', [line('a')], [{ invoiceItemId: 'a', amount: '100.00' }], '422 credit-exceeds-line'],
    [
      'a line already credited',
      [line('a', { creditedNet: '99.99', creditedVat: '15.00' })],
      [{ invoiceItemId: 'a' }],
      '422 credit-exceeds-line',
    ],
    ['an invoice already credited', [line('a', { creditedNet: '99.99', creditedVat: '15.00' })], undefined, '422 nothing-to-credit'],
    ['an amount with too many decimals', [line('a')], [{ invoiceItemId: 'a', amount: '1.001' }], '400 validation-error'],
  ];
  for (const [label, lines, requests, expected] of refusals) {
    it(`refuses ${label} (${expected})`, () =>
      assert.equal(
        problem(() => creditLines(lines, requests, 'SAR')),
        expected,
      ));
  }
});

describe('statement', () => {
  const at = (iso: string) => new Date(iso);
  const event = (kind: 'invoice' | 'payment' | 'refund' | 'credit_note', id: string, iso: string, amount: string) => ({
    kind,
    id,
    at: at(iso),
    invoiceId: 'inv',
    invoiceNumber: 'INV-000001',
    reference: null,
    amount,
  });

  it('keeps a running balance: invoices and refunds owe, payments and credit notes settle', () => {
    const { entries, closingBalance } = buildStatement(
      [
        event('payment', 'p1', '2026-11-02T08:00:00Z', '100'),
        event('invoice', 'i1', '2026-11-02T08:00:00Z', '115'),
        event('credit_note', 'c1', '2026-11-03T08:00:00Z', '15'),
        event('refund', 'r1', '2026-11-04T08:00:00Z', '10'),
      ],
      'SAR',
      '20.00',
    );
    assert.deepEqual(
      entries.map((e) => [e.kind, e.debit, e.credit, e.balance]),
      [
        ['invoice', '115.00', '0.00', '135.00'],
        ['payment', '0.00', '100.00', '35.00'],
        ['credit_note', '0.00', '15.00', '20.00'],
        ['refund', '10.00', '0.00', '30.00'],
      ],
    );
    assert.equal(closingBalance, '30.00');
  });
});
