import { AssayError } from '../../errors.js';
import { ARROW_EXTENSIONS, readArrowIpc } from '../arrow-ipc.js';
import { arrowDecompress } from '../arrow-ipc-codecs.js';
import { counted } from '../counted.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import { baseName, extName } from '../paths.js';
import { ProblemList } from '../problems.js';
import { readUtf8Text } from '../text-check.js';
import {
  LABEL_NAMES,
  pairNote,
  recordKey,
  TEXT_NAMES,
  type TextRecord,
  textDataset,
  textPair,
} from '../text-records.js';
import {
  classLabelNames,
  classLabelNote,
  namedLabels,
  parquetFeatures,
  siblingFeatures,
} from './hf-features.js';
import { spacyTuples } from './spacy-tuples.js';
import { tokenFields, tokenRecord } from './token-tags.js';

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

/** An object with character offsets (`start`/`end`, doccano's `start_offset`/`end_offset`): a span, not a label. */
const isSpanObject = (v: unknown) =>
  !!v && typeof v === 'object' && (('start' in v && 'end' in v) || 'start_offset' in v);

/** Fields naming the class of a label written as an object (`{"label": {"name": "pos", "id": 1}}`). */
const LABEL_OBJECT_NAMES = ['name', 'label', 'class', 'value', 'tag'];

/** A label object's class name (the first of LABEL_OBJECT_NAMES holding a string or number), else undefined. */
function labelObjectName(value: unknown): string | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const o = value as Json;
  const key = LABEL_OBJECT_NAMES.find((k) => typeof o[k] === 'string' || typeof o[k] === 'number');
  return key === undefined ? undefined : String(o[key]);
}

/**
 * Labels from a string, a list of strings, an object naming its class (`{"name": "pos"}`) or a list of
 * them; (doccano) a list of span triples are spans instead.
 */
function readLabels(value: unknown): string[] {
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number'))
    return value.map(String).filter((v) => v !== '');
  if (typeof value === 'number') return [String(value)];
  const named = labelObjectName(value);
  if (named !== undefined) return named === '' ? [] : [named];
  if (Array.isArray(value) && value.length > 0 && value.every((v) => labelObjectName(v) !== undefined))
    return value.map((v) => labelObjectName(v)!).filter((v) => v !== '');
  return [];
}

/**
 * The text and label fields when none is named: the first of TEXT_NAMES holding a string in the first
 * object (`text` when none does), and `label`/`labels`, else the first other of LABEL_NAMES it has.
 */
export function defaultFields(first: unknown): {
  text: string;
  labels: string[];
  pair?: readonly [string, string];
} {
  const o = first && typeof first === 'object' && !Array.isArray(first) ? (first as Json) : {};
  const pair = textPair((f) => typeof o[f] === 'string');
  const text = pair?.[0] ?? TEXT_NAMES.find((f) => typeof o[f] === 'string') ?? 'text';
  const other = LABEL_NAMES.slice(2).find((f) => f in o);
  const labels = 'label' in o || 'labels' in o || other === undefined ? ['label', 'labels'] : [other];
  return { text, labels, ...(pair ? { pair } : {}) };
}

/** The text of a record of a text pair: the two fields joined by a line break, or undefined when one is not a string. */
function pairText(o: Json, pair: readonly [string, string]): string | undefined {
  const [a, b] = [o[pair[0]], o[pair[1]]];
  return typeof a === 'string' && typeof b === 'string' ? `${a}\n${b}` : undefined;
}

/** One record of the file: its line (JSON Lines) or its place in the array (a JSON array), parsed or not. */
interface Entry {
  /** 1-based line, or 1-based index in the array. */
  at: number;
  where: string;
  value?: unknown;
  error?: string;
  /** Why the record cannot be read, when it is not a matter of JSON (a DocBin document). */
  problem?: string;
}

/**
 * The records of a JSON Lines file, or of a JSON array of objects (Hugging Face's `to_json(lines=False)`,
 * pandas' `orient="records"`, a list dumped with `json.dump`): a file whose first character is `[` and
 * that parses as an array is the array; spaCy v2 training tuples (spacy-tuples.ts), as records; anything
 * else is read line by line.
 */
function entriesOf(raw: string): { entries: Entry[]; array?: string } {
  const start = raw.trimStart()[0];
  if (start === '[' || start === '{') {
    let list: unknown;
    try {
      list = JSON.parse(raw);
    } catch {}
    const tuples = spacyTuples(list);
    if (tuples !== undefined)
      return {
        entries: tuples.map((value, i) => ({ at: i + 1, where: `record ${i + 1}`, value })),
        array: "spaCy training tuples' list",
      };
    if (Array.isArray(list))
      return {
        entries: list.map((value, i) => ({ at: i + 1, where: `record ${i + 1}`, value })),
        array: 'JSON array',
      };
  }
  const entries: Entry[] = [];
  raw.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const entry: Entry = { at: i + 1, where: `line ${i + 1}` };
    try {
      entry.value = JSON.parse(line);
    } catch (error) {
      entry.error = (error as Error).message;
    }
    entries.push(entry);
  });
  return { entries };
}

/**
 * The records of the file and the Hugging Face features that name its classes: a Parquet table's rows
 * and its `huggingface` metadata; an Arrow IPC file's (`save_to_disk`'s data-00000-of-00001.arrow) with
 * its schema's, else those of the dataset_info.json beside it; a JSON (Lines) file's records and the features of a `dataset_info.json`
 * beside it (as `save_to_disk` writes it), when there is one.
 */
async function recordsOf(
  input: ReadInput,
): Promise<{ entries: Entry[]; array?: string; features?: unknown; notes?: string[] }> {
  const { path, io } = input;
  if (extName(path) === '.spacy') {
    const { readDocBin } = await import('./spacy-docbin.js');
    const bin = await readDocBin(await io.readBytes(path), path);
    const notes =
      bin.spanGroups > 0
        ? [
            `${counted(bin.spanGroups, 'document')} with span groups (doc.spans), not read: entities (doc.ents) and cats are`,
          ]
        : [];
    return {
      entries: bin.docs.map(({ doc, problem }, i) => ({
        at: i + 1,
        where: `document ${i + 1}`,
        // A document without entities or cats is a text without labels, not a record missing its label field.
        ...(doc
          ? {
              value: {
                text: doc.text,
                ...(doc.spans.length > 0 ? { spans: doc.spans } : {}),
                ...(Object.keys(doc.cats).length > 0 ? { cats: doc.cats } : {}),
              },
            }
          : { problem: problem ?? 'unreadable' }),
      })),
      array: 'spaCy DocBin',
      notes,
    };
  }
  if (extName(path) === '.parquet') {
    if (io.readParquet === undefined)
      throw new AssayError('UNSUPPORTED', `${path}: Parquet files are not read here.`, {
        hint: 'Convert it to JSON Lines first (pandas: pd.read_parquet(p).to_json(out, orient="records", lines=True)).',
      });
    const table = await io.readParquet(path);
    return {
      entries: table.rows.map((value, i) => ({ at: i + 1, where: `row ${i + 1}`, value })),
      array: 'Parquet table',
      features: parquetFeatures(table.metadata) ?? (await siblingFeatures(path, io)),
    };
  }
  if (ARROW_EXTENSIONS.includes(extName(path))) {
    const table = readArrowIpc(await io.readBytes(path), path, { decompress: arrowDecompress });
    return {
      entries: table.rows.map((value, i) => ({ at: i + 1, where: `row ${i + 1}`, value })),
      array: 'Arrow table',
      features: parquetFeatures(table.metadata) ?? (await siblingFeatures(path, io)),
    };
  }
  const raw = await readUtf8Text(io, path);
  const features = await siblingFeatures(path, io);
  return { ...entriesOf(raw.replace(/^\uFEFF/, '')), features };
}

/** A token-tagged object's text and spans (token-tags.ts), or undefined for any other value. */
function taggedTokens(o: unknown, names: ReadonlyMap<string, string[]>): ReturnType<typeof tokenRecord> {
  if (!o || typeof o !== 'object' || Array.isArray(o) || typeof (o as Json).text === 'string')
    return undefined;
  const fields = tokenFields(o as Json);
  return fields === undefined ? undefined : tokenRecord(o as Json, fields, names.get(fields.tags));
}

/**
 * Prodigy's verdict on a record: `answer` "reject" (the suggested labels are wrong) or "ignore" (skipped
 * by the annotator) means the record's labels are not labels; undefined for any other record.
 */
function prodigyVerdict(o: Json): string | undefined {
  const answer = o.answer;
  return (answer === 'reject' || answer === 'ignore') && '_task_hash' in o ? answer : undefined;
}

/**
 * The value of field `name` of `o`: the field itself, else, for a dotted name, the path into nested
 * objects (`annotation.labels`, `data.text`).
 */
export function fieldAt(o: Json, name: string): unknown {
  if (name in o || !name.includes('.')) return o[name];
  let at: unknown = o;
  for (const part of name.split('.')) {
    if (!at || typeof at !== 'object' || Array.isArray(at)) return undefined;
    at = (at as Json)[part];
  }
  return at;
}

/** spaCy's and Prodigy's text categories (`cats`: label → score; 1.0/0.0 in training data): those ≥ 0.5. */
function catLabels(cats: unknown): string[] {
  if (!cats || typeof cats !== 'object' || Array.isArray(cats)) return [];
  return Object.entries(cats as Json)
    .filter(([, v]) => isNumber(v) && v >= 0.5)
    .map(([k]) => k);
}

/** The labels, spans, probabilities, language and split of one object into `record`; bad spans are warnings. */
function fillRecord(
  record: TextRecord,
  o: Json,
  fields: { labels: readonly string[]; names: ReadonlyMap<string, string[]>; cats: boolean },
  warn: (b: string) => void,
): void {
  const { text } = record;
  for (const f of fields.labels) {
    const value = fieldAt(o, f);
    if (Array.isArray(value) && value.some((v) => Array.isArray(v) || isSpanObject(v))) {
      const { spans, bad } = readSpans(value, text);
      record.spans = [...(record.spans ?? []), ...spans];
      for (const b of bad) warn(b);
    } else record.labels.push(...namedLabels(readLabels(value), fields.names.get(f)));
  }
  if (fields.cats) record.labels.push(...catLabels(o.cats));
  // Prodigy's choice interface: the chosen options' ids in `accept`.
  if (Array.isArray(o.options) && Array.isArray(o.accept)) {
    record.labels.push(...o.accept.filter((v) => typeof v === 'string' || typeof v === 'number').map(String));
  }
  for (const f of ['spans', 'entities']) {
    const { spans, bad } = readSpans(o[f], text);
    if (spans.length > 0) record.spans = [...(record.spans ?? []), ...spans];
    for (const b of bad) warn(b);
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
}

/**
 * Texts as JSON Lines, or as one JSON array of such objects: each object with the text (`text`,
 * `sentence`, … or `--text-column`), labels (`label`/`labels`, else `category`, `intent` or `class`: a
 * string or a list; `--label-column`; Prodigy's chosen `accept` options), spans (`spans`/`entities`:
 * offsets or spaCy's `[start, end, label]`; or doccano's `label: [[start, end, tag]]`), an optional `id`,
 * `language`, `split`, and `probs` (class name → probability, a model's output). A record that is not an
 * object with a text is a problem; a Prodigy record answered "reject" or "ignore" is left out (counted in a note).
 */
export async function readTextJsonl(input: ReadInput): Promise<ReadResult> {
  const { path } = input;
  const file = baseName(path);
  const fields = input.textFields ?? {};
  const problems = new ProblemList();
  const records: TextRecord[] = [];
  const { entries, array, features, notes: own = [] } = await recordsOf(input);
  const names = classLabelNames(features);
  const named = defaultFields(entries.find((e) => e.error === undefined)?.value);
  const textField = fields.text ?? named.text;
  const pair = fields.text === undefined ? named.pair : undefined;
  const labelFields = fields.labels ?? named.labels;
  const verdicts = new Map<string, number>();
  entries.forEach(({ at, where, value, error, problem }, i) => {
    if (problem !== undefined) {
      problems.skip(file, where, problem);
      return;
    }
    if (error !== undefined) {
      problems.skip(file, where, `is not JSON (${error})`);
      return;
    }
    const o = value as Json;
    const tagged = fields.text === undefined ? taggedTokens(o, names) : undefined;
    const own = o && typeof o === 'object' ? (pair ? pairText(o, pair) : fieldAt(o, textField)) : undefined;
    const text = tagged?.text ?? own;
    if (!o || typeof o !== 'object' || typeof text !== 'string') {
      const wanted = pair ? `text fields "${pair[0]}" and "${pair[1]}"` : `text field "${textField}"`;
      problems.skip(file, where, `has no ${wanted}`, 'Name it with --text-column.');
      return;
    }
    const verdict = prodigyVerdict(o);
    if (verdict !== undefined) {
      verdicts.set(verdict, (verdicts.get(verdict) ?? 0) + 1);
      return;
    }
    const id = o[fields.id ?? 'id'];
    const record: TextRecord = {
      key:
        typeof id === 'string' || typeof id === 'number'
          ? String(id)
          : recordKey(path, i + 1, input.keyPrefix),
      text,
      origin: `${file}:${at}`,
      labels: [],
    };
    if (tagged !== undefined) record.spans = tagged.spans;
    fillRecord(record, o, { labels: labelFields, names, cats: fields.labels === undefined }, (b) =>
      problems.warn(file, where, `${b}; left out`),
    );
    records.push(record);
  });
  const result = textDataset(path, records, input.source, problems.items);
  const classLabels = labelFields.filter((f) => names.has(f));
  const notes = [
    ...(array
      ? [`${/^[AEIOU]/.test(array) ? 'an' : 'a'} ${array} of ${counted(entries.length, 'record')}`]
      : []),
    ...(pair ? [pairNote(pair)] : []),
    ...unlabelledNote(records, entries, labelFields, textField),
    ...classLabelNote(classLabels),
    ...own,
    ...[...verdicts].map(
      ([answer, n]) => `${n} Prodigy record${n === 1 ? '' : 's'} answered "${answer}" left out (not labels)`,
    ),
  ];
  if (notes.length > 0) result.notes = notes;
  return result;
}

/**
 * When no record has a label or a span: a note naming the fields the records hold besides the text, with
 * the nested ones that hold labels-like lists spelt as --label-column takes them (`annotation.labels`).
 */
function unlabelledNote(
  records: readonly TextRecord[],
  entries: readonly Entry[],
  labelFields: readonly string[],
  textField: string,
): string[] {
  if (records.length === 0 || records.some((r) => r.labels.length > 0 || (r.spans?.length ?? 0) > 0))
    return [];
  const first = entries.find((e) => e.value && typeof e.value === 'object')?.value as Json | undefined;
  if (first === undefined) return [];
  const others = Object.keys(first).filter((k) => k !== textField && k !== 'id');
  if (others.length === 0) return [];
  const nested = others.flatMap((k) => {
    const v = first[k];
    if (!v || typeof v !== 'object' || Array.isArray(v)) return [];
    return Object.keys(v as Json)
      .filter((n) => LABEL_NAMES.includes(n))
      .map((n) => `${k}.${n}`);
  });
  return [
    `no labels: no record has ${labelFields.map((f) => `"${f}"`).join(' or ')}; the records hold ${others.join(', ')}${nested.length > 0 ? ` (labels in ${nested.join(', ')}: import with --label-column ${nested[0]})` : ' (name the label field with --label-column; a dotted name reaches into an object)'}`,
  ];
}
