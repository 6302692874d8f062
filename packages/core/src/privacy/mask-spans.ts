/** A finding's place in a string and the masked form shown there (find-pii.ts, or a stored pii_* issue). */
export interface MaskedSpan {
  /** UTF-16 offsets into the string, end exclusive. */
  start: number;
  end: number;
  masked: string;
}

/** The spans that apply to a string of `length`: in order, inside it, not overlapping an earlier one. */
function usable(spans: readonly MaskedSpan[], length: number): MaskedSpan[] {
  const sorted = spans
    .filter((s) => s.start >= 0 && s.end > s.start && s.start < length)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out: MaskedSpan[] = [];
  for (const s of sorted) if (out.length === 0 || s.start >= out[out.length - 1]!.end) out.push(s);
  return out;
}

/**
 * The string with each span replaced by its masked form: what every output shows in place of a value
 * holding personal data. A span reaching past the end (a text cut for a preview) masks what is there.
 */
export function maskSpans(value: string, spans: readonly MaskedSpan[]): string {
  let out = '';
  let at = 0;
  for (const s of usable(spans, value.length)) {
    out += value.slice(at, s.start) + s.masked;
    at = Math.min(value.length, s.end);
  }
  return out + value.slice(at);
}

/**
 * Where offset `offset` of the string lands once maskSpans has replaced `spans` (a masked e-mail is
 * shorter than the address): annotations' character offsets follow the text they are drawn on. An
 * offset inside a masked piece moves to that piece's start (`side` 'start') or end ('end').
 */
export function maskedOffset(
  spans: readonly MaskedSpan[],
  length: number,
  offset: number,
  side: 'start' | 'end',
): number {
  let shift = 0;
  for (const s of usable(spans, length)) {
    const end = Math.min(length, s.end);
    if (offset <= s.start) break;
    if (offset < end) return s.start + shift + (side === 'start' ? 0 : s.masked.length);
    shift += s.masked.length - (end - s.start);
  }
  return offset + shift;
}
