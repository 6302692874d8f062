import type { Annotation } from '../../model/annotation.js';
import type { CheckResult } from '../check-types.js';
import type { LanguageGuess } from './language-detector.js';
import { TextChecker } from './text-checker.js';
import { spanIssues } from './text-sample-checks.js';

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
  /** Languages the dataset is expected in (ISO 639-1); default: the stated ones, else the main detected ones (MAIN_LANGUAGE). */
  languages?: readonly string[];
}

/**
 * Checks over text samples and one source's annotations: empty or whitespace-only texts, length
 * outliers (characters, tokens), exact and normalised duplicates, near duplicates (MinHash), one text
 * with conflicting labels (on every sample of the group), leakage of one text across splits,
 * overlapping spans, spans over whitespace or cutting a word, and I- tags that no B- opens (IOB2 files;
 * IOB1 allows them by design, so the caller passes tags only from IOB2/BIOES files), encoding damage
 * (U+FFFD, mojibake, control characters) and texts in an unexpected language (when the samples carry a
 * detection). Lists in memory; `assay check` streams the samples through a TextChecker instead.
 */
export function textChecks(
  samples: readonly TextCheckSample[],
  annotations: readonly TextCheckAnnotation[],
  options: TextCheckOptions = {},
): CheckResult {
  const labels = new Map<string, string[]>();
  const spans = new Map<string, { id: number; label?: string; span: NonNullable<Annotation['span']> }[]>();
  for (const a of annotations) {
    if (a.kind === 'classification' && a.label !== undefined) {
      const list = labels.get(a.sample);
      if (list) list.push(a.label);
      else labels.set(a.sample, [a.label]);
    } else if (a.kind === 'span' && a.span) {
      const span = { id: a.id, span: a.span, ...(a.label === undefined ? {} : { label: a.label }) };
      const list = spans.get(a.sample);
      if (list) list.push(span);
      else spans.set(a.sample, [span]);
    }
  }
  const checker = new TextChecker(options);
  for (const s of samples) {
    checker.add(s, labels.get(s.key)?.sort().join('|'));
    const list = spans.get(s.key);
    if (list) spanIssues(s, list, options.only, checker.issues);
  }
  return checker.finish();
}
