/**
 * Saudi tax and identity numbers, checked the same way by the API and the web app's forms.
 *
 * VAT registration number (ZATCA BR-KSA-40): 15 digits, the first and the last "3".
 * National ID (citizens, first digit 1) and Iqama (residents, first digit 2): 10 digits whose last is
 * a Luhn check digit.
 */
export const isValidSaudiVatNumber = (vatNumber: string): boolean => /^3\d{13}3$/.test(vatNumber);

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export const isValidSaudiNationalId = (id: string): boolean => /^1\d{9}$/.test(id) && luhnValid(id);
export const isValidIqamaNumber = (id: string): boolean => /^2\d{9}$/.test(id) && luhnValid(id);

/**
 * Why a patient's identity number cannot be right, or undefined: a Saudi's must be a national ID (and a
 * national ID is a Saudi's), a 10-digit number starting with 2 must be a valid Iqama, anything else (a
 * passport) 5-20 letters and digits.
 */
export function identityNumberProblem(id: string, nationality: string | null | undefined): string | undefined {
  if (nationality === 'SA') return isValidSaudiNationalId(id) ? undefined : 'Must be a Saudi national ID (10 digits starting with 1)';
  if (/^1\d{9}$/.test(id)) {
    if (nationality) return 'A national ID starting with 1 is a Saudi citizen’s; check the nationality';
    return isValidSaudiNationalId(id) ? undefined : 'Not a valid national ID (check the digits)';
  }
  if (/^2\d{9}$/.test(id)) return isValidIqamaNumber(id) ? undefined : 'Not a valid Iqama number (check the digits)';
  return /^[A-Za-z0-9]{5,20}$/.test(id) ? undefined : 'Must be a national ID, Iqama or passport number (5-20 letters and digits)';
}
