/**
 * How many examples to flag per (true class, given class) cell: the transposed calibrated confident joint,
 * adjusted as cleanlab's `_keep_at_least_n_per_class`, `_reduce_prune_counts` and (when asked)
 * `num_to_remove_per_class` adjust it. Entry [j][k] is the number of examples given label k to flag as
 * belonging to class j; [k][k] is how many examples of label k to keep.
 */
import { AssayError } from '../errors.js';
import { roundPreservingRowTotals } from './confident-joint.js';
import { pairwiseSum } from './internal/numpy-math.js';

export interface PruneCountMatrixOptions {
  /** Keep at least this many examples per class; default 1. */
  minExamplesPerClass?: number;
  /** Scale the off-diagonal counts by this fraction; default 1. */
  fracNoise?: number;
  /** Flag exactly this many examples of each given class (length k). */
  numToRemovePerClass?: number[];
}

export function pruneCountMatrix(
  calibratedJoint: Float64Array,
  counts: Float64Array,
  options: PruneCountMatrixOptions = {},
): Float64Array {
  const k = counts.length;
  const minKeep = options.minExamplesPerClass ?? 1;
  const fracNoise = options.fracNoise ?? 1;
  const pcm = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) pcm[i * k + j] = calibratedJoint[j * k + i] as number;
  const kept = keepAtLeast(pcm, k, minKeep);
  const reduced = reducePruneCounts(kept, k, fracNoise);
  const result = roundPreservingRowTotals(reduced, k).map(Math.trunc);
  const remove = options.numToRemovePerClass;
  if (remove === undefined) return result;
  if (remove.length !== k) {
    throw new AssayError('USAGE', `numToRemovePerClass has ${remove.length} entries for ${k} classes.`, {
      hint: 'Give one count per class, in class order.',
    });
  }
  return fixedRemovals(result, counts, remove);
}

/** Raise the diagonal to `minKeep`, taking the difference evenly from the column's non-zero noise cells. */
function keepAtLeast(pcm: Float64Array, k: number, minKeep: number): Float64Array {
  const out = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    const diag = pcm[j * k + j] as number;
    const newDiag = Math.max(diag, minKeep);
    let nonZero = 0;
    for (let i = 0; i < k; i++) if ((pcm[i * k + j] as number) !== 0) nonZero++;
    const share = (newDiag - diag) / Math.max(nonZero - 1, 1);
    for (let i = 0; i < k; i++)
      out[i * k + j] = i === j ? newDiag : Math.max(0, (pcm[i * k + j] as number) - share);
  }
  return out;
}

/** Off-diagonal cells × fracNoise, truncated to integers as NumPy's astype(int) does. */
function reducePruneCounts(m: Float64Array, k: number, fracNoise: number): Float64Array {
  const out = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    let removed = 0;
    for (let i = 0; i < k; i++) {
      if (i === j) continue;
      const v = m[i * k + j] as number;
      const scaled = v * fracNoise;
      removed += v - scaled;
      out[i * k + j] = Math.trunc(scaled);
    }
    out[j * k + j] = Math.trunc((m[j * k + j] as number) + removed);
  }
  return out;
}

/** cleanlab's `num_to_remove_per_class` branch (including its column-by-row-sum scaling). */
function fixedRemovals(pcm: Float64Array, counts: Float64Array, remove: number[]): Float64Array {
  const k = counts.length;
  const rowSums = new Float64Array(k);
  for (let i = 0; i < k; i++) rowSums[i] = pairwiseSum(pcm, i * k, k);
  const tmp = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    const psy = new Float64Array(k);
    for (let j = 0; j < k; j++) psy[j] = (pcm[i * k + j] as number) / (rowSums[j] as number);
    const noise = pairwiseSum(psy, 0, k) - (psy[i] as number);
    const r = remove[i] as number;
    for (let j = 0; j < k; j++)
      tmp[i * k + j] = i === j ? (counts[i] as number) - r : ((psy[j] as number) * r) / noise;
  }
  return roundPreservingRowTotals(tmp, k).map(Math.trunc);
}
