import type { EvalMatchRow, EvalSampleRow } from '../store/project-store.js';
import type { ProjectObject, SkippedObjects } from './annotations-to-coco.js';
import { classificationMetrics } from './classification.js';
import { classificationPairs } from './classification-pairs.js';

export interface ProjectClassificationResult {
  /** JSON for the run summary and `--json`: the metrics with class names. */
  summary: Record<string, unknown>;
  matches: EvalMatchRow[];
  samples: EvalSampleRow[];
  totals: { tp: number; fp: number; fn: number; ignored: number };
  skipped: SkippedObjects[];
}

/** Image-level labels of two sources: pairs (classification-pairs.ts) and sklearn-style metrics. */
export function evaluateProjectClassification(
  classes: { id: number; name: string }[],
  gt: ProjectObject[],
  pred: ProjectObject[],
): ProjectClassificationResult {
  const pairs = classificationPairs(classes, gt, pred);
  const m = classificationMetrics(pairs.input);
  const totals = { tp: 0, fp: 0, fn: 0, ignored: 0 };
  for (const s of pairs.samples) {
    totals.tp += s.tp;
    totals.fp += s.fp;
    totals.fn += s.fn;
  }
  totals.ignored = pairs.unlabeled;
  const summary = {
    ...m,
    per_class: m.per_class.map((r) => ({
      class_id: classes[r.class_index]!.id,
      name: classes[r.class_index]!.name,
      ...r,
    })),
    labels: classes.map((c) => c.name),
    unpredicted: pairs.unpredicted,
    unlabeled: pairs.unlabeled,
    totals,
  };
  return { summary, matches: pairs.matches, samples: pairs.samples, totals, skipped: pairs.skipped };
}
