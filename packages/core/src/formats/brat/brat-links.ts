/**
 * brat standoff lines Assay has no annotation kind for: relations (`R1<TAB>Located Arg1:T1 Arg2:T2`),
 * events (`E1<TAB>Binding:T5 Theme:T1 Theme2:E2`), equivalences (`*<TAB>Equiv T1 T2`), normalizations
 * (`N1<TAB>Reference T1 Wikipedia:3708<TAB>Brussels`), attributes, modifiers and notes of events or
 * relations, and notes other than AnnotatorNotes (`#1<TAB>Lemma T3<TAB>walk`). The store holds entity
 * spans only, so each such line is kept verbatim, in the `brat_lines` attribute of the entity it hangs
 * from (a relation's first argument, an event's trigger, …), and written back by the brat export with
 * the ids of that export.
 */

/** The attribute of an entity span holding the standoff lines that hang from it, one a line. */
export const BRAT_LINES = 'brat_lines';

/** One kept line: its kind letter, own id, the ids it names (in order) and its text. */
export interface BratLink {
  kind: string;
  id: string;
  refs: string[];
  text: string;
}

/** Kind letter, number, fields naming ids, and the rest (a note's or a normalization's text) of a line. */
const LINK = /^([REN*AM#])(\d*)\t([^\t]*?)\s*(\t.*)?$/;
/** An annotation id: T/E/R/N/A/M plus a number, `#` plus a number. */
const ID = /^(?:[TERNAM]|#)\d+$/;

/** The ids a line's fields name, by kind; undefined when the fields are not what the kind has. */
function refsOf(kind: string, fields: string[]): string[] | undefined {
  // An event: `Type:Trigger Role:Id …`; a relation: `Type Arg1:Id Arg2:Id`: ids after the colons.
  const afterColon = (f: string) => f.slice(f.indexOf(':') + 1);
  let refs: string[];
  if (kind === 'E') refs = fields.map(afterColon);
  else if (kind === 'R') refs = fields.slice(1).map(afterColon);
  else if (kind === '*') refs = fields.slice(1);
  else refs = fields.slice(1, 2); // N, A, M, #: `Type Target …`
  return refs.length > 0 && refs.every((r) => ID.test(r)) ? refs : undefined;
}

/** A line as a kept link, or undefined when it is not one of the kinds kept or names no id. */
export function parseLink(text: string): BratLink | undefined {
  const m = LINK.exec(text);
  if (!m) return undefined;
  const refs = refsOf(m[1]!, m[3]!.split(' '));
  return refs ? { kind: m[1]!, id: `${m[1]}${m[2]}`, refs, text } : undefined;
}

/**
 * The entity each link hangs from: its first id, followed through events (to their trigger) and
 * relations (to their first argument) until an entity; undefined when that chain ends nowhere.
 */
export function anchorsOf(
  links: readonly BratLink[],
  isEntity: (id: string) => boolean,
): (string | undefined)[] {
  const byId = new Map(links.filter((l) => l.kind !== '*').map((l) => [l.id, l]));
  const anchor = (id: string, seen: Set<string>): string | undefined => {
    if (isEntity(id)) return id;
    const link = byId.get(id);
    if (link === undefined || seen.has(id)) return undefined;
    seen.add(id);
    return anchor(link.refs[0]!, seen);
  };
  return links.map((l) => anchor(l.refs[0]!, new Set()));
}

/** Kinds in the order an export writes them, after the entities and their own attributes. */
const ORDER = ['E', 'R', '*', 'N', 'A', 'M', '#'];
const idNumber = (id: string) => Number(id.replace(/^\D+/, '')) || 0;

/**
 * The kept lines of a document's entities as the export writes them: entity ids through `entityId`
 * (the ids of the export), events and relations under their own ids, attributes, modifiers and notes
 * numbered on from `next`. A line naming something not written (an entity left out, an event whose
 * trigger is gone) is dropped, and counted.
 */
export function writeLinks(
  kept: readonly string[],
  entityId: (id: string) => string | undefined,
  next: { A: number; M: number; '#': number },
): { lines: string[]; dropped: number } {
  const unique = [...new Set(kept)].map(parseLink).filter((l): l is BratLink => l !== undefined);
  let alive = unique;
  // Events may name events: drop until every name is written (events first, then what names them).
  for (;;) {
    const own = new Set(alive.filter((l) => l.kind !== '*').map((l) => l.id));
    const ok = alive.filter((l) => l.refs.every((r) => (r[0] === 'T' ? entityId(r) : own.has(r))));
    if (ok.length === alive.length) break;
    alive = ok;
  }
  alive.sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || idNumber(a.id) - idNumber(b.id));
  const lines = alive.map((l) => {
    const [, fields, rest] = LINK.exec(l.text)!.slice(2);
    const named = fields!
      .split(' ')
      .map((f) => {
        const colon = f.indexOf(':');
        const id = f.slice(colon + 1);
        return id[0] === 'T' && ID.test(id) ? `${f.slice(0, colon + 1)}${entityId(id)}` : f;
      })
      .join(' ');
    const kind = l.kind as 'A' | 'M' | '#';
    const id = kind in next ? `${kind}${++next[kind]}` : l.id;
    return `${id}\t${named}${rest ?? ''}`;
  });
  return { lines, dropped: unique.length - alive.length };
}
