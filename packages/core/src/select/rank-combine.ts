/**
 * Weighted combination of several orders of preference over the same pool: each component's order
 * (best first; rows it leaves out rank last) becomes a score 1 − rank/m, and rows are sorted by
 * Σ w · score (ties by pool order). Rank scores make uncertainty, class counts and diversity orders
 * comparable without calibrating their scales.
 */
export function combineRankings(
  pool: ArrayLike<number>,
  orders: readonly { order: ArrayLike<number>; weight: number }[],
): Int32Array {
  const m = pool.length;
  const position = new Map<number, number>();
  for (let p = 0; p < m; p++) position.set(pool[p]!, p);
  const score = new Float64Array(m);
  for (const { order, weight } of orders) {
    for (let r = 0; r < order.length; r++) {
      const p = position.get(order[r]!);
      if (p !== undefined) score[p]! += weight * (1 - r / m);
    }
  }
  const idx = Array.from({ length: m }, (_, p) => p).sort((a, b) => score[b]! - score[a]! || a - b);
  return Int32Array.from(idx, (p) => pool[p]!);
}

/** Pool rows sorted by a score, highest first (ties: pool order). */
export function orderByScore(pool: ArrayLike<number>, score: Float64Array): Int32Array {
  const rows = Array.from(pool as ArrayLike<number>);
  const at = new Map(rows.map((r, p) => [r, p]));
  rows.sort((a, b) => score[b]! - score[a]! || at.get(a)! - at.get(b)!);
  return Int32Array.from(rows);
}
