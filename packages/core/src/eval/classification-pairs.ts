import { appendAll } from '../arrays/append-all.js';
import type { EvalMatchRow, EvalSampleRow } from '../store/project-store.js';
import type { ProjectObject, SkippedObjects } from './annotations-to-coco.js';
import type { ClassificationInput } from './classification.js';

/**
 * Pairs a project's image-level labels (kind `classification`) of two sources by sample: the ground
 * truth's first label on a sample (lowest annotation id) against the prediction with the highest score
 * there (the first on ties). The predicted class is the prediction's label, else the argmax of its
 * `probs`; its confidence is its score, else its probability. Probabilities count for top-k only when
 * every paired prediction has one per class of the class map.
 *
 * Outcomes: a right label is `tp` on both sides; a wrong one is `fp` for the prediction and `fn` for the
 * ground truth; a ground truth without prediction is `fn`; a prediction on a sample without ground
 * truth is `ignored`. Per sample: tp, fp, fn in {0, 1}.
 */
export interface ClassificationPairs {
  input: ClassificationInput;
  matches: EvalMatchRow[];
  samples: EvalSampleRow[];
  /** Ground-truth labels with no prediction on their sample. */
  unpredicted: number;
  /** Predictions on samples without a ground-truth label. */
  unlabeled: number;
  skipped: SkippedObjects[];
}

function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

function firstBySample(objects: ProjectObject[], better: (a: ProjectObject, b: ProjectObject) => boolean) {
  const bySample = new Map<number, ProjectObject>();
  const extra: number[] = [];
  for (const a of objects) {
    if (a.kind !== 'classification') continue;
    const known = bySample.get(a.sampleId);
    if (known === undefined || better(a, known)) bySample.set(a.sampleId, a);
    if (known !== undefined) extra.push(better(a, known) ? known.id : a.id);
  }
  return { bySample, extra };
}

/** Pairs classification labels of two sources (see the file comment); classes in class-map order. */
export function classificationPairs(
  classes: { id: number; name: string }[],
  gt: ProjectObject[],
  pred: ProjectObject[],
): ClassificationPairs {
  const K = classes.length;
  const index = new Map(classes.map((c, i) => [c.name, i]));
  const skipped: SkippedObjects[] = [];
  const skip = (reason: string, ids: number[]) =>
    ids.length > 0 && skipped.push({ reason, count: ids.length, examples: ids.slice(0, 5) });
  const truth = firstBySample(gt, (a, b) => a.id < b.id);
  const guess = firstBySample(pred, (a, b) => (a.score ?? 0) > (b.score ?? 0));
  skip('ground-truth labels beyond the first on a sample', truth.extra);
  skip('predicted labels beyond the highest-scoring one on a sample', guess.extra);
  const labels: number[] = [];
  const predicted: number[] = [];
  const confidence: number[] = [];
  const probs: number[] = [];
  let allProbs = true;
  const matches: EvalMatchRow[] = [];
  const samples: EvalSampleRow[] = [];
  const noClass: number[] = [];
  let unpredicted = 0;
  for (const [sampleId, t] of truth.bySample) {
    const label = t.label === undefined ? undefined : index.get(t.label);
    if (label === undefined) {
      noClass.push(t.id);
      continue;
    }
    const p = guess.bySample.get(sampleId);
    const pIndex =
      p?.label !== undefined ? index.get(p.label) : p?.probs?.length === K ? argmax(p.probs) : undefined;
    const gtRow = {
      annotationId: t.id,
      sampleId,
      role: 'gt' as const,
      classId: classes[label]!.id,
      score: null,
    };
    if (p === undefined || pIndex === undefined) {
      if (p !== undefined) noClass.push(p.id);
      unpredicted++;
      matches.push({ ...gtRow, matchedId: null, iou: null, outcome: 'fn', error: null });
      samples.push({ sampleId, tp: 0, fp: 0, fn: 1 });
      continue;
    }
    const right = pIndex === label;
    labels.push(label);
    predicted.push(pIndex);
    confidence.push(p.score ?? p.probs?.[pIndex] ?? Number.NaN);
    if (p.probs?.length === K) appendAll(probs, p.probs);
    else allProbs = false;
    matches.push({ ...gtRow, matchedId: p.id, iou: null, outcome: right ? 'tp' : 'fn', error: null });
    matches.push({
      annotationId: p.id,
      sampleId,
      role: 'pred',
      classId: classes[pIndex]!.id,
      score: p.score ?? null,
      matchedId: t.id,
      iou: null,
      outcome: right ? 'tp' : 'fp',
      error: null,
    });
    samples.push({ sampleId, tp: right ? 1 : 0, fp: right ? 0 : 1, fn: right ? 0 : 1 });
  }
  skip('labels without a class of the class map', noClass);
  let unlabeled = 0;
  for (const [sampleId, p] of guess.bySample) {
    if (truth.bySample.has(sampleId)) continue;
    unlabeled++;
    const classId = p.label === undefined ? null : (classes[index.get(p.label) ?? -1]?.id ?? null);
    const row = { annotationId: p.id, sampleId, role: 'pred' as const, classId, score: p.score ?? null };
    matches.push({ ...row, matchedId: null, iou: null, outcome: 'ignored', error: null });
  }
  const input: ClassificationInput = {
    numClasses: K,
    labels,
    predicted,
    confidence,
    ...(allProbs && labels.length > 0 ? { probs } : {}),
  };
  return { input, matches, samples, unpredicted, unlabeled, skipped };
}
