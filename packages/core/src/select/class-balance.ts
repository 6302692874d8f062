import type { LabelRows } from '../split/iterative-stratification.js';

/**
 * Greedy class balancing toward target shares: each pick goes to the class furthest below its target
 * (target share × (picked + 1) − picked samples holding it) and takes, among the pool rows holding that
 * class, the one with the highest `priority` (e.g. uncertainty; ties and no priority: pool order).
 * `classes` holds each row's (predicted or labelled) classes; `initial` counts per class what the
 * labelled set already holds. Rows with no class are taken last. Returns picked rows in order.
 */
export function classBalanceSelect(
  classes: LabelRows,
  pool: ArrayLike<number>,
  budget: number,
  target: Float64Array,
  options: { priority?: Float64Array; initial?: Float64Array } = {},
): Int32Array {
  const L = classes.labelCount;
  const have = options.initial ? Float64Array.from(options.initial) : new Float64Array(L);
  let total = 0;
  for (const h of have) total += h;
  const order = Array.from(pool as ArrayLike<number>);
  if (options.priority) {
    const pr = options.priority;
    order.sort((a, b) => pr[b]! - pr[a]!);
  }
  const byClass: number[][] = Array.from({ length: L }, () => []);
  for (const r of order)
    for (let e = classes.offsets[r]!; e < classes.offsets[r + 1]!; e++) byClass[classes.labels[e]!]!.push(r);
  const cursor = new Int32Array(L);
  const taken = new Set<number>();
  const picked: number[] = [];
  const want = Math.min(budget, order.length);
  while (picked.length < want) {
    let cls = -1;
    let deficit = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < L; c++) {
      while (cursor[c]! < byClass[c]!.length && taken.has(byClass[c]![cursor[c]!]!)) cursor[c]!++;
      if (cursor[c]! >= byClass[c]!.length) continue;
      const d = target[c]! * (total + 1) - have[c]!;
      if (d > deficit) [deficit, cls] = [d, c];
    }
    let row: number | undefined;
    if (cls >= 0) row = byClass[cls]![cursor[cls]!];
    else row = order.find((r) => !taken.has(r));
    if (row === undefined) break;
    taken.add(row);
    picked.push(row);
    total++;
    for (let e = classes.offsets[row]!; e < classes.offsets[row + 1]!; e++) have[classes.labels[e]!]!++;
  }
  return Int32Array.from(picked);
}
