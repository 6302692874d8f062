import { type CheckIssue, wants } from '../check-types.js';

/** Case, whitespace and Unicode compatibility forms folded: NFKC, lower case, runs of spaces as one. */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** `empty_text`: an empty or whitespace-only text. */
export function emptyTextIssue(s: { id: number; key: string; text: string }, out: CheckIssue[]): void {
  if (s.text.trim() !== '') return;
  out.push({
    sampleId: s.id,
    type: 'empty_text',
    severity: 'error',
    score: 1,
    reason: `${s.key}: the text is ${s.text === '' ? 'empty' : 'whitespace only'}`,
  });
}

/** `invalid_tag_sequence`: an I- tag that no B- (or I-) of its type opens (IOB2/BIOES tags only). */
export function tagSequenceIssues(
  s: { id: number; key: string; tags?: readonly string[] },
  out: CheckIssue[],
): void {
  if (!s.tags) return;
  let prev = 'O';
  s.tags.forEach((tag, i) => {
    if (tag.startsWith('I-') && prev.slice(2) !== tag.slice(2)) {
      out.push({
        sampleId: s.id,
        type: 'invalid_tag_sequence',
        severity: 'warning',
        score: 0.7,
        reason: `${s.key}: token ${i + 1} is ${tag} after ${prev}, with no B-${tag.slice(2)} opening it`,
        details: { token: i, tag, previous: prev },
      });
    }
    prev = tag;
  });
}

/** A span annotation as the span checks read it. */
export interface CheckedSpan {
  id: number;
  label?: string;
  span: { start: number; end: number; tokenStart?: number; tokenEnd?: number };
}

const WORD = /[\p{L}\p{N}]/u;

/**
 * One text's spans: `overlapping_spans` (swept in start order against the span reaching furthest so
 * far, one issue per span overlapping it) and `span_boundary` (a span that begins or ends with
 * whitespace, or, when not given by tokens, cuts a word).
 */
export function spanIssues(
  s: { id: number; key: string; text: string },
  list: readonly CheckedSpan[],
  only: ReadonlySet<string> | undefined,
  out: CheckIssue[],
): void {
  const { key } = s;
  const sorted = [...list].sort((a, b) => a.span.start - b.span.start);
  let reach = sorted[0];
  for (let i = 1; i < sorted.length && wants(only, 'overlapping_spans'); i++) {
    const a = reach!;
    const b = sorted[i]!;
    if (b.span.start < a.span.end)
      out.push({
        sampleId: s.id,
        annotationId: b.id,
        type: 'overlapping_spans',
        severity: 'warning',
        score: 0.8,
        reason: `${key}: "${s.text.slice(b.span.start, b.span.end)}" (${b.label}) overlaps "${s.text.slice(a.span.start, a.span.end)}" (${a.label})`,
        details: { spans: [a.span, b.span] },
      });
    if (b.span.end > a.span.end) reach = b;
  }
  if (!wants(only, 'span_boundary')) return;
  for (const a of sorted) {
    const { start, end, tokenStart } = a.span;
    const piece = s.text.slice(start, end);
    const edgeSpace = /^\s|\s$/u.test(piece);
    const cuts =
      tokenStart === undefined &&
      ((start > 0 && WORD.test(s.text[start - 1] ?? '') && WORD.test(s.text[start] ?? '')) ||
        (end < s.text.length && WORD.test(s.text[end - 1] ?? '') && WORD.test(s.text[end] ?? '')));
    if (edgeSpace || cuts)
      out.push({
        sampleId: s.id,
        annotationId: a.id,
        type: 'span_boundary',
        severity: 'warning',
        score: 0.6,
        reason: `${key}: the ${a.label} span "${piece}" ${edgeSpace ? 'begins or ends with whitespace' : 'cuts a word'}`,
        details: { span: a.span },
      });
  }
}
