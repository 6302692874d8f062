import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import { baseName } from '../paths.js';
import { ProblemList } from '../problems.js';
import { recordKey, type TextRecord, textDataset } from '../text-records.js';
import { detectScheme, isTag, type TagScheme, tagSpans } from './conll-scheme.js';

/** What a CoNLL sentence keeps besides its text and spans, so that it is written back as it was. */
export interface ConllMeta {
  tokens: string[];
  tags: string[];
  /** Columns between the token and the tag (POS, chunk...), per token. */
  middle?: string[][];
  /** Lines before the sentence: comments (`## ...`, `# ...`) and `-DOCSTART-` lines. */
  before?: string[];
  /** Blank lines after the sentence. */
  blank: number;
  /** The column separator: a tab, or one space. */
  sep: '\t' | ' ';
  /** Tokens are joined with this into the text: `''` for one character per line, else a space. */
  joiner: '' | ' ';
  crlf?: boolean;
  scheme: TagScheme;
  /** 1-based document number when the file marks documents with -DOCSTART-. */
  document?: number;
}

interface RawSentence {
  tokens: string[];
  tags: string[];
  middle: string[][];
  before: string[];
  blank: number;
  line: number;
  document: number;
  sep: '\t' | ' ';
}

function columns(line: string): { cells: string[]; sep: '\t' | ' ' } {
  if (line.includes('\t')) return { cells: line.split('\t'), sep: '\t' };
  return { cells: line.trim().split(/ +/), sep: ' ' };
}

/** Sentences of a CoNLL text: blank lines separate them; comments and -DOCSTART- lines go before the next. */
function sentencesOf(raw: string, file: string, problems: ProblemList): RawSentence[] {
  const lines = raw.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  const out: RawSentence[] = [];
  let document = 0;
  let current: RawSentence | undefined;
  let before: string[] = [];
  const close = () => {
    if (current) out.push(current);
    current = undefined;
  };
  lines.forEach((line, i) => {
    if (line.trim() === '') {
      if (current) close();
      const last = out[out.length - 1];
      if (before.length === 0 && last) last.blank++;
      else before.push(line);
      return;
    }
    const { cells, sep } = columns(line);
    if (cells[0] === '-DOCSTART-') {
      close();
      document++;
      before.push(line);
      return;
    }
    const tag = cells[cells.length - 1] ?? '';
    if (cells.length < 2 || !isTag(tag)) {
      if (line.startsWith('#') && !current) {
        before.push(line);
        return;
      }
      problems.warn(file, `line ${i + 1}`, `"${line}" has no tag in its last column; read as O`);
    }
    if (!current) {
      current = { tokens: [], tags: [], middle: [], before, blank: 0, line: i + 1, document, sep };
      before = [];
    }
    current.tokens.push(cells.length < 2 ? (cells[0] ?? '') : cells.slice(0, 1).join(''));
    current.tags.push(cells.length >= 2 && isTag(tag) ? tag : 'O');
    current.middle.push(cells.slice(1, -1));
  });
  close();
  // Lines after the last sentence (a trailing comment) are kept on it as blank lines cannot hold them.
  return out;
}

/**
 * NER as CoNLL/IOB: one token per line, the token first and its tag last (tab-separated, else
 * space-separated), blank lines between sentences, `-DOCSTART-` lines between documents, `#` comment
 * lines. Each sentence is a `text` sample `<stem>#<n>` whose text is its tokens joined by a space (by
 * nothing when every token is one character: KLUE's character-per-line files); each entity is a span
 * with character and token offsets. IOB1, IOB2 and BIOES are read (conlleval's chunking).
 */
export async function readConll(input: ReadInput): Promise<ReadResult> {
  const { path, io } = input;
  const file = baseName(path);
  const raw = await io.readText(path);
  const problems = new ProblemList();
  const crlf = /\r\n/.test(raw.slice(0, 4096));
  const sentences = sentencesOf(raw, file, problems);
  const scheme = detectScheme(sentences.map((s) => s.tags));
  const joiner =
    sentences.every((s) => s.tokens.every((t) => [...t].length <= 1)) && sentences.length > 0 ? '' : ' ';
  const hasDocs = sentences.some((s) => s.document > 0);
  const records: TextRecord[] = sentences.map((s, n) => {
    const starts: number[] = [];
    let text = '';
    s.tokens.forEach((t, i) => {
      if (i > 0) text += joiner;
      starts.push(text.length);
      text += t;
    });
    const spans = tagSpans(s.tags).map((sp) => ({
      span: {
        start: starts[sp.start]!,
        end: starts[sp.end - 1]! + s.tokens[sp.end - 1]!.length,
        tokenStart: sp.start,
        tokenEnd: sp.end,
      },
      label: sp.type,
    }));
    const meta: ConllMeta = { tokens: s.tokens, tags: s.tags, blank: s.blank, sep: s.sep, joiner, scheme };
    if (s.middle.some((m) => m.length > 0)) meta.middle = s.middle;
    if (s.before.length > 0) meta.before = s.before;
    if (crlf) meta.crlf = true;
    if (hasDocs) meta.document = s.document;
    return {
      key: recordKey(path, n + 1, input.keyPrefix),
      text,
      origin: `${file}:${s.line}`,
      labels: [],
      spans,
      metadata: { conll: meta },
    };
  });
  const result = textDataset(path, records, input.source, problems.items);
  result.notes = [`${sentences.length} sentences, tags read as ${scheme.toUpperCase()}`];
  return result;
}
