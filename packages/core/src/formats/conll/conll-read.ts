import { AssayError } from '../../errors.js';
import { counted } from '../counted.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import { baseName } from '../paths.js';
import { ProblemList } from '../problems.js';
import { readUtf8Text } from '../text-check.js';
import { recordKey, type TextRecord, textDataset } from '../text-records.js';
import {
  CONLLU_EXTRA,
  type ConllColumns,
  conllCells,
  conllColumns,
  isLayoutTag,
  isTokenLine,
  layoutTag,
} from './conll-columns.js';
import { detectScheme, type TagScheme, tagSpans } from './conll-scheme.js';
import { type ConlluMisc, MISC, noSpaceAfter } from './conllu-misc.js';

/** What a CoNLL sentence keeps besides its text and spans, so that it is written back as it was. */
export interface ConllMeta {
  tokens: string[];
  tags: string[];
  /** Columns between the token and the tag (POS, chunk...), per token. */
  middle?: string[][];
  /** Columns before the token (a token number: GermEval, CoNLL-U), per token. */
  lead?: string[][];
  /** Columns after the tag (a space-after flag, CoNLL-U's MISC), per token. */
  trail?: string[][];
  /** Lines before the sentence: comments (`## ...`, `# ...`) and `-DOCSTART-` lines. */
  before?: string[];
  /** Blank lines after the sentence. */
  blank: number;
  /** The file's last sample: lines after its last sentence (OntoNotes' `#end document`, a closing comment). */
  after?: string[];
  /** The tag stands before the token (MIT Movie: `B-Actor<TAB>bruce`); lead and middle are then empty. */
  tagFirst?: true;
  /** CoNLL-U: the MISC key of the entities (none: a treebank without entities); `trail` holds each word's MISC cell. */
  misc?: ConlluMisc;
  /** CoNLL-U: the words (0-based, through the document) with SpaceAfter=No, joined to the next in the text. */
  glued?: number[];
  /** CoNLL-U: multiword-token and empty-node lines, each with the word it stands before (the token count: after the last). */
  extra?: [number, string][];
  /** The column separator: a tab, or one space. */
  sep: '\t' | ' ';
  /** Tokens are joined with this into the text: `''` for one character per line, else a space. */
  joiner: '' | ' ';
  crlf?: boolean;
  scheme: TagScheme;
  /** 1-based document number when the file marks documents with -DOCSTART- (0: sentences before the first). */
  document?: number;
  /**
   * A document sample's sentences, in order: tokens, tags and middle above are the whole document's,
   * the text joins sentences with a line break; each sentence keeps its token count and its own lines.
   */
  sentences?: ConllSentenceLayout[];
}

/** Where one sentence of a document sample lies and what stood around it in the file. */
export interface ConllSentenceLayout {
  tokens: number;
  before?: string[];
  blank: number;
}

interface RawSentence {
  tokens: string[];
  tags: string[];
  middle: string[][];
  lead: string[][];
  trail: string[][];
  before: string[];
  blank: number;
  line: number;
  document: number;
  sep: '\t' | ' ';
  /** CoNLL-U: whether each word has SpaceAfter=No. */
  glued: boolean[];
  /** CoNLL-U: lines kept aside, before word n of the sentence. */
  extra: [number, string][];
}

/** A token line's token, tag and the columns around them, as `layout` places them. */
function splitLine(cells: readonly string[], layout: ConllColumns) {
  const at = layout.tag === 'last' ? cells.length - 1 : layout.tag;
  if (at < layout.token)
    return {
      token: cells[layout.token] ?? '',
      tag: cells[at] ?? '',
      lead: [],
      middle: [],
      trail: cells.slice(layout.token + 1),
    };
  return {
    token: cells[layout.token] ?? '',
    tag: cells.length >= 2 ? (cells[at] ?? '') : '',
    lead: cells.slice(0, layout.token),
    middle: cells.slice(layout.token + 1, at),
    trail: layout.tag === 'last' ? [] : cells.slice(at + 1),
  };
}

/**
 * Refuses a file none of whose columns holds tags (a CoNLL-U treebank without NER, a file of tokens):
 * read, every token would be O and every line a warning.
 */
function noTags(lines: readonly string[], file: string): AssayError {
  const at = lines.findIndex(isTokenLine);
  return new AssayError(
    'INVALID_INPUT',
    `${file} has no column of NER tags (O, B-PER, I-PER …); line ${at + 1} is "${lines[at] ?? ''}".`,
    {
      hint: 'Assay reads named entities as tags in a column (token first, tag last: CoNLL-2003, WNUT; or IO tags, bare types and O). Add the NER tags as a column (for CoNLL-U, after FORM) and import the file again.',
      details: { file, line: at + 1 },
    },
  );
}

/** Sentences of a CoNLL text: blank lines separate them; comments and -DOCSTART- lines go before the next. */
function sentencesOf(
  raw: string,
  file: string,
  problems: ProblemList,
): { sentences: RawSentence[]; layout: ConllColumns; after: string[] } {
  const lines = raw.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  const layout = conllColumns(lines);
  if (layout === undefined) {
    if (lines.some(isTokenLine)) throw noTags(lines, file);
    return { sentences: [], layout: { token: 0, tag: 'last' }, after: [] };
  }
  const where = layout.tag === 'last' ? 'its last column' : `column ${layout.tag + 1}`;
  const misc = layout.conllu;
  let extra = 0;
  const out: RawSentence[] = [];
  let document = 0;
  let current: RawSentence | undefined;
  let before: string[] = [];
  /** CoNLL-U: the word that ends a multiword token with SpaceAfter=No (`3-4 del … SpaceAfter=No`). */
  let glueAt = -1;
  const close = () => {
    if (current) out.push(current);
    current = undefined;
  };
  const sentence = (i: number, sep: '\t' | ' '): RawSentence => {
    if (current) return current;
    const fresh = { tokens: [], tags: [], middle: [], lead: [], trail: [], glued: [], extra: [] };
    current = { ...fresh, before, blank: 0, line: i + 1, document, sep };
    before = [];
    return current;
  };
  lines.forEach((line, i) => {
    if (line.trim() === '') {
      if (current) close();
      const last = out[out.length - 1];
      if (before.length === 0 && last) last.blank++;
      else before.push(line);
      return;
    }
    if (misc && line.startsWith('#')) {
      if (current) current.extra.push([current.tokens.length, line]);
      else before.push(line);
      return;
    }
    // CoNLL-2012 (OntoNotes) document markers end a sentence, blank line or not, and are no tokens.
    if (/^#(begin|end) document\b/.test(line)) {
      close();
      before.push(line);
      return;
    }
    const { cells, sep } = conllCells(line);
    if (cells[0] === '-DOCSTART-') {
      close();
      document++;
      before.push(line);
      return;
    }
    if (layout.token > 0 && CONLLU_EXTRA.test(cells[0] ?? '')) {
      extra++;
      if (misc) {
        const range = /^\d+-(\d+)$/.exec(cells[0]!);
        if (range && noSpaceAfter(cells[MISC])) glueAt = Number(range[1]);
        const s = sentence(i, sep);
        s.extra.push([s.tokens.length, line]);
      }
      return;
    }
    if (misc) {
      const value = layoutTag(cells, layout);
      if (misc.key !== undefined && value !== undefined && !isLayoutTag(value, layout))
        problems.warn(
          file,
          `line ${i + 1}`,
          `"${line}" has ${misc.key}=${value} in MISC, not a BIO tag; read as O`,
        );
      const s = sentence(i, sep);
      s.tokens.push(cells[1] ?? '');
      s.tags.push(
        misc.brackets ? (value ?? '') : value !== undefined && isLayoutTag(value, layout) ? value : 'O',
      );
      s.lead.push(cells.slice(0, 1));
      s.middle.push(cells.slice(2, MISC));
      s.trail.push([cells[MISC] ?? '_']);
      s.glued.push(noSpaceAfter(cells[MISC]) || Number(cells[0]) === glueAt);
      return;
    }
    const { token, tag, lead, middle, trail } = splitLine(cells, layout);
    if (cells.length < 2 || !isLayoutTag(tag, layout)) {
      if (line.startsWith('#') && !current) {
        before.push(line);
        return;
      }
      problems.warn(file, `line ${i + 1}`, `"${line}" has no tag in ${where}; read as O`);
    }
    const s = sentence(i, sep);
    s.tokens.push(token);
    s.tags.push(cells.length >= 2 && isLayoutTag(tag, layout) ? tag : 'O');
    s.middle.push(middle);
    s.lead.push(lead);
    s.trail.push(trail);
  });
  close();
  if (extra > 0 && !misc)
    problems.warn(
      file,
      undefined,
      `${counted(extra, 'CoNLL-U multiword-token or empty-node line')} (\`1-2\`, \`1.1\`) left out: the sentences hold the words they stand for`,
      'An export writes the sentences without them.',
    );
  // Lines after the last sentence (`#end document`, a trailing comment) go with the file's last sample.
  return { sentences: out, layout, after: before };
}

/** Sentences grouped by the -DOCSTART- document they follow (sentences before the first are one group). */
function byDocument(sentences: readonly RawSentence[]): RawSentence[][] {
  const out: RawSentence[][] = [];
  for (const s of sentences) {
    const last = out[out.length - 1];
    if (last && last[0]!.document === s.document) last.push(s);
    else out.push([s]);
  }
  return out;
}

/** The text of sentences (tokens joined by `joiner`, sentences by a line break) and their entity spans. */
function documentRecord(
  doc: readonly RawSentence[],
  joiner: '' | ' ',
  scheme: TagScheme,
): { text: string; spans: TextRecord['spans'] } {
  let text = '';
  let tokenBase = 0;
  const spans: NonNullable<TextRecord['spans']> = [];
  doc.forEach((s, k) => {
    if (k > 0) text += '\n';
    const starts: number[] = [];
    s.tokens.forEach((t, i) => {
      if (i > 0 && !s.glued[i - 1]) text += joiner;
      starts.push(text.length);
      text += t;
    });
    for (const sp of tagSpans(s.tags, scheme))
      spans.push({
        span: {
          start: starts[sp.start]!,
          end: starts[sp.end - 1]! + s.tokens[sp.end - 1]!.length,
          tokenStart: tokenBase + sp.start,
          tokenEnd: tokenBase + sp.end,
        },
        label: sp.type,
      });
    tokenBase += s.tokens.length;
  });
  return { text, spans };
}

/**
 * NER as CoNLL/IOB: one token per line, the token first and its tag last (tab-separated, else
 * space-separated; numbered tokens and columns after the tag as conllColumns finds them), blank lines between sentences, `-DOCSTART-` lines between documents, `#` comment
 * lines. Each sentence is a `text` sample `<stem>#<n>` whose text is its tokens joined by a space (by
 * nothing when every token is one character: KLUE's character-per-line files); when the file marks
 * documents with `-DOCSTART-`, each document is the sample instead, its sentences joined by a line
 * break (token offsets count through the document). Each entity is a span with character and token offsets. IOB1, IOB2 and BIOES are read (conlleval's chunking).
 */
export async function readConll(input: ReadInput): Promise<ReadResult> {
  const { path, io } = input;
  const file = baseName(path);
  const raw = await readUtf8Text(io, path);
  const problems = new ProblemList();
  const crlf = /\r\n/.test(raw.slice(0, 4096));
  const { sentences, layout, after } = sentencesOf(raw, file, problems);
  const misc = layout.conllu;
  const scheme: TagScheme = layout.brackets
    ? 'brackets'
    : layout.io
      ? 'io'
      : misc?.brackets
        ? 'corefud'
        : detectScheme(sentences.map((s) => s.tags));
  const joiner =
    sentences.every((s) => s.tokens.every((t) => [...t].length <= 1)) && sentences.length > 0 ? '' : ' ';
  const hasDocs = sentences.some((s) => s.document > 0);
  const groups = hasDocs ? byDocument(sentences) : sentences.map((s) => [s]);
  const records: TextRecord[] = groups.map((doc, n) => {
    const record = documentRecord(doc, joiner, scheme);
    const first = doc[0]!;
    const meta: ConllMeta = {
      tokens: doc.flatMap((s) => s.tokens),
      tags: doc.flatMap((s) => s.tags),
      blank: first.blank,
      sep: first.sep,
      joiner,
      scheme,
    };
    if (doc.some((s) => s.middle.some((m) => m.length > 0))) meta.middle = doc.flatMap((s) => s.middle);
    if (doc.some((s) => s.lead.some((m) => m.length > 0))) meta.lead = doc.flatMap((s) => s.lead);
    if (doc.some((s) => s.trail.some((m) => m.length > 0))) meta.trail = doc.flatMap((s) => s.trail);
    if (hasDocs) {
      meta.document = first.document;
      meta.sentences = doc.map((s) => ({
        tokens: s.tokens.length,
        blank: s.blank,
        ...(s.before.length > 0 ? { before: s.before } : {}),
      }));
    } else if (first.before.length > 0) meta.before = first.before;
    if (misc) Object.assign(meta, conlluMeta(doc, misc));
    if (crlf) meta.crlf = true;
    if (n === groups.length - 1 && after.length > 0) meta.after = after;
    if (layout.tag !== 'last' && layout.tag < layout.token) meta.tagFirst = true;
    return {
      key: recordKey(path, n + 1, input.keyPrefix),
      text: record.text,
      origin: `${file}:${first.line}`,
      labels: [],
      spans: record.spans,
      metadata: { conll: meta },
    };
  });
  const result = textDataset(path, records, input.source, problems.items);
  const tagsRead =
    scheme === 'brackets'
      ? "OntoNotes' brackets"
      : scheme === 'corefud'
        ? `CorefUD's brackets (${misc?.key}= in MISC)`
        : `${scheme.toUpperCase()}${misc ? ` (${misc.key}= in MISC)` : ''}`;
  result.notes = [
    hasDocs
      ? `${counted(groups.length, 'document')} (-DOCSTART-), ${counted(sentences.length, 'sentence')}, tags read as ${tagsRead}`
      : misc && misc.key === undefined
        ? `${counted(sentences.length, 'sentence')} of CoNLL-U without entities (no column of NER tags, no NER=, name= or Entity= in MISC): texts without spans`
        : `${counted(sentences.length, 'sentence')}, tags read as ${tagsRead}`,
  ];
  const kept = sentences.reduce((n, s) => n + s.extra.filter(([, l]) => !l.startsWith('#')).length, 0);
  if (kept > 0)
    result.notes.push(
      `${counted(kept, 'multiword-token or empty-node line')} (\`1-2\`, \`1.1\`) kept aside: the texts and entities are the words'`,
    );
  return result;
}

/** A CoNLL-U document's MISC key, glued words and lines kept aside, with word numbers through the document. */
function conlluMeta(doc: readonly RawSentence[], misc: ConlluMisc): Partial<ConllMeta> {
  const glued: number[] = [];
  const extra: [number, string][] = [];
  let base = 0;
  for (const s of doc) {
    s.glued.forEach((g, i) => {
      if (g) glued.push(base + i);
    });
    for (const [at, line] of s.extra) extra.push([base + at, line]);
    base += s.tokens.length;
  }
  return { misc, ...(glued.length > 0 ? { glued } : {}), ...(extra.length > 0 ? { extra } : {}) };
}
