/**
 * Entity spans from BIO/IOB2 (and IOBES) tags, in two readings:
 * - `conlleval`: chunks as conlleval.pl (CoNLL-2000) and seqeval's default mode find them. A chunk starts
 *   at `B-`, at `I-` after `O` or after a different type, and ends before `O`, `B-` or a change of type; so
 *   `O I-PER` is a PER span and `B-PER I-LOC` is two spans.
 * - `iob2`: seqeval's strict IOB2 mode. A span is `B-X` followed by any `I-X`; an `I-` that does not
 *   continue a span of its type belongs to no span.
 * - `ioe2`, `iobes`, `bilou`: seqeval's strict modes of those schemes. A span is `I-X… E-X` (IOE2),
 *   `B-X I-X… E-X` or `S-X` (IOBES), `B-X I-X… L-X` or `U-X` (BILOU); a run that is not closed by its
 *   end tag belongs to no span, and reading starts again at the tag that broke it (seqeval's
 *   tests/test_scheme.py: `B-PER S-PER` → PER 1–2, `B-PER I-PER` → none, `I-PER E-ORG` (IOE2) → ORG 1–2).
 * A tag is `PREFIX-TYPE` (split at the first `-`, so `B-creative-work` has type `creative-work`) or a bare
 * prefix such as `O`.
 */
export type SpanScheme = 'conlleval' | 'iob2' | 'ioe2' | 'iobes' | 'bilou';

export interface Span {
  type: string;
  /** First token (index in the tag list plus `offset`). */
  start: number;
  /** One past the last token. */
  end: number;
}

function split(tag: string): [prefix: string, type: string] {
  const dash = tag.indexOf('-');
  return dash < 0 ? [tag, ''] : [tag.slice(0, dash), tag.slice(dash + 1)];
}

function endsChunk(prev: string, tag: string, prevType: string, type: string): boolean {
  if (prev === 'E' || prev === 'S') return true;
  if ((prev === 'B' || prev === 'I') && (tag === 'B' || tag === 'S' || tag === 'O')) return true;
  return prev !== 'O' && prev !== '.' && prevType !== type;
}

function startsChunk(prev: string, tag: string, prevType: string, type: string): boolean {
  if (tag === 'B' || tag === 'S') return true;
  if ((prev === 'E' || prev === 'S' || prev === 'O') && (tag === 'E' || tag === 'I')) return true;
  return tag !== 'O' && tag !== '.' && prevType !== type;
}

function conllevalSpans(tags: readonly string[], offset: number): Span[] {
  const spans: Span[] = [];
  let prev = 'O';
  let prevType = '';
  let begin = 0;
  for (let i = 0; i <= tags.length; i++) {
    const [tag, type] = i < tags.length ? split(tags[i]!) : ['O', ''];
    if (endsChunk(prev, tag, prevType, type))
      spans.push({ type: prevType, start: begin + offset, end: i + offset });
    if (startsChunk(prev, tag, prevType, type)) begin = i;
    prev = tag;
    prevType = type;
  }
  return spans;
}

function iob2Spans(tags: readonly string[], offset: number): Span[] {
  const spans: Span[] = [];
  let open: Span | undefined;
  for (let i = 0; i <= tags.length; i++) {
    const [tag, type] = i < tags.length ? split(tags[i]!) : ['O', ''];
    if (open && tag === 'I' && type === open.type) {
      open.end = i + offset + 1;
      continue;
    }
    if (open) spans.push(open);
    open = tag === 'B' ? { type, start: i + offset, end: i + offset + 1 } : undefined;
  }
  return spans;
}

/** Strict reading of an end-closed scheme: begin (or, for IOE2, inside) tags, insides, one end tag. */
function closedSpans(tags: readonly string[], offset: number, scheme: 'ioe2' | 'iobes' | 'bilou'): Span[] {
  const [begin, end, single] =
    scheme === 'bilou' ? ['B', 'L', 'U'] : scheme === 'iobes' ? ['B', 'E', 'S'] : ['I', 'E', ''];
  const spans: Span[] = [];
  let i = 0;
  while (i < tags.length) {
    const [tag, type] = split(tags[i]!);
    if (tag === single) {
      spans.push({ type, start: i + offset, end: i + offset + 1 });
      i++;
      continue;
    }
    if (tag !== begin && !(scheme === 'ioe2' && tag === end)) {
      i++;
      continue;
    }
    let j = tag === end ? i : i + 1;
    if (tag !== end) while (j < tags.length && tags[j] === `I-${type}`) j++;
    if (j < tags.length && tags[j] === `${end}-${type}`) {
      spans.push({ type, start: i + offset, end: j + offset + 1 });
      i = j + 1;
    } else i = j > i + 1 || scheme === 'ioe2' ? j : i + 1;
  }
  return spans;
}

/** The spans of one sentence's tags; `offset` is added to token indices (to number a whole corpus). */
export function spansFromTags(tags: readonly string[], scheme: SpanScheme = 'conlleval', offset = 0): Span[] {
  if (scheme === 'conlleval') return conllevalSpans(tags, offset);
  if (scheme === 'iob2') return iob2Spans(tags, offset);
  return closedSpans(tags, offset, scheme);
}
