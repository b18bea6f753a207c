// Check digits that tell a real identifier from a number that merely has the right length.

/** РНОКПП (Tax Code Art. 70): the 10th digit is Σ(dᵢ·wᵢ) mod 11 mod 10 over the first nine. */
export function isValidRnokpp(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  const weights = [-1, 5, 7, 9, 4, 6, 10, 5, 7];
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * weights[i]!;
  return ((sum % 11) + 11) % 11 % 10 === Number(digits[9]);
}

/** Payment card numbers (ISO/IEC 7812): the Luhn check. */
export function isValidLuhn(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** IBAN (ISO 13616): the country code and check digits moved to the end, read as a number, mod 97 = 1. */
export function isValidIban(iban: string): boolean {
  const compact = iban.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(compact)) return false;
  if (compact.startsWith('UA') && compact.length !== 29) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const value = ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

/** The check digit that makes nine digits a valid РНОКПП (for test data). */
export function rnokppCheckDigit(nine: string): number {
  const weights = [-1, 5, 7, 9, 4, 6, 10, 5, 7];
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nine[i]) * weights[i]!;
  return ((sum % 11) + 11) % 11 % 10;
}

/** The Luhn digit that completes a card number (for test data). */
export function luhnCheckDigit(partial: string): number {
  for (let d = 0; d <= 9; d++) if (isValidLuhn(partial + d)) return d;
  throw new Error('unreachable');
}

/** The two IBAN check digits for a country and account part (for test data). */
export function ibanCheckDigits(country: string, bban: string): string {
  const rearranged = bban + country + '00';
  let remainder = 0;
  for (const ch of rearranged.toUpperCase()) {
    const value = ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return String(98 - remainder).padStart(2, '0');
}
