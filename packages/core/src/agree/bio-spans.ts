/**
 * Entity spans from BIO/IOB2 (and IOBES) tags, in two readings:
 * - `conlleval`: chunks as conlleval.pl (CoNLL-2000) and seqeval's default mode find them. A chunk starts
 *   at `B-`, at `I-` after `O` or after a different type, and ends before `O`, `B-` or a change of type; so
 *   `O I-PER` is a PER span and `B-PER I-LOC` is two spans.
 * - `iob2`: seqeval's strict IOB2 mode. A span is `B-X` followed by any `I-X`; an `I-` that does not
 *   continue a span of its type belongs to no span.
 * A tag is `PREFIX-TYPE` (split at the first `-`, so `B-creative-work` has type `creative-work`) or a bare
 * prefix such as `O`.
 */
export type SpanScheme = 'conlleval' | 'iob2';

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

/** The spans of one sentence's tags; `offset` is added to token indices (to number a whole corpus). */
export function spansFromTags(tags: readonly string[], scheme: SpanScheme = 'conlleval', offset = 0): Span[] {
  return scheme === 'conlleval' ? conllevalSpans(tags, offset) : iob2Spans(tags, offset);
}
