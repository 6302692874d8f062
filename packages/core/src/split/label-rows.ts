import type { LabelRows } from './iterative-stratification.js';

export interface LabelRowsOptions {
  /** Count of each listed label, per item (default 1 each). */
  counts?: readonly (readonly number[])[];
  /** Samples each item stands for (default 1). */
  weights?: readonly number[];
}

/** Label lists per item → the CSR rows iterativeStratification takes (a label listed twice is merged). */
export function labelRows(
  labels: readonly (readonly number[])[],
  labelCount: number,
  options: LabelRowsOptions = {},
): LabelRows {
  const n = labels.length;
  const offsets = new Int32Array(n + 1);
  const flat: number[] = [];
  const flatCounts: number[] = [];
  for (let i = 0; i < n; i++) {
    const seen = new Map<number, number>();
    const row = labels[i]!;
    for (let e = 0; e < row.length; e++) {
      const l = row[e]!;
      seen.set(l, (seen.get(l) ?? 0) + (options.counts?.[i]?.[e] ?? 1));
    }
    for (const [l, c] of [...seen].sort((a, b) => a[0] - b[0])) {
      flat.push(l);
      flatCounts.push(c);
    }
    offsets[i + 1] = flat.length;
  }
  return {
    n,
    labelCount,
    offsets,
    labels: Int32Array.from(flat),
    ...(options.counts || flatCounts.some((c) => c !== 1) ? { counts: Float64Array.from(flatCounts) } : {}),
    ...(options.weights ? { weights: Float64Array.from(options.weights) } : {}),
  };
}
