import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import { baseName } from '../paths.js';
import { ProblemList } from '../problems.js';
import { readUtf8Text } from '../text-check.js';
import { LABEL_NAMES, recordKey, TEXT_NAMES, type TextRecord, textDataset } from '../text-records.js';

type Json = Record<string, unknown>;

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Spans as `[{start, end, label, score?}]` (also `entities`; doccano's `start_offset`/`end_offset`) or
 * doccano's `[[start, end, label]]`.
 */
function readSpans(value: unknown, text: string): { spans: NonNullable<TextRecord['spans']>; bad: string[] } {
  const spans: NonNullable<TextRecord['spans']> = [];
  const bad: string[] = [];
  if (!Array.isArray(value)) return { spans, bad };
  for (const item of value) {
    let start: unknown;
    let end: unknown;
    let label: unknown;
    let score: unknown;
    if (Array.isArray(item)) [start, end, label] = item;
    else if (item && typeof item === 'object') {
      const o = item as Json;
      ({ label, score } = o);
      start = o.start ?? o.start_offset;
      end = o.end ?? o.end_offset;
    }
    if (!isNumber(start) || !isNumber(end) || typeof label !== 'string' || label === '') {
      bad.push(`${JSON.stringify(item)} is not a span {start, end, label}`);
    } else if (!(start >= 0 && start < end && end <= text.length)) {
      bad.push(`span ${start}..${end} (${label}) lies outside the text of ${text.length} characters`);
    } else spans.push({ span: { start, end }, label, ...(isNumber(score) ? { score } : {}) });
  }
  return { spans, bad };
}

/** Labels from a string, a list of strings, or (doccano) a list of span triples, which are spans instead. */
function readLabels(value: unknown): string[] {
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.filter((v) => v !== '');
  if (typeof value === 'number') return [String(value)];
  return [];
}

/**
 * The text and label fields when none is named: the first of TEXT_NAMES holding a string in the first
 * object (`text` when none does), and `label`/`labels`, else the first other of LABEL_NAMES it has.
 */
export function defaultFields(lines: readonly string[]): { text: string; labels: string[] } {
  let first: Json | undefined;
  for (const line of lines) {
    if (line.trim() === '') continue;
    try {
      first = JSON.parse(line) as Json;
    } catch {}
    break;
  }
  const o = first && typeof first === 'object' && !Array.isArray(first) ? first : {};
  const text = TEXT_NAMES.find((f) => typeof o[f] === 'string') ?? 'text';
  const other = LABEL_NAMES.slice(2).find((f) => f in o);
  const labels = 'label' in o || 'labels' in o || other === undefined ? ['label', 'labels'] : [other];
  return { text, labels };
}

/**
 * Texts as JSON Lines: one object per line with the text (`text`, `sentence`, … or `--text-column`), labels
 * (`label`/`labels`, else `category`, `intent` or `class`: a string or a list; `--label-column`), spans (`spans`/`entities`: offsets; or
 * doccano's `label: [[start, end, tag]]`), an optional `id`, `language`, `split`, and `probs` (class
 * name → probability, a model's output). A line that is not an object with a text is a problem.
 */
export async function readTextJsonl(input: ReadInput): Promise<ReadResult> {
  const { path, io } = input;
  const file = baseName(path);
  const fields = input.textFields ?? {};
  const raw = await readUtf8Text(io, path);
  const problems = new ProblemList();
  const records: TextRecord[] = [];
  const lines = raw.replace(/^\uFEFF/, '').split(/\r?\n/);
  const named = defaultFields(lines);
  const textField = fields.text ?? named.text;
  const labelFields = fields.labels ?? named.labels;
  let n = 0;
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    n++;
    const where = `line ${i + 1}`;
    let o: Json;
    try {
      o = JSON.parse(line) as Json;
    } catch (error) {
      problems.skip(file, where, `is not JSON (${(error as Error).message})`);
      return;
    }
    const text = o?.[textField];
    if (!o || typeof o !== 'object' || typeof text !== 'string') {
      problems.skip(file, where, `has no text field "${textField}"`, 'Name it with --text-column.');
      return;
    }
    const id = o[fields.id ?? 'id'];
    const record: TextRecord = {
      key:
        typeof id === 'string' || typeof id === 'number' ? String(id) : recordKey(path, n, input.keyPrefix),
      text,
      origin: `${file}:${i + 1}`,
      labels: [],
    };
    for (const f of labelFields) {
      const value = o[f];
      if (Array.isArray(value) && value.some((v) => Array.isArray(v))) {
        const { spans, bad } = readSpans(value, text);
        record.spans = [...(record.spans ?? []), ...spans];
        for (const b of bad) problems.warn(file, where, `${b}; left out`);
      } else record.labels.push(...readLabels(value));
    }
    for (const f of ['spans', 'entities']) {
      const { spans, bad } = readSpans(o[f], text);
      if (spans.length > 0) record.spans = [...(record.spans ?? []), ...spans];
      for (const b of bad) problems.warn(file, where, `${b}; left out`);
    }
    const probs = o.probs;
    if (probs && typeof probs === 'object' && !Array.isArray(probs)) {
      const entries = Object.entries(probs as Json).filter((e): e is [string, number] => isNumber(e[1]));
      if (entries.length > 0) {
        record.probs = Object.fromEntries(entries);
        if (record.labels.length === 0) {
          // A model's output without a stated label: its label is the most probable class.
          record.labels.push(entries.reduce((a, b) => (b[1] > a[1] ? b : a))[0]);
        }
      }
    }
    const language = o.language ?? o.lang;
    if (typeof language === 'string' && language !== '') record.language = language;
    if (typeof o.split === 'string' && o.split !== '') record.split = o.split;
    records.push(record);
  });
  return textDataset(path, records, input.source, problems.items);
}
