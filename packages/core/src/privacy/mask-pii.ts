import type { PiiKind } from './pii-kinds.js';

const maskAlnum = (s: string): string => s.replace(/[\p{L}\p{N}]/gu, '*');

/** Masks all but the last `keep` digits (separators stay, so the shape is visible). */
function maskDigits(value: string, keep: number): string {
  let seen = 0;
  const total = value.replace(/\D/g, '').length;
  return value.replace(/\d/g, (d) => (++seen > total - keep ? d : '*'));
}

/**
 * A value as every output shows it: never the value itself. E-mail: first character of the local part
 * and the top-level domain (`j***@***.com`); phone: the last 2 digits; card: the last 4 (as receipts
 * print them); resident registration and passport numbers: nothing but separators and the passport's
 * first letter (its type, M/S/R/G/D).
 */
export function maskPii(kind: PiiKind, value: string): string {
  switch (kind) {
    case 'email': {
      const tld = value.slice(value.lastIndexOf('.'));
      return `${value.slice(0, 1)}***@***${tld}`;
    }
    case 'phone':
      return maskDigits(value, 2);
    case 'card':
      return maskDigits(value, 4);
    case 'passport':
      return value.slice(0, 1) + maskAlnum(value.slice(1));
    case 'rrn':
      return maskDigits(value, 0);
  }
}
