import { AssayError } from '../../errors.js';
import { type CsvRow, parseCsv } from '../classification/csv-rows.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput, TextFields } from '../define-format.js';
import { baseName, extName } from '../paths.js';
import { ProblemList } from '../problems.js';
import { readUtf8Text } from '../text-check.js';
import { classLabelNames, classLabelNote, namedLabels, siblingFeatures } from '../text-jsonl/hf-features.js';
import {
  LABEL_NAMES,
  pairNote,
  recordKey,
  TEXT_NAMES,
  type TextRecord,
  textDataset,
  textPair,
} from '../text-records.js';
import { nameByClassList } from './class-list-file.js';
import { guessHeaderlessColumns, isHeaderless, numberedHeader } from './headerless.js';
import { tokenColumns, tokenRowRecords } from './token-rows.js';

/**
 * A tab for .tsv/.tab; for .csv `,`, or `;` when the header line has semicolons and no comma (a
 * spreadsheet saved where the comma is the decimal mark); else whichever the header line holds.
 */
export function csvDelimiter(path: string, text: string): string {
  const ext = extName(path);
  if (ext === '.tsv' || ext === '.tab') return '\t';
  const first = text.slice(0, text.indexOf('\n') >>> 0);
  if (first.includes(';') && !first.includes(',') && !first.includes('\t')) return ';';
  if (ext === '.csv') return ',';
  return first.includes('\t') ? '\t' : ',';
}

/**
 * The labels of one label cell: itself, or the items of a list written into it (JSON `["a", "b"]`, or
 * Python's `['a', 'b']` as pandas writes a list column).
 */
export function cellLabels(cell: string): string[] {
  const t = cell.trim();
  if (!(t.startsWith('[') && t.endsWith(']'))) return cell === '' ? [] : [cell];
  for (const form of [t, t.replace(/'/g, '"')]) {
    try {
      const list = JSON.parse(form) as unknown;
      if (Array.isArray(list) && list.every((v) => typeof v === 'string' || typeof v === 'number'))
        return list.map(String).filter((v) => v !== '');
    } catch {}
  }
  return [cell];
}

export interface TextColumns {
  text: number;
  /** A text pair's two columns (TEXT_PAIRS; `text` is the first), when no text column is named. */
  pair?: [number, number];
  labels: number[];
  id: number | undefined;
  language: number | undefined;
  split: number | undefined;
}

function find(header: string[], wanted: string, path: string): number {
  const at = header.indexOf(wanted);
  if (at < 0) {
    throw new AssayError('INVALID_INPUT', `${path} has no column "${wanted}".`, {
      hint: `Its columns are: ${header.join(', ')}. Name one with --text-column / --label-column / --id-column.`,
      details: { file: path, columns: header },
    });
  }
  return at;
}

/** Which header columns hold the text, the label(s) (`label`, `label_2`, ... are one multi-label set) and the id. */
export function textColumns(
  header: string[],
  path: string,
  fields: ReadInput['textFields'] = {},
): TextColumns {
  const lower = header.map((h) => h.trim().toLowerCase());
  const named = fields.text ? undefined : textPair((f) => lower.includes(f));
  const pair: [number, number] | undefined = named && [lower.indexOf(named[0]), lower.indexOf(named[1])];
  const text = fields.text
    ? find(header, fields.text, path)
    : (pair?.[0] ?? lower.findIndex((h) => TEXT_NAMES.includes(h)));
  if (text < 0) {
    throw new AssayError('INVALID_INPUT', `${path} has no text column (text, sentence, utterance, ...).`, {
      hint: `Its columns are: ${header.join(', ')}. Name the text column with --text-column.`,
      details: { file: path, columns: header },
    });
  }
  let labels: number[];
  if (fields.labels) labels = fields.labels.map((l) => find(header, l, path));
  else {
    // SNLI's gold_label only when no other label column is there (files with both read as before).
    const named = lower.findIndex((h) => LABEL_NAMES.includes(h) && h !== 'gold_label');
    const first = named >= 0 ? named : lower.indexOf('gold_label');
    labels = first < 0 ? [] : [first];
    if (first >= 0) {
      const base = lower[first];
      lower.forEach((h, i) => {
        if (new RegExp(`^${base}_\\d+$`).test(h)) labels.push(i);
      });
    }
  }
  const id = fields.id ? find(header, fields.id, path) : lower.indexOf('id');
  const language = lower.findIndex((h) => h === 'language' || h === 'lang');
  const split = lower.indexOf('split');
  return {
    text,
    ...(pair ? { pair } : {}),
    labels,
    id: id < 0 ? undefined : id,
    language: language < 0 ? undefined : language,
    split: split < 0 ? undefined : split,
  };
}

/**
 * Text classification as CSV/TSV: a header row, one record per row (RFC 4180 quoting, line breaks
 * inside quotes, CRLF, a BOM). Every row is a `text` sample keyed by its id column, else `<stem>#<n>`
 * (n the 1-based record number); each non-empty label cell is a classification (a list in a cell, each
 * of its items; several label columns of 0/1 flags, the names of those set to 1). A row with another
 * number of cells than the header is skipped as a problem naming its line.
 */
export async function readTextCsv(input: ReadInput): Promise<ReadResult> {
  const { path, io } = input;
  const raw = await readUtf8Text(io, path);
  const rows = parseCsv(raw, baseName(path), csvDelimiter(path, raw));
  const problems = new ProblemList();
  const first = rows[0]?.cells;
  if (!first) return textDataset(path, [], input.source, problems.items);
  const { header, start, fields, note } = headerOf(first, rows, input.textFields);
  const tokens = input.textFields === undefined ? tokenColumns(header, rows) : undefined;
  if (tokens !== undefined) {
    const result = textDataset(
      path,
      tokenRowRecords(rows, tokens, path, input.keyPrefix, problems),
      input.source,
      problems.items,
    );
    result.notes = [
      `a token-per-row NER CSV (sentence "${header[tokens.sentence]}", token "${header[tokens.token]}", tag "${header[tokens.tag]}"): each sentence a sample, each entity a span`,
    ];
    return result;
  }
  const cols = textColumns(header, path, fields);
  const records: TextRecord[] = [];
  const file = baseName(path);
  const flags =
    fields?.labels !== undefined && indicatorColumns(rows.slice(start), cols.labels, header.length);
  // Int labels take their class names from a dataset_info.json beside the file (Hugging Face `to_csv`) or the repository's dataset card.
  const names = classLabelNames(await siblingFeatures(path, io));
  const labelsOf = (cells: string[]) =>
    flags
      ? cols.labels.filter((c) => FLAG_ON.has(cells[c]!.trim().toLowerCase())).map((c) => header[c]!)
      : cols.labels.flatMap((c) => namedLabels(cellLabels(cells[c] ?? ''), names.get(header[c]!)));
  for (let r = start; r < rows.length; r++) {
    const { line, cells } = rows[r]!;
    if (cells.length !== header.length) {
      problems.skip(
        file,
        `line ${line}`,
        `has ${cells.length} cells, the header ${header.length}`,
        'Quote fields that hold the delimiter or line breaks.',
      );
      continue;
    }
    const id = cols.id === undefined ? '' : (cells[cols.id] ?? '');
    const record: TextRecord = {
      key: id !== '' ? id : recordKey(path, r - start + 1, input.keyPrefix),
      text: cols.pair ? `${cells[cols.pair[0]]}\n${cells[cols.pair[1]]}` : (cells[cols.text] ?? ''),
      origin: `${file}:${line}`,
      labels: labelsOf(cells),
    };
    const language = cols.language === undefined ? '' : (cells[cols.language] ?? '');
    if (language !== '') record.language = language;
    const split = cols.split === undefined ? '' : (cells[cols.split] ?? '');
    if (split !== '') record.split = split;
    records.push(record);
  }
  const listed =
    flags || cols.labels.some((c) => names.has(header[c]!))
      ? undefined
      : await nameByClassList(path, io, records);
  const result = textDataset(path, records, input.source, problems.items);
  if (note !== undefined) result.notes = [note, ...(listed ? [listed] : [])];
  else if (listed !== undefined) result.notes = [listed];
  else if (cols.pair) result.notes = [pairNote([header[cols.pair[0]]!, header[cols.pair[1]]!])];
  else if (flags)
    result.notes = [
      `label columns ${cols.labels.map((c) => header[c]).join(', ')} hold 0/1 flags: each text is labelled with the columns set to 1`,
    ];
  else {
    const named = classLabelNote(cols.labels.map((c) => header[c]!).filter((h) => names.has(h)));
    if (named.length > 0) result.notes = named;
  }
  return result;
}

/**
 * The header the file is read with: its first row; or, for a file without one (isHeaderless, and no
 * column the user named by name is in the first row), the columns' numbers, every row data, and unless the
 * user named them the text and label columns guessed from the rows, said in `note`.
 */
function headerOf(
  first: string[],
  rows: readonly CsvRow[],
  given: TextFields | undefined,
): { header: string[]; start: number; fields: TextFields | undefined; note?: string } {
  const named = [given?.text, given?.id, ...(given?.labels ?? [])].filter((f) => f !== undefined);
  // A name in the first row names a column, unless it is a number (the columns' numbers of a file without a header).
  if (!isHeaderless(first) || named.some((f) => first.includes(f) && !/^\d+$/.test(f)))
    return { header: first, start: 1, fields: given };
  const header = numberedHeader(first.length);
  const guess = given?.text === undefined ? guessHeaderlessColumns(rows) : undefined;
  if (guess === undefined) return { header, start: 0, fields: given };
  const labels = given?.labels ?? [String(guess.label + 1)];
  return {
    header,
    start: 0,
    fields: { ...given, text: String(guess.text + 1), labels },
    note: `no header row: column ${guess.text + 1} read as the text, column ${labels.join(', ')} as the label (choose others with --text-column N --label-column N)`,
  };
}

const FLAG_ON = new Set(['1', 'true']);
const FLAGS = new Set(['0', '1', 'true', 'false', '']);

/**
 * Whether several label columns the user named are one-hot flags (Jigsaw's `toxic,obscene,…`, GoEmotions' 28 columns):
 * every cell of them 0/1 (or true/false). A single 0/1 column is a binary label (SST-2), read as it is.
 */
function indicatorColumns(body: readonly { cells: string[] }[], labels: number[], width: number): boolean {
  if (labels.length < 2) return false;
  return body.every(
    (r) => r.cells.length !== width || labels.every((c) => FLAGS.has(r.cells[c]!.trim().toLowerCase())),
  );
}
