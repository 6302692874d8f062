import type { CsvRow } from '../classification/csv-rows.js';
import { isTag } from '../conll/conll-scheme.js';
import { baseName } from '../paths.js';
import type { ProblemList } from '../problems.js';
import { tokenRecord } from '../text-jsonl/token-tags.js';
import { recordKey, type TextRecord } from '../text-records.js';

/** Where a token-per-row NER CSV keeps each row's sentence, token and tag (column indexes). */
export interface TokenColumns {
  sentence: number;
  token: number;
  tag: number;
}

const SENTENCE = /^(sentence|sent)[ _]?(#|id|idx|no|number)?$/;
const TOKEN = ['word', 'token', 'form'];
const TAG = ['tag', 'ner', 'ner_tag', 'bio', 'iob', 'label'];
/** At least this share of the rows looked at must hold a BIO tag in the tag column. */
const TAGGED = 0.95;

/**
 * The columns of a token-per-row NER CSV (the Kaggle/GMB `ner_dataset.csv`: `Sentence #,Word,POS,Tag`,
 * the sentence named on its first row only; or a sentence id on every row), or undefined: a sentence, a
 * token and a tag column by name, the tag column holding BIO tags.
 */
export function tokenColumns(header: readonly string[], rows: readonly CsvRow[]): TokenColumns | undefined {
  const names = header.map((h) => h.trim().toLowerCase());
  const sentence = names.findIndex((n) => SENTENCE.test(n));
  const token = names.findIndex((n) => TOKEN.includes(n));
  const tag = names.findIndex((n) => TAG.includes(n));
  if (sentence < 0 || token < 0 || tag < 0) return undefined;
  const look = rows.slice(1, 2001).filter((r) => r.cells.length === header.length);
  if (look.length === 0) return undefined;
  const tagged = look.filter((r) => isTag(r.cells[tag]!.trim())).length;
  return tagged / look.length >= TAGGED ? { sentence, token, tag } : undefined;
}

/**
 * The sentences of a token-per-row NER CSV as text records: a sentence cell that is not empty and not the
 * last one seen starts a sentence (keyed by it); its tokens joined by a space are the text, each BIO/BIOES
 * entity a span. A row with another number of cells, or a tag that is not BIO (read as O), is a problem.
 */
export function tokenRowRecords(
  rows: readonly CsvRow[],
  cols: TokenColumns,
  path: string,
  keyPrefix: string | undefined,
  problems: ProblemList,
): TextRecord[] {
  const file = baseName(path);
  const width = rows[0]?.cells.length ?? 0;
  const sentences: { id: string; line: number; tokens: string[]; tags: string[] }[] = [];
  let last = '';
  for (const { line, cells } of rows.slice(1)) {
    if (cells.length !== width) {
      problems.skip(file, `line ${line}`, `has ${cells.length} cells, the header ${width}`);
      continue;
    }
    const id = cells[cols.sentence]!.trim();
    if ((id !== '' && id !== last) || sentences.length === 0) {
      sentences.push({ id, line, tokens: [], tags: [] });
      if (id !== '') last = id;
    }
    let tag = cells[cols.tag]!.trim();
    if (!isTag(tag)) {
      problems.warn(file, `line ${line}`, `"${tag}" is not a BIO tag; read as O`);
      tag = 'O';
    }
    sentences.at(-1)!.tokens.push(cells[cols.token]!);
    sentences.at(-1)!.tags.push(tag);
  }
  return sentences.map((s, i) => {
    const { text, spans } = tokenRecord(
      { tokens: s.tokens, tags: s.tags },
      { tokens: 'tokens', tags: 'tags' },
      undefined,
    )!;
    return {
      key: s.id !== '' ? s.id : recordKey(path, i + 1, keyPrefix),
      text,
      origin: `${file}:${s.line}`,
      labels: [],
      spans,
    };
  });
}
