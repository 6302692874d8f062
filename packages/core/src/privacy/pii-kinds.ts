/** What the text privacy scan finds; issue types are `pii_<kind>`. */
export type PiiKind = 'email' | 'phone' | 'rrn' | 'passport' | 'card';

export const PII_TEXT_KINDS: readonly PiiKind[] = ['email', 'phone', 'rrn', 'passport', 'card'];

/** One finding in one string: where (UTF-16 offsets, end exclusive), the masked value, and how sure. */
export interface PiiMatch {
  kind: PiiKind;
  start: number;
  end: number;
  /** The value as outputs show it (mask-pii.ts); the value itself is never kept. */
  masked: string;
  /** `error` when the number's check digit holds (or the pattern is unambiguous), else `warning`. */
  severity: 'error' | 'warning';
  /** What was checked ("Luhn check digit holds", "KR mobile"...), for the reason. */
  note: string;
}
