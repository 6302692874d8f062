import { type Span, spansFromTags } from '../../agree/bio-spans.js';
import { entitySpans, entityValues } from './conllu-misc.js';

/**
 * Tag schemes a CoNLL file may use (`io`: bare entity types and `O`, a run of one type one entity;
 * `brackets`: OntoNotes' `(TYPE*`, `*`, `*)`, `(TYPE)`; `corefud`: CoNLL-U's `Entity=(3-person-…`, `3)` in
 * MISC, mentions that may nest, `''` on a word without one).
 */
export type TagScheme = 'iob1' | 'iob2' | 'bioes' | 'io' | 'brackets' | 'corefud';

const TAG = /^(O|[BIESLU]-\S.*)$/;

/** A tag Assay reads: `O` or `PREFIX-TYPE` with prefix B, I, E, S (L, U as BILOU). */
export function isTag(tag: string): boolean {
  return TAG.test(tag);
}

/**
 * The file's scheme from its tags: `bioes` when any tag is E-/S-/L-/U-, `iob1` when some chunk opens with
 * I- and no B- opens a chunk after O (IOB1 writes B- only between two chunks of one type), else `iob2`.
 */
export function detectScheme(sentences: readonly (readonly string[])[]): TagScheme {
  let opensWithI = false;
  let bAfterO = false;
  for (const tags of sentences) {
    let prev = 'O';
    for (const tag of tags) {
      const p = tag[0];
      if (p === 'E' || p === 'S' || p === 'L' || p === 'U') return 'bioes';
      if (p === 'I' && (prev === 'O' || prev.slice(2) !== tag.slice(2))) opensWithI = true;
      if (p === 'B' && prev === 'O') bAfterO = true;
      prev = tag;
    }
  }
  return opensWithI && !bAfterO ? 'iob1' : 'iob2';
}

/** The entity spans of a sentence's tags (conlleval's reading, which covers IOB1, IOB2 and BIOES). */
export function tagSpans(tags: readonly string[], scheme?: TagScheme): Span[] {
  if (scheme === 'corefud') return entitySpans(tags);
  if (tags.some((t) => t.includes('*') || /^\(.*\)$/.test(t))) return bracketSpans(tags);
  return spansFromTags(
    // A bare type (IO) is an inside tag: conlleval opens a chunk at the first of a run.
    tags.map((t) => (t === 'O' || isTag(t) ? t.replace(/^L-/, 'E-').replace(/^U-/, 'S-') : `I-${t}`)),
    'conlleval',
  );
}

/** The spans of OntoNotes bracket tags; an unclosed bracket ends with the sentence. */
function bracketSpans(tags: readonly string[]): Span[] {
  const out: Span[] = [];
  let open: { type: string; start: number } | undefined;
  tags.forEach((tag, i) => {
    if (tag.startsWith('(')) {
      if (open) out.push({ ...open, end: i });
      open = { type: tag.slice(1).replace(/[*)]+$/, ''), start: i };
    }
    if (open && tag.endsWith(')')) {
      out.push({ ...open, end: i + 1 });
      open = undefined;
    }
  });
  if (open) out.push({ ...open, end: tags.length });
  return out;
}

/** Tags for `n` tokens holding `spans` (token offsets, not overlapping), in `scheme`. */
export function spansToTags(n: number, spans: readonly Span[], scheme: TagScheme): string[] {
  if (scheme === 'corefud') return entityValues(n, spans);
  const tags = new Array<string>(n).fill(scheme === 'brackets' ? '*' : 'O');
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let prevEnd = -1;
  let prevType = '';
  for (const s of sorted) {
    for (let i = s.start; i < s.end && i < n; i++) {
      const first = i === s.start;
      const last = i === s.end - 1;
      if (scheme === 'brackets')
        tags[i] = first && last ? `(${s.type})` : first ? `(${s.type}*` : last ? '*)' : '*';
      else if (scheme === 'io') tags[i] = s.type;
      else if (scheme === 'bioes')
        tags[i] = `${first && last ? 'S' : first ? 'B' : last ? 'E' : 'I'}-${s.type}`;
      else if (scheme === 'iob2') tags[i] = `${first ? 'B' : 'I'}-${s.type}`;
      else tags[i] = `${first && prevEnd === s.start && prevType === s.type ? 'B' : 'I'}-${s.type}`;
    }
    prevEnd = s.end;
    prevType = s.type;
  }
  return tags;
}
