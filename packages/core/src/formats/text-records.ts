import type { Annotation, TextSpan } from '../model/annotation.js';
import type { ClassDef } from '../model/class-def.js';
import type { Sample } from '../model/sample.js';
import type { ReadResult } from './dataset.js';
import { baseName, dirName, stripExt } from './paths.js';
import type { Problem } from './problems.js';

/** One text record as a text reader finds it, before it becomes samples and annotations. */
/** Column or field names taken as the text when none is named (text-csv, text-jsonl), first found wins. */
export const TEXT_NAMES: readonly string[] = [
  'text',
  'sentence',
  'utterance',
  'content',
  'document',
  'query',
  // doccano's JSONL export names the text `data` (1.x); `text` in later versions.
  'data',
];
/** Column or field names taken as the label when none is named, first found wins (`gold_label`: SNLI, MNLI). */
export const LABEL_NAMES: readonly string[] = [
  'label',
  'labels',
  'category',
  'intent',
  'class',
  'gold_label',
];

/**
 * Pairs of columns or fields that together are a record's text (sentence-pair tasks: GLUE's RTE, MRPC,
 * QQP, QNLI, MNLI, SNLI, XNLI, CLUE's `text_a`/`text_b`), first found wins over TEXT_NAMES (QNLI's
 * `question` and `sentence`: the sentence alone would lose the question). The text is the first, a line
 * break, the second.
 */
export const TEXT_PAIRS: readonly (readonly [string, string])[] = [
  ['sentence1', 'sentence2'],
  ['text_a', 'text_b'],
  ['premise', 'hypothesis'],
  ['question1', 'question2'],
  ['question', 'sentence'],
  ['question', 'passage'],
  ['sentence_a', 'sentence_b'],
];

/** The first of TEXT_PAIRS whose two names `has` says are there, or undefined. */
export function textPair(has: (name: string) => boolean): readonly [string, string] | undefined {
  return TEXT_PAIRS.find(([a, b]) => has(a) && has(b));
}

/** A note for a read whose texts are pairs: which fields, joined how. */
export function pairNote(pair: readonly [string, string]): string {
  return `text pairs: "${pair[0]}" and "${pair[1]}" joined with a line break`;
}

export interface TextRecord {
  key: string;
  text: string;
  /** `file:line` or `file:sentence n`. */
  origin: string;
  labels: string[];
  /** Class probabilities by class name (a model's output), or undefined. */
  probs?: Record<string, number>;
  spans?: { span: TextSpan; label: string; score?: number; attributes?: Annotation['attributes'] }[];
  language?: string;
  split?: string;
  metadata?: Record<string, unknown>;
}

/** `<prefix>#<n>`: the key of the n-th (1-based) record of a file, prefix defaulting to its stem. */
export function recordKey(path: string, n: number, prefix: string | undefined): string {
  return `${prefix ?? stripExt(baseName(path))}#${n}`;
}

/**
 * Samples, classes and annotations of text records: one `text` sample per record, one classification
 * per label (the probabilities ride on the first, as a prediction's output), one span annotation per span.
 * Classes are ordered by first appearance (a record's probability keys first), or as `classOrder` names them first.
 */
export function textDataset(
  path: string,
  records: readonly TextRecord[],
  source: string,
  problems: Problem[],
  classOrder: readonly string[] = [],
): ReadResult {
  const kept = distinctKeys(records, problems);
  const names = new Set<string>(classOrder);
  for (const r of kept) {
    for (const c of Object.keys(r.probs ?? {})) names.add(c);
    for (const l of r.labels) names.add(l);
    for (const s of r.spans ?? []) names.add(s.label);
  }
  const classes: ClassDef[] = [...names].map((name) => ({ name }));
  const order = [...names];
  const samples: Sample[] = [];
  const annotations: Annotation[] = [];
  let withProbs = false;
  for (const r of kept) {
    const sample: Sample = { key: r.key, kind: 'text', text: r.text, textSource: r.origin };
    if (r.language !== undefined) sample.language = r.language;
    if (r.split !== undefined) sample.split = r.split;
    if (r.metadata !== undefined) sample.metadata = r.metadata;
    samples.push(sample);
    r.labels.forEach((label, i) => {
      const a: Annotation = { sample: r.key, source, kind: 'classification', label };
      if (i === 0 && r.probs) {
        a.probs = order.map((c) => r.probs?.[c] ?? 0);
        a.score = r.probs[label] ?? 0;
        withProbs = true;
      }
      annotations.push(a);
    });
    for (const s of r.spans ?? []) {
      const a: Annotation = { sample: r.key, source, kind: 'span', label: s.label, span: s.span };
      if (s.score !== undefined) a.score = s.score;
      if (s.attributes !== undefined) a.attributes = s.attributes;
      annotations.push(a);
    }
  }
  return {
    classes,
    samples,
    annotations,
    imagesRoot: dirName(path),
    problems,
    ...(withProbs ? { probsOrder: order } : {}),
  };
}

/**
 * The records with a key of their own: two records of one key would be one sample whose text is one of
 * them with the spans of both, so a later record with a key seen before is skipped as a problem.
 */
function distinctKeys(records: readonly TextRecord[], problems: Problem[]): TextRecord[] {
  const seen = new Map<string, string>();
  const kept: TextRecord[] = [];
  for (const r of records) {
    const first = seen.get(r.key);
    if (first === undefined) {
      seen.set(r.key, r.origin);
      kept.push(r);
      continue;
    }
    const [file, line] = splitOrigin(r.origin);
    problems.push({
      file,
      ...(line ? { record: `line ${line}` } : {}),
      reason: `has the id "${r.key}" of the record at ${first}; skipped`,
      hint: 'Give each record its own id (or name another field with --id-column).',
      severity: 'error',
    });
  }
  return kept;
}

/** `file:line` of a record's origin as its file and line (no line: the whole origin is the file). */
function splitOrigin(origin: string): [string, string | undefined] {
  const m = /^(.*):(\d+)$/.exec(origin);
  return m ? [m[1]!, m[2]] : [origin, undefined];
}
