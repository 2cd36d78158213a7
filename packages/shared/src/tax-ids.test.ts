import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { identityNumberProblem, isValidIqamaNumber, isValidSaudiNationalId, isValidSaudiVatNumber } from './tax-ids.js';

describe('Saudi tax and identity numbers', () => {
  const vatNumbers: [string, boolean][] = [
    ['310122393500003', true],
    ['300000000000003', true],
    ['310122393500004', false],
    ['210122393500003', false],
    ['31012239350003', false],
    ['3101223935000030', false],
    ['31012239350000a', false],
    [' 310122393500003', false],
  ];
  for (const [number, valid] of vatNumbers) {
    it(`${valid ? 'accepts' : 'refuses'} VAT number "${number}"`, () => assert.equal(isValidSaudiVatNumber(number), valid));
  }

  it('checks the Luhn digit of national IDs and Iqamas', () => {
    assert.equal(isValidSaudiNationalId('1000000008'), true);
    assert.equal(isValidSaudiNationalId('1000000009'), false);
    assert.equal(isValidSaudiNationalId('2000000006'), false, 'an Iqama is not a national ID');
    assert.equal(isValidIqamaNumber('2000000006'), true);
    assert.equal(isValidIqamaNumber('2000000007'), false);
    assert.equal(isValidSaudiNationalId('100000000'), false);
  });

  it('asks Saudis for a national ID, residents for a valid Iqama, others for a passport-like number', () => {
    assert.equal(identityNumberProblem('1000000008', 'SA'), undefined);
    assert.match(identityNumberProblem('2000000006', 'SA')!, /national ID/);
    assert.equal(identityNumberProblem('2000000006', 'EG'), undefined);
    assert.match(identityNumberProblem('1000000008', 'EG')!, /Saudi citizen/);
    assert.equal(identityNumberProblem('1000000008', null), undefined);
    assert.match(identityNumberProblem('2000000007', 'EG')!, /Iqama/);
    assert.equal(identityNumberProblem('A1234567', 'GB'), undefined);
    assert.match(identityNumberProblem('12', null)!, /5-20/);
  });
});
