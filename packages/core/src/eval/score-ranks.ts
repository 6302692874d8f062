/**
 * Dense ranks of the detections' scores, from the one ranking of every detection an evaluation makes
 * (scoreOrder: score descending, ties in index order): rank 0 is the highest score, equal scores share
 * a rank (-0 equal to 0, as in scoreOrder). A set of detections is then put in score order by a
 * counting sort of their ranks (`rankOrder`) instead of ranking their scores again: TIDE's base points,
 * errors and true positives (tide.ts).
 */
export interface ScoreRanks {
  /** Per detection: the rank of its score among the distinct scores, highest first. */
  rank: Int32Array;
  /** The number of distinct scores. */
  count: number;
}

/** The ranks of `scores` from `order` = scoreOrder(scores, n); undefined when a score is not finite. */
export function scoreRanks(scores: Float64Array, order: Int32Array): ScoreRanks | undefined {
  const n = order.length;
  const rank = new Int32Array(n);
  let r = -1;
  let last = 0;
  for (let q = 0; q < n; q++) {
    const i = order[q]!;
    const v = scores[i]!;
    if (!Number.isFinite(v)) return undefined;
    if (r < 0 || v !== last) r++;
    last = v;
    rank[i] = r;
  }
  return { rank, count: r + 1 };
}

/**
 * Positions 0 .. n-1 of keys given as `-rank` (keys[0] first, then keys[1]'s, numbered on), by key
 * descending with ties in position order: scoreOrder of the scores those ranks stand for, as a stable
 * counting sort over `count` ranks.
 */
export function rankOrder(lists: readonly { key: Float64Array; n: number }[], count: number): Int32Array {
  const starts = new Int32Array(count + 1);
  let n = 0;
  for (const { key, n: m } of lists) {
    countRanks(key, m, starts);
    n += m;
  }
  for (let r = 0; r < count; r++) starts[r + 1]! += starts[r]!;
  const order = new Int32Array(n);
  let offset = 0;
  for (const { key, n: m } of lists) {
    placeRanks(key, m, starts, order, offset);
    offset += m;
  }
  return order;
}

function countRanks(key: Float64Array, n: number, starts: Int32Array): void {
  for (let i = 0; i < n; i++) starts[-key[i]! + 1]!++;
}

function placeRanks(
  key: Float64Array,
  n: number,
  starts: Int32Array,
  order: Int32Array,
  offset: number,
): void {
  for (let i = 0; i < n; i++) order[starts[-key[i]!]!++] = offset + i;
}
