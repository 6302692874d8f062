/**
 * Turns a project's annotations into the arrays confident learning needs: per sample, the class index
 * of its one classification label and the prediction source's class probabilities (in project class-map
 * order, as import stores them). Samples that cannot take part are counted by reason, never dropped
 * silently.
 */

import { maxOf } from '../arrays/append-all.js';
import { AssayError } from '../errors.js';
import type { ProbMatrix } from '../label-errors/prob-matrix.js';
import type { StoredAnnotation } from '../store/project-store.js';

export interface LabelExamples {
  labels: Int32Array;
  probs: ProbMatrix;
  sampleIds: number[];
  sampleKeys: string[];
  /** The classification annotation holding each given label. */
  annotationIds: number[];
  /** Samples left out, by reason. */
  skipped: Record<string, number>;
}

export interface CollectLabelExamplesOptions {
  labels: string;
  prediction: string;
  /** The project's class names in class-map order. */
  classes: string[];
  /** Scan status of samples whose image is missing, corrupt or unreadable: they are skipped. */
  unusable?: Map<number, string>;
}

export function collectLabelExamples(
  annotations: StoredAnnotation[],
  options: CollectLabelExamplesOptions,
): LabelExamples {
  const k = options.classes.length;
  const classIndex = new Map(options.classes.map((name, i) => [name, i]));
  const given = new Map<number, StoredAnnotation[]>();
  const predicted = new Map<number, StoredAnnotation[]>();
  for (const a of annotations) {
    if (a.kind !== 'classification') continue;
    const into =
      a.source === options.labels ? given : a.source === options.prediction ? predicted : undefined;
    if (!into) continue;
    const list = into.get(a.sampleId);
    if (list) list.push(a);
    else into.set(a.sampleId, [a]);
  }
  const skipped: Record<string, number> = {};
  const skip = (reason: string) => {
    skipped[reason] = (skipped[reason] ?? 0) + 1;
  };
  const out = {
    labels: [] as number[],
    rows: [] as number[][],
    ids: [] as number[],
    keys: [] as string[],
    anns: [] as number[],
  };
  for (const sampleId of [...given.keys()].sort((a, b) => a - b)) {
    const labels = given.get(sampleId) as StoredAnnotation[];
    const unusable = options.unusable?.get(sampleId);
    if (unusable !== undefined) {
      skip(`image ${unusable} (assay scan)`);
      continue;
    }
    const preds = (predicted.get(sampleId) ?? []).filter((p) => p.probs !== undefined);
    const label = labels[0] as StoredAnnotation;
    const y = label.label === undefined ? undefined : classIndex.get(label.label);
    if (labels.length > 1) skip('several labels (multi-label samples are not supported)');
    else if (y === undefined) skip('label not in the class map');
    else if (preds.length === 0) skip('no predicted probabilities');
    else if (preds.length > 1) skip('several predictions with probabilities');
    else if (preds[0]?.probs?.length !== k) skip(`probabilities not of length ${k} (the class count)`);
    else {
      out.labels.push(y);
      out.rows.push(preds[0].probs);
      out.ids.push(sampleId);
      out.keys.push(label.sample);
      out.anns.push(label.id);
    }
  }
  if (out.labels.length === 0) {
    const why = Object.entries(skipped).map(([r, n]) => `${n} ${r}`);
    throw new AssayError(
      'INVALID_INPUT',
      `No sample has both a classification label in ${options.labels} and class probabilities in ${options.prediction}` +
        (why.length > 0 ? ` (skipped: ${why.join('; ')}).` : '.'),
      {
        hint: 'Import predictions with one probability per class (e.g. class-csv with probability columns).',
      },
    );
  }
  checkClassOrder(predicted, classIndex, options.prediction);
  const data = new Float64Array(out.rows.length * k);
  for (const [i, row] of out.rows.entries()) data.set(row, i * k);
  return {
    labels: Int32Array.from(out.labels),
    probs: { data, rows: out.rows.length, cols: k },
    sampleIds: out.ids,
    sampleKeys: out.keys,
    annotationIds: out.anns,
    skipped,
  };
}

/**
 * Import puts probabilities into the project's class order when the file names its classes (COCO
 * categories, CSV columns); a results list has no class list, so its `probs` are taken as they come.
 * When that order is not the project's, the columns mean other classes; a prediction's own label is then rarely its
 * top probability, which is what this checks (at least 10 labelled predictions, fewer than half agreeing).
 */
function checkClassOrder(
  predicted: Map<number, StoredAnnotation[]>,
  classIndex: Map<string, number>,
  prediction: string,
): void {
  let labelled = 0;
  let agree = 0;
  for (const list of predicted.values()) {
    for (const a of list) {
      const y = a.label === undefined ? undefined : classIndex.get(a.label);
      if (y === undefined || a.probs === undefined || a.probs.length !== classIndex.size) continue;
      labelled++;
      if ((a.probs[y] as number) >= maxOf(a.probs)) agree++;
    }
  }
  if (labelled >= 10 && agree < labelled / 2) {
    throw new AssayError(
      'INVALID_INPUT',
      `The probabilities of ${prediction} do not line up with the project's class map: only ${agree} of ` +
        `${labelled} predicted labels are their own most probable class.`,
      {
        hint: "Import the predictions with the project's class order (e.g. the same classes.txt as the ground truth).",
      },
    );
  }
}
