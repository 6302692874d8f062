/**
 * Items to stratify as a sparse matrix (CSR): item i holds labels `labels[offsets[i]..offsets[i+1])`
 * with `counts` of each (1 for a plain label set). `weights[i]` is how many samples the item stands for
 * (a group of near duplicates counts as its size; default 1).
 */
export interface LabelRows {
  n: number;
  /** Number of distinct labels (label ids are 0..labelCount-1). */
  labelCount: number;
  offsets: Int32Array;
  labels: Int32Array;
  /** Per entry; default all 1 (presence). */
  counts?: Float64Array;
  /** Per item; default all 1. */
  weights?: Float64Array;
}

export interface IterativeStratificationOptions {
  /** Uniform [0, 1) generator for tie breaks: a tie among m candidates takes candidate ⌊random()·m⌋. */
  random: () => number;
}

/**
 * Iterative stratification (Sechidis, Tsoumakas & Vlahavas, "On the Stratification of Multi-Label
 * Data", ECML PKDD 2011, Algorithm 1), in the operation order of `IterativeStratification` in
 * trent-b/iterative-stratification (iterstrat/ml_stratifiers.py), so with the same tie breaks it gives
 * the same folds (see iterative-stratification.test.ts):
 * - desired examples per subset c_j = r_j·n and per label c_j^λ = r_j·|D^λ| (float64, as numpy's);
 * - repeatedly take the label with the fewest (but at least one) remaining examples (ties: random), and
 *   put each of its unprocessed examples, in item order, into the subset with the largest c_j^λ, ties by
 *   the largest c_j, further ties random; then c_m^λ -= 1 for each of its labels and c_m -= 1;
 * - items with no label left go, in item order, to the subset with the largest c_j (ties random).
 * Generalisation (used for groups only): an item of weight w with label counts k_λ lowers c_m by w and
 * c_m^λ by k_λ, and counts k_λ toward |D^λ|; with weights and counts 1 it is the algorithm above.
 * Returns the subset index of each item. O(L² + nnz·k) with an inverted index.
 */
export function iterativeStratification(
  rows: LabelRows,
  ratios: readonly number[],
  options: IterativeStratificationOptions,
): Int32Array {
  const { n, labelCount: L, offsets, labels, counts, weights } = rows;
  const k = ratios.length;
  const fold = new Int32Array(n).fill(-1);
  const cFolds = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < n; i++) total += weights ? weights[i]! : 1;
  for (let j = 0; j < k; j++) cFolds[j] = ratios[j]! * total;
  // remaining[λ] = Σ over unprocessed items of their count of λ
  const remaining = new Float64Array(L);
  const degree = new Int32Array(L);
  for (let e = 0; e < labels.length; e++) {
    remaining[labels[e]!]! += counts ? counts[e]! : 1;
    degree[labels[e]!]!++;
  }
  const cLabels = new Float64Array(k * L); // [fold * L + label]
  for (let j = 0; j < k; j++) for (let l = 0; l < L; l++) cLabels[j * L + l] = ratios[j]! * remaining[l]!;
  // inverted index: items of each label, in item order
  const start = new Int32Array(L + 1);
  for (let l = 0; l < L; l++) start[l + 1] = start[l]! + degree[l]!;
  const itemsOf = new Int32Array(labels.length);
  const fill = start.slice(0, L);
  for (let i = 0; i < n; i++)
    for (let e = offsets[i]!; e < offsets[i + 1]!; e++) itemsOf[fill[labels[e]!]!++] = i;
  const pick = (m: number) => Math.min(m - 1, Math.floor(options.random() * m));
  const ties: number[] = [];
  for (;;) {
    let min = Number.POSITIVE_INFINITY;
    for (let l = 0; l < L; l++) if (remaining[l]! > 0 && remaining[l]! < min) min = remaining[l]!;
    if (min === Number.POSITIVE_INFINITY) break;
    ties.length = 0;
    for (let l = 0; l < L; l++) if (remaining[l] === min) ties.push(l);
    const label = ties.length > 1 ? ties[pick(ties.length)]! : ties[0]!;
    for (let p = start[label]!; p < start[label + 1]!; p++) {
      const item = itemsOf[p]!;
      if (fold[item] !== -1) continue;
      const m = chooseFold(cLabels, cFolds, label, L, k, ties, pick);
      fold[item] = m;
      for (let e = offsets[item]!; e < offsets[item + 1]!; e++) {
        const c = counts ? counts[e]! : 1;
        cLabels[m * L + labels[e]!]! -= c;
        remaining[labels[e]!]! -= c;
      }
      cFolds[m]! -= weights ? weights[item]! : 1;
    }
  }
  for (let i = 0; i < n; i++) {
    if (fold[i] !== -1) continue;
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < k; j++) if (cFolds[j]! > max) max = cFolds[j]!;
    ties.length = 0;
    for (let j = 0; j < k; j++) if (cFolds[j] === max) ties.push(j);
    const m = ties.length > 1 ? ties[pick(ties.length)]! : ties[0]!;
    fold[i] = m;
    cFolds[m]! -= weights ? weights[i]! : 1;
  }
  return fold;
}

function chooseFold(
  cLabels: Float64Array,
  cFolds: Float64Array,
  label: number,
  L: number,
  k: number,
  ties: number[],
  pick: (m: number) => number,
): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < k; j++) if (cLabels[j * L + label]! > max) max = cLabels[j * L + label]!;
  ties.length = 0;
  for (let j = 0; j < k; j++) if (cLabels[j * L + label] === max) ties.push(j);
  if (ties.length === 1) return ties[0]!;
  let best = Number.NEGATIVE_INFINITY;
  for (const j of ties) if (cFolds[j]! > best) best = cFolds[j]!;
  const second: number[] = [];
  for (const j of ties) if (cFolds[j] === best) second.push(j);
  return second.length > 1 ? second[pick(second.length)]! : second[0]!;
}
