import type { AttributeValue } from '../../model/annotation.js';

/**
 * The brat standoff format (brat's documentation, "Standoff format"): a document's text in `<doc>.txt`
 * and its annotations in `<doc>.ann`, one per line, tab-separated: `T1<TAB>Person 0 15<TAB>Peter Blackburn`
 * (a text-bound entity; a discontinuous one `0 5;10 15`), `A1<TAB>Negated T1` and `A2<TAB>Level T1 High`
 * (attributes; `M` lines the older modifiers), `#1<TAB>AnnotatorNotes T1<TAB>text`; relations (`R`),
 * events (`E`), normalizations (`N`) and equivalences (`*`) are counted, not read. Offsets count Unicode
 * code points (brat is Python), not UTF-16 units.
 */
export interface BratEntity {
  id: string;
  type: string;
  /** The fragments' code point offsets, `[start, end]` each. */
  fragments: [number, number][];
  text: string;
  attributes: Record<string, AttributeValue>;
  /** 1-based line in the .ann file. */
  line: number;
}

export interface BratAnn {
  entities: BratEntity[];
  /** Lines of kinds not read (relations, events, normalizations, equivalences), by kind letter. */
  skipped: Map<string, number>;
  /** Lines that are none of brat's kinds, or point at no entity: 1-based line and why. */
  bad: { line: number; reason: string }[];
}

/** A text-bound annotation line: id, type, fragments, text. */
const ENTITY = /^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t?(.*)$/;
/** An attribute or modifier line: id, name, target, optional value. */
const ATTRIBUTE = /^([AM]\d+)\t(\S+) (\S+)(?: (\S+))?\s*$/;
/** An annotator's note: id, kind, target, note. */
const NOTE = /^(#\d+)\t(\S+) (\S+)\t?(.*)$/;
/** Kinds counted but not read. */
const OTHER = /^([REN*])\d*\t/;

/** The annotations of an .ann file's text. */
export function parseAnn(raw: string): BratAnn {
  const entities = new Map<string, BratEntity>();
  const skipped = new Map<string, number>();
  const bad: BratAnn['bad'] = [];
  const lines = raw.replace(/^\uFEFF/, '').split(/\r?\n/);
  const later: [number, RegExpExecArray, 'attribute' | 'note'][] = [];
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    const e = ENTITY.exec(text);
    if (e) {
      const fragments = e[3]!.split(';').map((f) => f.split(' ').map(Number) as [number, number]);
      if (fragments.some(([s, t]) => t < s))
        bad.push({ line: i + 1, reason: `${e[1]} ends before it starts` });
      else
        entities.set(e[1]!, { id: e[1]!, type: e[2]!, fragments, text: e[4]!, attributes: {}, line: i + 1 });
      return;
    }
    const a = ATTRIBUTE.exec(text);
    const n = a ? null : NOTE.exec(text);
    const o = a || n ? null : OTHER.exec(text);
    if (a) later.push([i + 1, a, 'attribute']);
    else if (n) later.push([i + 1, n, 'note']);
    else if (o) skipped.set(o[1]!, (skipped.get(o[1]!) ?? 0) + 1);
    else bad.push({ line: i + 1, reason: `"${text.slice(0, 80)}" is not a brat annotation line` });
  });
  // Attributes and notes may come before the entity they name.
  for (const [line, m, kind] of later) {
    const target = entities.get(m[3]!);
    if (target === undefined) {
      // On an event or a relation (not read): counted with them; on no annotation at all: a problem.
      if (!/^[EARN]\d/.test(m[3]!))
        bad.push({ line, reason: `${m[1]} names ${m[3]}, which is not an entity of the file` });
      else skipped.set(m[1]![0]!, (skipped.get(m[1]![0]!) ?? 0) + 1);
    } else if (kind === 'attribute') target.attributes[m[2]!] = m[4] ?? true;
    else if (m[2] === 'AnnotatorNotes') target.attributes.note = m[4]!;
  }
  return { entities: [...entities.values()], skipped, bad };
}

/** UTF-16 offsets of a text's code point offsets (`at[cp]`), or undefined when they are the same (no astral characters). */
export function utf16Offsets(text: string): number[] | undefined {
  if (!/[\uD800-\uDBFF]/.test(text)) return undefined;
  const at: number[] = [];
  let u = 0;
  for (const ch of text) {
    at.push(u);
    u += ch.length;
  }
  at.push(u);
  return at;
}

/** The code point offset of UTF-16 offset `u` of `text` (the inverse of utf16Offsets). */
export function codePointOffset(text: string, u: number): number {
  return [...text.slice(0, u)].length;
}

/** A type or attribute name as brat writes it: no whitespace (it separates fields). */
export const bratName = (name: string) => name.trim().replace(/\s+/g, '_') || '_';
