/**
 * Check digits of the numbers the privacy scan looks for. Pure; digits are given as a string of 0-9.
 */

/**
 * The Luhn (mod 10) check, ISO/IEC 7812-1 Annex B: "double the value of every second digit starting
 * from the rightmost digit before the check digit ... the sum of all digits ... shall be a multiple of
 * ten". Card numbers carry it as their last digit.
 */
export function luhnValid(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Weights of the first 12 digits of a Korean resident registration number (주민등록번호). */
const RRN_WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5] as const;

function rrnWeightedSum(digits: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (digits.charCodeAt(i) - 48) * RRN_WEIGHTS[i]!;
  return sum;
}

/**
 * The check digit of a resident registration number as issued until October 2020 (주민등록법 시행규칙,
 * the published rule): multiply the first 12 digits by 2,3,4,5,6,7,8,9,2,3,4,5, sum them, and the 13th
 * digit is (11 − sum mod 11) mod 10. Numbers issued since 2020-10-05 have random digits after the
 * gender digit, so this check holds for them only by chance (see find-pii.ts).
 */
export function rrnCheckDigit(digits: string): number {
  return (11 - (rrnWeightedSum(digits) % 11)) % 10;
}

/**
 * The check digit of a foreigner registration number (외국인등록번호, gender digit 5-8) as widely
 * published: the same weights, and the 13th digit is (13 − sum mod 11) mod 10.
 */
export function foreignerCheckDigit(digits: string): number {
  return (13 - (rrnWeightedSum(digits) % 11)) % 10;
}
