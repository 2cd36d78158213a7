import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addAmounts, compareAmounts, documentTotals, lineAmounts, subtractAmounts, vatOf } from './invoice-math.js';

describe('invoice math', () => {
  // [label, quantity, unit price, VAT %, currency, expected net, VAT, total]
  const lines: [string, number, string, string, string, string, string, string][] = [
    ['a plain line', 1, '115', '15', 'SAR', '115.00', '17.25', '132.25'],
    ['33.33 at 15 %: 4.9995 rounds up', 1, '33.33', '15', 'SAR', '33.33', '5.00', '38.33'],
    ['0.105 rounds half up (a float gives 0.10)', 1, '0.70', '15', 'SAR', '0.70', '0.11', '0.81'],
    ['0.195 rounds half up', 1, '1.30', '15', 'SAR', '1.30', '0.20', '1.50'],
    ['0.0045 rounds down', 1, '0.03', '15', 'SAR', '0.03', '0.00', '0.03'],
    ['0.0049 rounds down', 1, '0.98', '0.5', 'SAR', '0.98', '0.00', '0.98'],
    ['0.005 exactly rounds up', 1, '0.10', '5', 'SAR', '0.10', '0.01', '0.11'],
    ['zero-rated', 3, '250', '0', 'SAR', '750.00', '0.00', '750.00'],
    ['quantity multiplies before rounding', 3, '33.33', '15', 'SAR', '99.99', '15.00', '114.99'],
    ['zero-decimal currency: 33.3 rounds down', 1, '333', '10', 'JPY', '333', '33', '366'],
    ['zero-decimal currency: 0.5 rounds up', 1, '5', '10', 'JPY', '5', '1', '6'],
    ['three-decimal currency', 1, '0.333', '15', 'KWD', '0.333', '0.050', '0.383'],
    ['a fractional rate', 2, '100', '2.5', 'SAR', '200.00', '5.00', '205.00'],
    ['large amounts stay exact', 7, '12345678901.23', '15', 'SAR', '86419752308.61', '12962962846.29', '99382715154.90'],
  ];
  for (const [label, quantity, unitPrice, vatRate, currency, net, vat, total] of lines) {
    it(`prices ${label}`, () => {
      assert.deepEqual(lineAmounts({ quantity, unitPrice, vatRate }, currency), { net, vat, total });
    });
  }

  it('sums three lines of 33.33 line by line: VAT 15.00, not 14.9985 rounded once', () => {
    const line = lineAmounts({ quantity: 1, unitPrice: '33.33', vatRate: '15' }, 'SAR');
    assert.deepEqual(documentTotals([line, line, line], 'SAR'), { subtotal: '99.99', vatTotal: '15.00', total: '114.99' });
  });

  it('keeps total = subtotal + VAT total for mixed categories', () => {
    const items = [
      lineAmounts({ quantity: 1, unitPrice: '199.99', vatRate: '15' }, 'SAR'),
      lineAmounts({ quantity: 2, unitPrice: '350', vatRate: '0' }, 'SAR'),
      lineAmounts({ quantity: 1, unitPrice: '0.70', vatRate: '15' }, 'SAR'),
    ];
    const totals = documentTotals(items, 'SAR');
    assert.deepEqual(totals, { subtotal: '900.69', vatTotal: '30.11', total: '930.80' });
    assert.equal(addAmounts('SAR', totals.subtotal, totals.vatTotal), totals.total);
  });

  it('has no lines: everything zero', () => {
    assert.deepEqual(documentTotals([], 'KWD'), { subtotal: '0.000', vatTotal: '0.000', total: '0.000' });
  });

  it('adds, subtracts and compares decimal strings exactly', () => {
    assert.equal(addAmounts('SAR', '0.1', '0.2'), '0.30');
    assert.equal(subtractAmounts('SAR', '115.00', '100', '15.01'), '-0.01');
    assert.equal(compareAmounts('0.30', '0.3'), 0);
    assert.equal(compareAmounts('100.01', '100'), 1);
    assert.equal(vatOf('99.99', '15', 'SAR'), '15.00');
  });
});
