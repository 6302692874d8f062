/**
 * Calibration of confidences: expected calibration error (ECE) over equal-width bins and the data of a
 * reliability diagram. Used for detection scores (correct = a true positive at IoU 0.5) and for the
 * top-1 probability of a classifier (correct = the argmax is the true class).
 *
 * Bins split [0, 1] into `bins` equal intervals; bin b holds confidences in (b/B, (b+1)/B], and bin 0
 * also holds a confidence of exactly 0 (Guo et al. 2017, "On Calibration of Modern Neural Networks",
 * eq. 3: ECE = Σ_b |B_b|/n · |acc(B_b) − conf(B_b)|). Confidences outside [0, 1] are clamped into the
 * first or last bin; NaN confidences are not allowed (the callers check scores before).
 */
export interface CalibrationBin {
  /** Lower and upper edge of the bin. */
  lo: number;
  hi: number;
  count: number;
  /** Mean confidence of the bin's items; null when the bin is empty. */
  confidence: number | null;
  /** Fraction of the bin's items that are correct; null when the bin is empty. */
  accuracy: number | null;
}

export interface Calibration {
  /** Expected calibration error, in [0, 1]; 0 when there are no items. */
  ece: number;
  /** Maximum calibration error over non-empty bins (0 when there are no items). */
  mce: number;
  count: number;
  bins: CalibrationBin[];
}

export interface CalibrationOptions {
  /** Number of equal-width bins (default 10). */
  bins?: number;
}

/** Bin of a confidence: the b with b/n < c <= (b+1)/n, edges compared exactly as written in the doc. */
function binOf(c: number, n: number): number {
  let b = Math.min(n - 1, Math.max(0, Math.ceil(c * n) - 1));
  while (b > 0 && c <= b / n) b--;
  while (b < n - 1 && c > (b + 1) / n) b++;
  return b;
}

/** ECE and reliability-diagram bins of `confidence[i]` against `correct[i]` (non-zero = correct). */
export function calibration(
  confidence: ArrayLike<number>,
  correct: ArrayLike<number | boolean>,
  options: CalibrationOptions = {},
): Calibration {
  const nBins = options.bins ?? 10;
  if (!Number.isInteger(nBins) || nBins < 1)
    throw new RangeError(`bins must be a positive integer, got ${nBins}`);
  if (confidence.length !== correct.length) {
    throw new RangeError(
      `confidence (${confidence.length}) and correct (${correct.length}) differ in length`,
    );
  }
  const counts = new Float64Array(nBins);
  const sumConf = new Float64Array(nBins);
  const sumCorrect = new Float64Array(nBins);
  const n = confidence.length;
  for (let i = 0; i < n; i++) {
    const c = confidence[i] as number;
    const b = binOf(c, nBins);
    counts[b]! += 1;
    sumConf[b]! += c;
    if (correct[i]) sumCorrect[b]! += 1;
  }
  let ece = 0;
  let mce = 0;
  const bins: CalibrationBin[] = [];
  for (let b = 0; b < nBins; b++) {
    const count = counts[b]!;
    const conf = count > 0 ? sumConf[b]! / count : null;
    const acc = count > 0 ? sumCorrect[b]! / count : null;
    if (conf !== null && acc !== null) {
      const gap = Math.abs(acc - conf);
      ece += (count / n) * gap;
      mce = Math.max(mce, gap);
    }
    bins.push({ lo: b / nBins, hi: (b + 1) / nBins, count, confidence: conf, accuracy: acc });
  }
  return { ece, mce, count: n, bins };
}
