import { type CheckIssue, wants } from '../check-types.js';
import type { LabelCheckInput, ResolvedLabelCheckOptions } from './label-check-input.js';
import {
  annotationName,
  KIND_POINT_LABELS,
  type LabelColumns,
  NO_CLASS,
  UNKNOWN_CLASS,
} from './label-columns.js';

/** undefined_class: annotations without a class, or with a name outside the class map. */
export function undefinedClassIssues(input: LabelCheckInput, c: LabelColumns): CheckIssue[] {
  const issues: CheckIssue[] = [];
  for (let i = 0; i < c.n; i++) {
    const k = c.cls[i]!;
    if (k !== NO_CLASS && k !== UNKNOWN_CLASS) continue;
    // Per-point labels carry their classes per point, not as the annotation's class.
    if (k === NO_CLASS && c.kind[i] === KIND_POINT_LABELS) continue;
    const a = input.annotations.at(i)!;
    const key = input.samples[c.sample[i]!]?.key ?? `sample ${a.sampleId}`;
    issues.push({
      sampleId: a.sampleId,
      annotationId: a.id,
      type: 'undefined_class',
      severity: 'error',
      score: 1,
      reason:
        k === NO_CLASS
          ? `${key}: ${annotationName(a)} has no class.`
          : `${key}: ${annotationName(a)} has class "${a.label}", which is not in the class map.`,
      details: { label: a.label ?? null },
    });
  }
  return issues;
}

/** Annotations and samples per class (index into input.classes), summed over batches of samples. */
export interface ClassCounts {
  annotations: Float64Array;
  samples: Float64Array;
}

/** Adds a batch's annotations and samples per class to `counts` (each sample is in one batch only). */
export function addClassCounts(input: LabelCheckInput, c: LabelColumns, counts: ClassCounts): void {
  const { annotations, samples } = counts;
  const lastSample = new Int32Array(input.classes.length).fill(-1);
  const count = (cls: number, s: number) => {
    if (cls < 0) return;
    annotations[cls]!++;
    if (lastSample[cls] !== s) {
      lastSample[cls] = s;
      samples[cls]!++;
    }
  };
  for (let s = 0; s < input.samples.length; s++) {
    for (let r = c.start[s]!; r < c.start[s + 1]!; r++) {
      const row = c.order[r]!;
      count(c.cls[row]!, s);
      // Per-point labels count once for each class they give points to.
      if (c.pointCls.size > 0) for (const cls of c.pointCls.get(row) ?? []) count(cls, s);
    }
  }
}

/** unused_class, class_imbalance and too_few_samples: one issue per class, with no sample. */
export function classBalanceIssues(
  classes: readonly string[],
  counts: ClassCounts,
  o: ResolvedLabelCheckOptions,
): CheckIssue[] {
  const { annotations, samples } = counts;
  const issues: CheckIssue[] = [];
  let largest = 0;
  annotations.forEach((n, i) => {
    if (n > annotations[largest]!) largest = i;
  });
  const top = annotations[largest] ?? 0;
  const topName = classes[largest];
  classes.forEach((name, i) => {
    const n = annotations[i]!;
    const details = { class: name, annotations: n, samples: samples[i]! };
    if (n === 0) {
      if (wants(o.only, 'unused_class'))
        issues.push({
          type: 'unused_class',
          severity: 'info',
          score: 0.5,
          reason: `Class "${name}" is defined but no annotation uses it.`,
          details,
        });
      return;
    }
    if (wants(o.only, 'class_imbalance') && n * o.imbalanceRatio < top) {
      issues.push({
        type: 'class_imbalance',
        severity: 'warning',
        score: Math.min(1, 1 - (n * o.imbalanceRatio) / top + 0.5),
        reason: `Class "${name}" has ${n} annotations, ${(top / n).toFixed(1)}× fewer than "${topName}" (${top}); the limit is ${o.imbalanceRatio}×.`,
        details: { ...details, largest_class: topName, largest_annotations: top, ratio: top / n },
      });
    }
    if (wants(o.only, 'too_few_samples') && samples[i]! < o.minSamplesPerClass) {
      issues.push({
        type: 'too_few_samples',
        severity: 'warning',
        score: 1 - samples[i]! / o.minSamplesPerClass / 2,
        reason: `Class "${name}" appears in ${samples[i]} sample(s), fewer than ${o.minSamplesPerClass}.`,
        details: { ...details, min_samples: o.minSamplesPerClass },
      });
    }
  });
  return issues;
}

/** no_annotations: samples without any annotation of the checked source. */
export function noAnnotationIssues(input: LabelCheckInput, c: LabelColumns): CheckIssue[] {
  const issues: CheckIssue[] = [];
  input.samples.forEach((s, i) => {
    if (c.start[i + 1]! > c.start[i]!) return;
    issues.push({
      sampleId: s.id,
      type: 'no_annotations',
      severity: 'info',
      score: 0.5,
      reason: `${s.key} has no annotations (a background image, or missed labels).`,
    });
  });
  return issues;
}
