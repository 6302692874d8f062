import type { Annotation } from '../../model/annotation.js';
import { type CheckIssue, type CheckResult, wants } from '../check-types.js';
import type { LanguageGuess } from './language-detector.js';
import { nearDuplicatePairs } from './minhash.js';
import { encodingIssues, languageIssues } from './text-quality-checks.js';

/** Issue types the text checks write. `split_leakage` is shared with the media checks (image duplicates). */
export const TEXT_CHECK_TYPES = [
  'empty_text',
  'text_length_outlier',
  'duplicate_text',
  'near_duplicate',
  'conflicting_labels',
  'split_leakage',
  'overlapping_spans',
  'span_boundary',
  'invalid_tag_sequence',
  'encoding_damage',
  'unexpected_language',
  'single_annotator_class',
] as const;

export interface TextCheckSample {
  id: number;
  key: string;
  text: string;
  split?: string;
  /** The tags as the file had them (CoNLL), for the tag-sequence check. */
  tags?: readonly string[];
  /** The language the source states. */
  language?: string;
  /** The detector's reading (language-detector.ts); without it, no `unexpected_language` issue. */
  detected?: LanguageGuess;
}

export type TextCheckAnnotation = Pick<Annotation, 'sample' | 'kind' | 'label' | 'span'> & { id: number };

export interface TextCheckOptions {
  only?: ReadonlySet<string>;
  /** Estimated Jaccard similarity of character 5-shingles (MinHash) for `near_duplicate` (default 0.8). */
  nearDuplicate?: number;
  /** Robust z (1.4826 × MAD of log(1 + length); 1.2533 × mean absolute deviation when the MAD is 0) past which a length is an outlier (default 4), on 20+ texts. */
  lengthZ?: number;
  /** Languages the dataset is expected in (ISO 639-1); default: the stated ones, else the main detected ones. */
  languages?: readonly string[];
}

/** Case, whitespace and Unicode compatibility forms folded: NFKC, lower case, runs of spaces as one. */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

function median(values: Float64Array): number {
  const s = Float64Array.from(values).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function lengthOutliers(samples: readonly TextCheckSample[], z: number, out: CheckIssue[]): void {
  if (samples.length < 20) return;
  const measures: [string, (t: string) => number][] = [
    ['characters', (t) => [...t].length],
    ['tokens', (t) => t.split(/\s+/u).filter((w) => w !== '').length],
  ];
  for (const [unit, measure] of measures) {
    const lengths = new Float64Array(samples.length);
    samples.forEach((s, i) => {
      lengths[i] = Math.log1p(measure(s.text));
    });
    const med = median(lengths);
    const deviations = lengths.map((v) => Math.abs(v - med));
    // Scaled MAD; when over half the texts have the median length it is 0, and the scaled mean absolute
    // deviation stands in (1.2533 × MeanAD, Iglewicz and Hoaglin's modified z-score).
    let mad = 1.4826 * median(deviations);
    if (mad === 0) mad = (1.253314 * deviations.reduce((a, b) => a + b, 0)) / deviations.length;
    if (mad === 0) continue;
    samples.forEach((s, i) => {
      const score = Math.abs(lengths[i]! - med) / mad;
      if (score <= z) return;
      const n = Math.round(Math.expm1(lengths[i]!));
      out.push({
        sampleId: s.id,
        type: 'text_length_outlier',
        severity: 'info',
        score: Math.min(1, score / (2 * z)),
        reason: `${s.key}: ${n} ${unit}, far from the median of ${Math.round(Math.expm1(med))}`,
        details: { unit, length: n, median: Math.round(Math.expm1(med)), robust_z: score },
      });
    });
  }
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const t of items) {
    const k = key(t);
    const g = groups.get(k);
    if (g) g.push(t);
    else groups.set(k, [t]);
  }
  return groups;
}

/** Duplicates (exact, else equal once normalised), the same text with other labels, and leakage across splits. */
function duplicates(
  samples: readonly TextCheckSample[],
  labels: ReadonlyMap<string, string>,
  only: ReadonlySet<string> | undefined,
  out: CheckIssue[],
): void {
  for (const group of groupBy(samples, (s) => normaliseText(s.text)).values()) {
    if (group.length < 2 || normaliseText(group[0]!.text) === '') continue;
    const keys = group.map((s) => s.key);
    const exact = group.every((s) => s.text === group[0]!.text);
    const kind = exact ? 'exact' : 'normalised';
    const sets = new Set(group.map((s) => labels.get(s.key) ?? ''));
    const splits = new Set(group.map((s) => s.split ?? ''));
    group.forEach((s, i) => {
      const others = keys.filter((k) => k !== s.key);
      if (i > 0 && wants(only, 'duplicate_text'))
        out.push({
          sampleId: s.id,
          type: 'duplicate_text',
          severity: 'warning',
          score: exact ? 1 : 0.8,
          reason: `${s.key}: the same text (${kind}) as ${others.slice(0, 3).join(', ')}`,
          details: { kind, group: keys },
        });
      if (sets.size > 1 && wants(only, 'conflicting_labels'))
        out.push({
          sampleId: s.id,
          type: 'conflicting_labels',
          severity: 'error',
          score: 1,
          reason: `${s.key} is labelled "${labels.get(s.key) ?? '(none)'}"; the same text elsewhere has ${[
            ...sets,
          ]
            .filter((l) => l !== (labels.get(s.key) ?? ''))
            .map((l) => `"${l || '(none)'}"`)
            .join(', ')}`,
          details: {
            group: keys,
            labels: Object.fromEntries(group.map((g) => [g.key, labels.get(g.key) ?? null])),
          },
        });
      if (splits.size > 1 && s.split !== undefined && wants(only, 'split_leakage'))
        out.push({
          sampleId: s.id,
          type: 'split_leakage',
          severity: 'error',
          score: 1,
          reason: `${s.key} (${s.split}): the same text is in ${[...splits].filter((x) => x !== s.split).join(', ')}`,
          details: { kind, group: keys },
        });
    });
  }
}

/**
 * Near-duplicate texts: MinHash over character 5-shingles of the normalised text, LSH candidates, pairs
 * at or above the estimated Jaccard similarity; pairs equal once normalised are duplicate_text instead.
 */
function nearDuplicates(samples: readonly TextCheckSample[], threshold: number, out: CheckIssue[]): void {
  // One text per normalised form (the others are duplicate_text): copies cost no MinHash work.
  const first = new Map<string, number>();
  samples.forEach((s, i) => {
    const n = normaliseText(s.text);
    if (!first.has(n)) first.set(n, i);
  });
  const normal = [...first.keys()];
  const index = [...first.values()];
  for (const pair of nearDuplicatePairs(normal, { threshold })) {
    const { similarity } = pair;
    const [sa, sb] = [samples[index[pair.a]!]!, samples[index[pair.b]!]!];
    out.push({
      sampleId: sb.id,
      type: 'near_duplicate',
      severity: 'info',
      score: similarity,
      reason: `${sb.key}: nearly the same text as ${sa.key} (estimated Jaccard ${similarity.toFixed(2)} over 5-character shingles)`,
      details: { kind: 'minhash', related: sa.key, similarity },
    });
  }
}

const WORD = /[\p{L}\p{N}]/u;

function spanChecks(
  samples: ReadonlyMap<string, TextCheckSample>,
  annotations: readonly TextCheckAnnotation[],
  only: ReadonlySet<string> | undefined,
  out: CheckIssue[],
): void {
  const spans = annotations.filter((a) => a.kind === 'span' && a.span);
  for (const [key, list] of groupBy(spans, (a) => a.sample)) {
    const s = samples.get(key);
    if (!s) continue;
    const sorted = [...list].sort((a, b) => a.span!.start - b.span!.start);
    // Sweep in start order against the span reaching furthest so far (one issue per span overlapping it).
    let reach = sorted[0];
    for (let i = 1; i < sorted.length && wants(only, 'overlapping_spans'); i++) {
      const a = reach!;
      const b = sorted[i]!;
      if (b.span!.start < a.span!.end)
        out.push({
          sampleId: s.id,
          annotationId: b.id,
          type: 'overlapping_spans',
          severity: 'warning',
          score: 0.8,
          reason: `${key}: "${s.text.slice(b.span!.start, b.span!.end)}" (${b.label}) overlaps "${s.text.slice(a.span!.start, a.span!.end)}" (${a.label})`,
          details: { spans: [a.span, b.span] },
        });
      if (b.span!.end > a.span!.end) reach = b;
    }
    if (!wants(only, 'span_boundary')) continue;
    for (const a of sorted) {
      const { start, end, tokenStart } = a.span!;
      const piece = s.text.slice(start, end);
      const edgeSpace = /^\s|\s$/u.test(piece);
      // Spans given by tokens follow the file's tokens; others are checked for cutting a word.
      const cuts =
        tokenStart === undefined &&
        ((start > 0 && WORD.test(s.text[start - 1] ?? '') && WORD.test(s.text[start] ?? '')) ||
          (end < s.text.length && WORD.test(s.text[end - 1] ?? '') && WORD.test(s.text[end] ?? '')));
      if (edgeSpace || cuts)
        out.push({
          sampleId: s.id,
          annotationId: a.id,
          type: 'span_boundary',
          severity: 'warning',
          score: 0.6,
          reason: `${key}: the ${a.label} span "${piece}" ${edgeSpace ? 'begins or ends with whitespace' : 'cuts a word'}`,
          details: { span: a.span },
        });
    }
  }
}

function tagSequences(samples: readonly TextCheckSample[], out: CheckIssue[]): void {
  for (const s of samples) {
    if (!s.tags) continue;
    let prev = 'O';
    s.tags.forEach((tag, i) => {
      if (tag.startsWith('I-') && prev.slice(2) !== tag.slice(2)) {
        out.push({
          sampleId: s.id,
          type: 'invalid_tag_sequence',
          severity: 'warning',
          score: 0.7,
          reason: `${s.key}: token ${i + 1} is ${tag} after ${prev}, with no B-${tag.slice(2)} opening it`,
          details: { token: i, tag, previous: prev },
        });
      }
      prev = tag;
    });
  }
}

/**
 * Checks over text samples and one source's annotations: empty or whitespace-only texts, length
 * outliers (characters, tokens), exact and normalised duplicates, near duplicates (MinHash), one text with conflicting labels
 * (on every sample of the group), leakage of one text across splits, overlapping spans, spans over
 * whitespace or cutting a word, and I- tags that no B- opens (IOB2 files; IOB1 allows them by design,
 * so the caller passes tags only from IOB2/BIOES files), encoding damage (U+FFFD, mojibake, control
 * characters) and texts in an unexpected language (when the samples carry a detection).
 */
export function textChecks(
  samples: readonly TextCheckSample[],
  annotations: readonly TextCheckAnnotation[],
  options: TextCheckOptions = {},
): CheckResult {
  const { only } = options;
  const issues: CheckIssue[] = [];
  if (wants(only, 'empty_text'))
    for (const s of samples)
      if (s.text.trim() === '')
        issues.push({
          sampleId: s.id,
          type: 'empty_text',
          severity: 'error',
          score: 1,
          reason: `${s.key}: the text is ${s.text === '' ? 'empty' : 'whitespace only'}`,
        });
  if (wants(only, 'text_length_outlier')) lengthOutliers(samples, options.lengthZ ?? 4, issues);
  const labels = new Map<string, string>();
  for (const a of annotations)
    if (a.kind === 'classification' && a.label !== undefined)
      labels.set(a.sample, labels.has(a.sample) ? [labels.get(a.sample), a.label].sort().join('|') : a.label);
  duplicates(samples, labels, only, issues);
  if (wants(only, 'near_duplicate')) nearDuplicates(samples, options.nearDuplicate ?? 0.8, issues);
  spanChecks(new Map(samples.map((s) => [s.key, s])), annotations, only, issues);
  if (wants(only, 'invalid_tag_sequence')) tagSequences(samples, issues);
  if (wants(only, 'encoding_damage')) encodingIssues(samples, issues);
  const skipped: CheckResult['skipped'] = [];
  if (wants(only, 'unexpected_language')) {
    if (samples.some((s) => s.detected)) languageIssues(samples, options.languages, issues);
    else
      skipped.push({
        check: 'unexpected_language',
        count: samples.length,
        reason: 'no language detection was given',
      });
  }
  return { issues, skipped };
}
