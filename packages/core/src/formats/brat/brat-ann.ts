import type { AttributeValue } from '../../model/annotation.js';
import { anchorsOf, BRAT_LINES, type BratLink, parseLink } from './brat-links.js';

/** The attribute of a discontinuous entity's span holding its fragments as brat wrote them (`0 5;10 15`). */
export const BRAT_FRAGMENTS = 'brat_fragments';

/**
 * The brat standoff format (brat's documentation, "Standoff format"): a document's text in `<doc>.txt`
 * and its annotations in `<doc>.ann`, one per line, tab-separated: `T1<TAB>Person 0 15<TAB>Peter Blackburn`
 * (a text-bound entity; a discontinuous one `0 5;10 15`), `A1<TAB>Negated T1` and `A2<TAB>Level T1 High`
 * (attributes; `M` lines the older modifiers), `#1<TAB>AnnotatorNotes T1<TAB>text`; relations (`R`),
 * events (`E`), normalizations (`N`) and equivalences (`*`) are kept verbatim on an entity they name
 * (brat-links.ts). Offsets count Unicode code points (brat is Python), not UTF-16 units.
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
  /** Lines kept on an entity (`brat_lines`: relations, events, …), by kind letter. */
  kept: Map<string, number>;
  /** Lines that are none of brat's kinds, or point at no entity: 1-based line and why. */
  bad: { line: number; reason: string }[];
}

/** A text-bound annotation line: id, type, fragments, text. */
const ENTITY = /^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t?(.*)$/;
/** An attribute or modifier line: id, name, target, optional value. */
const ATTRIBUTE = /^([AM]\d+)\t(\S+) (\S+)(?: (\S+))?\s*$/;
/** An annotator's note: id, kind, target, note. */
const NOTE = /^(#\d+)\t(\S+) (\S+)\t?(.*)$/;

/** An entity's attribute from an A/M line or its note from an AnnotatorNotes line; false when the line is not one. */
function onEntity(text: string, entities: Map<string, BratEntity>): boolean {
  const a = ATTRIBUTE.exec(text);
  const n = a ? null : NOTE.exec(text);
  const target = entities.get((a ?? n)?.[3] ?? '');
  if (target === undefined) return false;
  if (a) target.attributes[a[2]!] = a[4] ?? true;
  else if (n![2] === 'AnnotatorNotes') target.attributes.note = n![4]!;
  else return false;
  return true;
}

/** The annotations of an .ann file's text. */
export function parseAnn(raw: string): BratAnn {
  const entities = new Map<string, BratEntity>();
  const kept = new Map<string, number>();
  const bad: BratAnn['bad'] = [];
  const lines = raw.replace(/^\uFEFF/, '').split(/\r?\n/);
  const later: [number, string][] = [];
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    const e = ENTITY.exec(text);
    if (!e) {
      later.push([i + 1, text]);
      return;
    }
    const fragments = e[3]!.split(';').map((f) => f.split(' ').map(Number) as [number, number]);
    if (fragments.some(([s, t]) => t < s)) bad.push({ line: i + 1, reason: `${e[1]} ends before it starts` });
    else {
      const entity: BratEntity = {
        id: e[1]!,
        type: e[2]!,
        fragments,
        text: e[4]!,
        attributes: {},
        line: i + 1,
      };
      // A discontinuous entity's fragments, as brat wrote them, for the way back.
      if (fragments.length > 1) entity.attributes[BRAT_FRAGMENTS] = e[3]!;
      entities.set(e[1]!, entity);
    }
  });
  // Attributes, notes, relations and events may come before the entities they name.
  const links: [number, BratLink][] = [];
  for (const [line, text] of later) {
    if (onEntity(text, entities)) continue;
    const link = parseLink(text);
    if (link) links.push([line, link]);
    else if (ATTRIBUTE.test(text) || NOTE.test(text)) {
      const m = (ATTRIBUTE.exec(text) ?? NOTE.exec(text))!;
      bad.push({ line, reason: `${m[1]} names ${m[3]}, which is not an entity of the file` });
    } else bad.push({ line, reason: `"${text.slice(0, 80)}" is not a brat annotation line` });
  }
  const anchors = anchorsOf(
    links.map(([, l]) => l),
    (id) => entities.has(id),
  );
  links.forEach(([line, link], i) => {
    const target = entities.get(anchors[i] ?? '');
    if (target === undefined) {
      bad.push({
        line,
        reason: `${link.id} names ${link.refs.join(', ')}, not entities of the file (nor events or relations on them)`,
      });
      return;
    }
    const before = target.attributes[BRAT_LINES];
    target.attributes[BRAT_LINES] = before === undefined ? link.text : `${before}\n${link.text}`;
    kept.set(link.kind, (kept.get(link.kind) ?? 0) + 1);
  });
  return { entities: [...entities.values()], kept, bad };
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
