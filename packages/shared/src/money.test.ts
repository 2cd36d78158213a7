import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { currencyExponent, formatMoney, parseAmountInput } from './money.js';

describe('money', () => {
  it('knows each currency minor unit', () => {
    assert.deepEqual(
      ['SAR', 'KWD', 'JPY', 'USD'].map((c) => currencyExponent(c)),
      [2, 3, 0, 2],
    );
  });

  it('formats decimal strings without passing through a float', () => {
    const plain = (text: string) => text.replace(/\s/g, ' ');
    assert.equal(plain(formatMoney('1150', 'SAR', 'en')), 'SAR 1,150.00');
    assert.equal(formatMoney('90071992547409.99', 'USD', 'en'), '$90,071,992,547,409.99');
    assert.equal(plain(formatMoney('0.125', 'KWD', 'en')), 'KWD 0.125');
    assert.match(formatMoney('1150', 'SAR', 'ar'), /1,150\.00.*ر\.س/);
  });

  const inputs: [string, string | null][] = [
    ['1800', '1800'],
    ['1,800', '1800'],
    ['1,800.50', '1800.50'],
    [' 12.5 ', '12.5'],
    ['١٨٠٠', '1800'],
    ['١٬٨٠٠٫٥٠', '1800.50'],
    ['۱۸۰۰', '1800'],
    ['1 800', '1800'],
    ['18,00', null],
    ['1,80', null],
    ['-5', null],
    ['1.2345', null],
    ['abc', null],
    ['', null],
    ['1e3', null],
  ];
  for (const [typed, expected] of inputs) {
    it(`reads "${typed}" as ${String(expected)}`, () => assert.equal(parseAmountInput(typed), expected));
  }
});
