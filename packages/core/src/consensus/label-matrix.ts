import { AssayError } from '../errors.js';
import type { ProbMatrix } from '../label-errors/prob-matrix.js';

/**
 * Labels from several annotators, row-major `rows × cols` (one row per example, one column per
 * annotator): a class index 0..K-1, or NaN where that annotator did not label that example.
 */
export interface LabelMatrix {
  data: Float64Array;
  rows: number;
  cols: number;
}

/** Class probabilities, row-major `rows × cols` (one row per example, one column per class). */
export type { ProbMatrix };

/** Number of labels per example (non-NaN cells of each row). */
export function countAnnotations(labels: LabelMatrix): Int32Array {
  const out = new Int32Array(labels.rows);
  for (let r = 0; r < labels.rows; r++) {
    let n = 0;
    for (let c = 0; c < labels.cols; c++) if (!Number.isNaN(labels.data[r * labels.cols + c]!)) n++;
    out[r] = n;
  }
  return out;
}

/**
 * Checks what every consensus method needs: integer labels in 0..numClasses-1, at least one label per
 * example and per annotator, and predicted probabilities (when given) with one row per example.
 */
export function checkLabelMatrix(labels: LabelMatrix, numClasses: number, probs?: ProbMatrix): void {
  const { rows, cols, data } = labels;
  if (data.length !== rows * cols)
    throw new AssayError(
      'INVALID_INPUT',
      `The label matrix holds ${data.length} values, not ${rows}×${cols}.`,
    );
  if (rows === 0 || cols === 0)
    throw new AssayError('INVALID_INPUT', 'The label matrix is empty.', {
      hint: 'Give one row per example and one column per annotator.',
    });
  const perAnnotator = new Int32Array(cols);
  for (let r = 0; r < rows; r++) {
    let n = 0;
    for (let c = 0; c < cols; c++) {
      const v = data[r * cols + c]!;
      if (Number.isNaN(v)) continue;
      if (!Number.isInteger(v) || v < 0 || v >= numClasses)
        throw new AssayError(
          'INVALID_INPUT',
          `Example ${r}, annotator ${c}: label ${v} is not a class index in 0..${numClasses - 1}.`,
          { hint: 'Labels are class indices; NaN marks an example the annotator did not label.' },
        );
      n++;
      perAnnotator[c]!++;
    }
    if (n === 0)
      throw new AssayError('INVALID_INPUT', `Example ${r} has no label from any annotator.`, {
        hint: 'Drop examples nobody labeled before computing a consensus.',
      });
  }
  const idle = perAnnotator.indexOf(0);
  if (idle >= 0)
    throw new AssayError('INVALID_INPUT', `Annotator ${idle} labeled no example.`, {
      hint: 'Drop annotators without labels before computing a consensus.',
    });
  if (probs && (probs.rows !== rows || probs.cols !== numClasses || probs.data.length !== rows * numClasses))
    throw new AssayError(
      'INVALID_INPUT',
      `The predicted probabilities are ${probs.rows}×${probs.cols}; the labels need ${rows}×${numClasses}.`,
      { hint: 'Give one row of class probabilities per example, in the same order as the labels.' },
    );
}

/** Index of the first largest value of `values[from .. from+count)`, relative to `from`. */
export function argmaxAt(values: ArrayLike<number>, from: number, count: number): number {
  let best = 0;
  for (let i = 1; i < count; i++) if (values[from + i]! > values[from + best]!) best = i;
  return best;
}
