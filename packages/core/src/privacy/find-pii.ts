import { foreignerCheckDigit, luhnValid, rrnCheckDigit } from './check-digits.js';
import { maskPii } from './mask-pii.js';
import type { PiiKind, PiiMatch } from './pii-kinds.js';

type Found = Omit<PiiMatch, 'masked'>;
type Finder = (text: string) => Found[];

/** File extensions that follow an `@` in names like `icon@2x.png`: not an e-mail domain. */
const FILE_TLDS = new Set(
  'png jpg jpeg gif webp bmp tif tiff heic avif svg json txt xml csv tsv yaml yml zip pdf mp4 mov'.split(' '),
);
const EMAIL = /(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@(?:[A-Za-z0-9-]+\.)+([A-Za-z]{2,24})(?![\w-])/g;

const findEmails: Finder = (text) =>
  [...text.matchAll(EMAIL)]
    .filter((m) => !FILE_TLDS.has(m[1]!.toLowerCase()))
    .map((m) => ({ kind: 'email', start: m.index, end: m.index + m[0].length, severity: 'error', note: '' }));

/** 2-digit year, month, day, hyphen, gender digit, 6 digits; the century follows from the gender digit. */
const RRN = /(?<!\d)(\d{2})(\d{2})(\d{2})(-?)([0-9])(\d{6})(?!\d)/g;
const CENTURY = [1800, 1900, 1900, 2000, 2000, 1900, 1900, 2000, 2000, 1800] as const;

/** A real calendar day, not in the future. */
function realDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day && d.getTime() <= Date.now();
}

/**
 * Korean resident registration numbers (and foreigner registration numbers, gender digit 5-8):
 * `YYMMDD-GNNNNNN` with a real date. The check digit decides how sure: numbers issued since
 * 2020-10-05 carry random digits after G, so a hyphenated number with a real date and a failing check
 * digit is still reported, as a warning; 13 digits without the hyphen need the check digit to hold
 * (else any 13-digit id or timestamp that starts like a date would be flagged).
 */
const findRrns: Finder = (text) => {
  const out: Found[] = [];
  for (const m of text.matchAll(RRN)) {
    const [, yy, mm, dd, hyphen, g, rest] = m;
    const gender = Number(g);
    if (!realDate(CENTURY[gender]! + Number(yy), Number(mm), Number(dd))) continue;
    const digits = `${yy}${mm}${dd}${g}${rest}`;
    const foreigner = gender >= 5 && gender <= 8;
    const check = foreigner ? foreignerCheckDigit(digits) : rrnCheckDigit(digits);
    const holds = check === Number(digits[12]);
    if (!holds && hyphen === '') continue;
    const what = foreigner ? 'foreigner registration number' : 'resident registration number';
    out.push({
      kind: 'rrn',
      start: m.index,
      end: m.index + m[0].length,
      severity: holds ? 'error' : 'warning',
      note: holds
        ? `${what}, check digit holds`
        : `${what} shape with a real date; the check digit does not hold (numbers issued since October 2020 have none)`,
    });
  }
  return out;
};

/** Card brands by issuer prefix and length (ISO/IEC 7812 IIN ranges as the brands publish them). */
function cardBrand(d: string): string | undefined {
  const p2 = Number(d.slice(0, 2));
  const p3 = Number(d.slice(0, 3));
  const p4 = Number(d.slice(0, 4));
  const n = d.length;
  if (d[0] === '4' && (n === 13 || n === 16 || n === 19)) return 'Visa';
  if (((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) && n === 16) return 'Mastercard';
  if ((p2 === 34 || p2 === 37) && n === 15) return 'American Express';
  if ((p4 === 6011 || (p3 >= 644 && p3 <= 649) || p2 === 65) && n >= 16) return 'Discover';
  if (p4 >= 3528 && p4 <= 3589 && n >= 16) return 'JCB';
  if (((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39) && n >= 14) return 'Diners Club';
  if (p2 === 62 && n >= 16) return 'UnionPay';
  return undefined;
}

/** 13-19 digits, optionally grouped by single spaces or hyphens. */
const CARD = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d])/g;

const findCards: Finder = (text) => {
  const out: Found[] = [];
  for (const m of text.matchAll(CARD)) {
    const digits = m[0].replace(/\D/g, '');
    const brand = cardBrand(digits);
    if (brand === undefined || !luhnValid(digits)) continue;
    out.push({
      kind: 'card',
      start: m.index,
      end: m.index + m[0].length,
      severity: 'error',
      note: `${brand} number, Luhn check digit holds`,
    });
  }
  return out;
};

/**
 * Korean passports: a type letter (M multiple, S single, R residence, G official, D diplomatic) and 8
 * digits, or since December 2021 3 digits, a letter and 4 digits; any country's after the word
 * "passport" or 여권.
 */
const PASSPORT_KR = /(?<![A-Za-z0-9])[MSRGD](?:\d{8}|\d{3}[A-Z]\d{4})(?![A-Za-z0-9])/g;
const PASSPORT_WORD =
  /(?:passport|여권)(?:\s*(?:no\.?|number|num|#|번호))?\s*[:：#]?\s*([A-Z0-9]*\d[A-Z0-9]*)(?![A-Za-z0-9])/gi;

const findPassports: Finder = (text) => {
  const out: Found[] = [];
  for (const m of text.matchAll(PASSPORT_KR))
    out.push({
      kind: 'passport',
      start: m.index,
      end: m.index + m[0].length,
      severity: 'warning',
      note: 'Korean passport number format',
    });
  for (const m of text.matchAll(PASSPORT_WORD)) {
    const value = m[1]!;
    if (value.length < 6 || value.length > 9) continue;
    const start = m.index + m[0].length - value.length;
    out.push({
      kind: 'passport',
      start,
      end: start + value.length,
      severity: 'error',
      note: 'after "passport"',
    });
  }
  return out;
};

/** Korean mobile numbers (010, 011, 016-019), domestic or after +82 (which drops the leading 0). */
const PHONE_KR_MOBILE = /(?<![\d+])(?:\+82[-. ]?(?:\(0\))?|0)1[016789][-. ]?\d{3,4}[-. ]?\d{4}(?!\d)/g;
/** Korean area-code numbers (02 Seoul, 031-064): separators required, as bare digit runs are ambiguous. */
const PHONE_KR_AREA = /(?<![\d+])(?:\+82[-. ]?|\(?0)(?:2|[3-6][1-5])\)?[-. ]?\d{3,4}[-. ]\d{4}(?!\d)/g;
/** International numbers in E.164 shape: +, a country code and 7-14 more digits, grouped freely. */
const PHONE_INTL = /(?<![\w+])\+[1-9]\d{0,2}(?:[-. ]?\(?\d{1,4}\)?){2,6}(?!\d)/g;

const findPhones: Finder = (text) => {
  const out: Found[] = [];
  for (const [re, note] of [
    [PHONE_KR_MOBILE, 'Korean mobile number'],
    [PHONE_KR_AREA, 'Korean landline number'],
  ] as const)
    for (const m of text.matchAll(re))
      out.push({ kind: 'phone', start: m.index, end: m.index + m[0].length, severity: 'error', note });
  for (const m of text.matchAll(PHONE_INTL)) {
    const digits = m[0].replace(/\D/g, '').length;
    if (digits < 8 || digits > 15) continue;
    out.push({
      kind: 'phone',
      start: m.index,
      end: m.index + m[0].length,
      severity: 'error',
      note: 'international number (E.164)',
    });
  }
  return out;
};

/** Earlier finders win a span both claim (an e-mail's digits are not a phone number). */
const FINDERS: readonly Finder[] = [findEmails, findRrns, findCards, findPassports, findPhones];

/**
 * Personal data in one string: e-mail addresses, phone numbers (Korean and international), Korean
 * resident registration numbers (check digit), passport numbers, card numbers (Luhn), in text order.
 * Each match carries its span and a masked value; the value itself is never returned. Pure.
 */
export function findPii(text: string, kinds?: ReadonlySet<PiiKind>): PiiMatch[] {
  const taken: Found[] = [];
  for (const finder of FINDERS)
    for (const f of finder(text)) {
      if (kinds && !kinds.has(f.kind)) continue;
      if (taken.some((t) => f.start < t.end && t.start < f.end)) continue;
      taken.push(f);
    }
  return taken
    .sort((a, b) => a.start - b.start)
    .map((f) => ({ ...f, masked: maskPii(f.kind, text.slice(f.start, f.end)) }));
}
