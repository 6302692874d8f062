import { isTag } from './conll-scheme.js';
import { type ConlluMisc, conlluMisc, MISC, miscValue } from './conllu-misc.js';

/**
 * Where a CoNLL file keeps the token and the tag: `{token: 0, tag: 'last'}` for the usual layout (token
 * first, tag last: CoNLL-2003, WNUT); column numbers (0-based) for files that number their tokens
 * (GermEval 2014's `1 Schartau B-PER O`, CoNLL-U-like `ID FORM UPOS NER MISC`) or put columns after the tag
 * (`It O +`, a space-after flag).
 */
export interface ConllColumns {
  token: number;
  tag: number | 'last';
  /**
   * The tags are bare entity types and `O` (the IO scheme: Few-NERD's `person-actor`, GUM's
   * `organization`): a run of tokens of one type is one entity.
   */
  io?: true;
  /**
   * The tags are OntoNotes' brackets (CoNLL-2012's NE column: `(PERSON*`, `*`, `*)`, `(GPE)`), column 11
   * of its `doc part n word POS parse lemma frameset sense speaker NE … coref` lines.
   */
  brackets?: true;
  /**
   * CoNLL-U with no column of tags (`tag` is MISC, column 10): the entities, if any, under a key of MISC
   * (conllu-misc.ts); SpaceAfter=No joins words in the text; multiword tokens and empty nodes kept aside.
   */
  conllu?: ConlluMisc;
}

/** An OntoNotes NE cell: `(TYPE*` opens, `*)` closes, `(TYPE)` is one token, `*` is inside or outside. */
export const BRACKET_TAG = /^(\([^\s()*]+\)|\([^\s()*]+\*\)?|\*\)?)$/;
/** OntoNotes' NE column (0-based) in CoNLL-2012 files. */
const ONTONOTES_NE = 10;

/** At least this share of the token lines must hold a tag in the column taken as the tag. */
const TAGGED = 0.95;
/** Token lines looked at to decide (the head of a large file decides for all of it). */
const LOOK = 2000;
/** A token number (CoNLL-U ID); `1-2` (multiword token) and `1.1` (empty node) are CoNLL-U's others. */
const INDEX = /^\d+$/;
/** CoNLL-U's multiword token (`1-2`) and empty node (`1.1`) lines: not tokens of the sentence. */
export const CONLLU_EXTRA = /^\d+[-.]\d+$/;

/**
 * A token line's cells: tab-separated when it has a tab (trailing spaces, which some CoNLL-2003 copies
 * leave after the tag, dropped), else space-separated.
 */
export function conllCells(line: string): { cells: string[]; sep: '\t' | ' ' } {
  if (line.includes('\t')) return { cells: line.replace(/ +$/, '').split('\t'), sep: '\t' };
  return { cells: line.trim().split(/ +/), sep: ' ' };
}

/** Token lines of a CoNLL text: not blank, not a `#` comment, not `-DOCSTART-`. */
export function isTokenLine(line: string): boolean {
  return line.trim() !== '' && !line.startsWith('#') && !line.startsWith('-DOCSTART-');
}

const share = (rows: readonly string[][], test: (cells: string[]) => boolean) =>
  rows.filter(test).length / rows.length;

/**
 * The file's columns from its token lines, or undefined when no column holds tags. The last column wins
 * when it holds tags and the first column does not number the tokens; otherwise the tag is the first
 * column of tags after a numbered token (GermEval: outer before nested entities), else the last column
 * of tags (a flag column after it).
 */
export function conllColumns(lines: readonly string[]): ConllColumns | undefined {
  const rows = lines
    .filter(isTokenLine)
    .slice(0, LOOK)
    .map((l) => conllCells(l).cells)
    .filter((c) => !CONLLU_EXTRA.test(c[0] ?? ''));
  if (rows.length === 0) return undefined;
  if (
    share(
      rows,
      (c) => c.length > ONTONOTES_NE + 1 && INDEX.test(c[2]!) && BRACKET_TAG.test(c[ONTONOTES_NE]!),
    ) >= TAGGED &&
    rows.some((c) => c[ONTONOTES_NE]?.startsWith('('))
  )
    return { token: 3, tag: ONTONOTES_NE, brackets: true };
  const numbered = share(rows, (c) => c.length >= 3 && INDEX.test(c[0]!)) >= TAGGED;
  const lastTagged = share(rows, (c) => c.length >= 2 && isTag(c[c.length - 1]!)) >= TAGGED;
  if (!numbered && lastTagged) return { token: 0, tag: 'last' };
  const token = numbered ? 1 : 0;
  const width = Math.max(...rows.map((c) => c.length));
  const tagged: number[] = [];
  for (let c = token + 1; c < width; c++)
    if (share(rows, (cells) => isTag(cells[c] ?? '')) >= TAGGED) tagged.push(c);
  const tag = numbered ? tagged[0] : tagged[tagged.length - 1];
  if (tag !== undefined) return { token, tag };
  // The tag first, the token after it (the MIT Movie and Restaurant corpora: `B-Actor<TAB>bruce`).
  if (!numbered && share(rows, (c) => c.length >= 2 && isTag(c[0]!)) >= TAGGED) return { token: 1, tag: 0 };
  if (!numbered && ioColumn(rows)) return { token: 0, tag: 'last', io: true };
  return conlluRows(rows) ? { token: 1, tag: MISC, conllu: conlluMisc(rows) } : undefined;
}

/** Whether the word lines are CoNLL-U's: ten cells, the first a word number. */
const conlluRows = (rows: readonly string[][]) =>
  share(rows, (c) => c.length === 10 && INDEX.test(c[0]!)) >= TAGGED;

/** A bare entity type as IO tags write it: a word of letters, digits, `-`, `_`, `.`, `/` or `:`, starting with a letter. */
const IO_TYPE = /^[A-Za-z][\w./:-]*$/;
/** IO tags: at least this share of the token lines is `O`, and at most this many types. */
const IO_OUTSIDE = 0.3;
const IO_TYPES = 200;

/**
 * Whether the last column holds IO tags: every line two cells or more, its last an entity type or `O`,
 * `O` on many lines (POS and chunk columns have no `O`), few types.
 */
function ioColumn(rows: readonly string[][]): boolean {
  if (share(rows, (c) => c.length >= 2 && IO_TYPE.test(c[c.length - 1]!)) < TAGGED) return false;
  if (share(rows, (c) => c[c.length - 1] === 'O') < IO_OUTSIDE) return false;
  return new Set(rows.map((c) => c[c.length - 1])).size <= IO_TYPES + 1;
}

/** A tag of the layout: a BIO tag, or for IO tags any entity type or `O`. */
export function isLayoutTag(tag: string, layout: ConllColumns): boolean {
  if (layout.brackets) return BRACKET_TAG.test(tag);
  if (layout.conllu) return layout.conllu.brackets === true || isTag(tag);
  return layout.io ? IO_TYPE.test(tag) : isTag(tag);
}

/**
 * The tag of a token line's cells in `layout` (for CoNLL-U, the value under the MISC key: undefined on a
 * word without it, as on every word of a file without entities).
 */
export function layoutTag(cells: readonly string[], layout: ConllColumns): string | undefined {
  if (layout.conllu) {
    const key = layout.conllu.key;
    return key === undefined ? undefined : miscValue(cells[MISC], key);
  }
  if (cells.length < 2) return undefined;
  return cells[layout.tag === 'last' ? cells.length - 1 : layout.tag];
}
