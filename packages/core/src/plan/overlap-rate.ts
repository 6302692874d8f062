/**
 * Composition overlap rate of a target and a measured distribution:
 * Σ_v min(target_v, actual_v) / Σ_v max(target_v, actual_v) over the union of values, a value missing
 * from one side counting as 0 there (so data in values the target does not name lowers the rate, and
 * so does a target value with no data). This is the composition measure of Korea's AI training-data
 * quality guideline (NIA); its worked example, targets 40%/60% against results 50%/50%, gives
 * 0.9 / 1.1 = 81.8%. Both sides are shares (each sums to 1); 1 means identical, 0 disjoint.
 */
export function overlapRate(target: Record<string, number>, actual: Record<string, number>): number {
  let lo = 0;
  let hi = 0;
  for (const v of new Set([...Object.keys(target), ...Object.keys(actual)])) {
    const t = target[v] ?? 0;
    const a = actual[v] ?? 0;
    lo += Math.min(t, a);
    hi += Math.max(t, a);
  }
  return hi === 0 ? 1 : lo / hi;
}

/** Counts turned into shares that sum to 1 (all zero when there is nothing). */
export function toShares(counts: Record<string, number>): Record<string, number> {
  let total = 0;
  for (const n of Object.values(counts)) total += n;
  const out: Record<string, number> = {};
  for (const [k, n] of Object.entries(counts)) out[k] = total === 0 ? 0 : n / total;
  return out;
}
