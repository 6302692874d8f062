import type { Span } from '../../agree/bio-spans.js';
import { isTag } from './conll-scheme.js';

/**
 * Where a CoNLL-U file (ten columns, `ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC`) keeps its
 * entities when no column holds tags: under a key of MISC, a BIO tag a word (`NER=B-per`: the Slovenian
 * SSJ treebank, CLASSLA and Stanza output; `name=B-GPE_LOC`: NorNE), or CorefUD's brackets (`Entity=(3-person-…`
 * … `Entity=3)`: GUM, the CorefUD treebanks). No key: a treebank without entities (read as texts).
 */
export interface ConlluMisc {
  key?: string;
  /** The key's values are CorefUD brackets, not BIO tags. */
  brackets?: true;
}

/** MISC keys that may hold entities. */
const ENTITY_KEYS = /^(ner|ne|name|namedentity|entity)$/i;
/** A CorefUD Entity value: openings `(id-type-…` (closed at once with `)`) and closings `id)`. */
const BRACKETS = /^(\([^()]*\)?|[^()]+\))+$/;
/** At least this share of a key's values must be tags (or brackets) for the key to be taken. */
const VALID = 0.95;
/** MISC column (0-based) of a CoNLL-U line. */
export const MISC = 9;

/** The value of `key` in a MISC cell (`SpaceAfter=No|NER=B-per`), or undefined. */
export function miscValue(cell: string | undefined, key: string): string | undefined {
  if (cell === undefined || cell === '_') return undefined;
  for (const part of cell.split('|')) if (part.startsWith(`${key}=`)) return part.slice(key.length + 1);
  return undefined;
}

/**
 * The MISC cell with `key` set to `value` (in its place, else before the first key that sorts after it,
 * as UD writes them), or taken out when `value` is undefined; `_` when nothing is left.
 */
export function withMiscValue(cell: string, key: string, value: string | undefined): string {
  const parts = cell === '_' || cell === '' ? [] : cell.split('|');
  const at = parts.findIndex((p) => p.startsWith(`${key}=`));
  if (value === undefined) {
    if (at >= 0) parts.splice(at, 1);
  } else if (at >= 0) parts[at] = `${key}=${value}`;
  else {
    const after = parts.findIndex((p) => p.toLowerCase() > key.toLowerCase());
    parts.splice(after < 0 ? parts.length : after, 0, `${key}=${value}`);
  }
  return parts.length === 0 ? '_' : parts.join('|');
}

/** Whether a word has `SpaceAfter=No` in its MISC cell (no space before the next word in the text). */
export const noSpaceAfter = (cell: string | undefined) => miscValue(cell, 'SpaceAfter') === 'No';

/**
 * The MISC key holding the file's entities, from its CoNLL-U word lines (ten cells): the entity key
 * seen most whose values are BIO tags (or, for `Entity`, CorefUD brackets) on 95% of its lines.
 */
export function conlluMisc(rows: readonly string[][]): ConlluMisc {
  const values = new Map<string, string[]>();
  for (const cells of rows)
    for (const part of (cells[MISC] ?? '_').split('|')) {
      const eq = part.indexOf('=');
      const key = part.slice(0, eq);
      if (eq > 0 && ENTITY_KEYS.test(key)) values.set(key, [...(values.get(key) ?? []), part.slice(eq + 1)]);
    }
  const ranked = [...values].sort((a, b) => b[1].length - a[1].length);
  for (const [key, vs] of ranked) {
    const share = (test: (v: string) => boolean) => vs.filter(test).length / vs.length;
    if (share(isTag) >= VALID) return { key };
    if (share((v) => BRACKETS.test(v)) >= VALID) return { key, brackets: true };
  }
  return {};
}

/** One piece of an Entity value: an opening (with its id and type; `single` when it closes at once) or a closing. */
function* pieces(value: string): Generator<{ open: boolean; id: string; type: string; single: boolean }> {
  for (const m of value.matchAll(/\(([^()]*)(\))?|([^()]+)\)/g)) {
    if (m[3] !== undefined) yield { open: false, id: m[3], type: '', single: false };
    else {
      const fields = (m[1] ?? '').split('-');
      yield { open: true, id: fields[0] ?? '', type: fields[1] || 'entity', single: m[2] !== undefined };
    }
  }
}

/**
 * The mentions of a sentence's Entity values (`''` for a word without one): each opening's type is
 * its second field (`(3-person-new-…` is a person); a closing `3)` ends the last open mention of id 3;
 * a mention left open ends with the sentence. Mentions may nest.
 */
export function entitySpans(values: readonly string[]): Span[] {
  const out: Span[] = [];
  const open: { id: string; type: string; start: number }[] = [];
  values.forEach((value, i) => {
    for (const p of pieces(value)) {
      if (p.open && p.single) out.push({ type: p.type, start: i, end: i + 1 });
      else if (p.open) open.push({ id: p.id, type: p.type, start: i });
      else {
        const at = open.findLastIndex((o) => o.id === p.id);
        if (at < 0) continue;
        const [o] = open.splice(at, 1);
        out.push({ type: o!.type, start: o!.start, end: i + 1 });
      }
    }
  });
  for (const o of open) out.push({ type: o.type, start: o.start, end: values.length });
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** Entity values of `n` words holding `spans` (mentions numbered e1, e2 … in order; `''` for none). */
export function entityValues(n: number, spans: readonly Span[]): string[] {
  const values = new Array<string>(n).fill('');
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const closing = new Array<string[]>(n).fill([]).map(() => [] as string[]);
  sorted.forEach((s, k) => {
    if (s.start >= n) return;
    const end = Math.min(s.end, n);
    const id = `e${k + 1}`;
    if (end - s.start <= 1) values[s.start] += `(${id}-${s.type})`;
    else {
      values[s.start] += `(${id}-${s.type}`;
      closing[end - 1]!.unshift(`${id})`);
    }
  });
  return values.map((v, i) => v + closing[i]!.join(''));
}
