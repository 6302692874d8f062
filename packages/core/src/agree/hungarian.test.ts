import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hungarian } from './hungarian.js';

/** Least total cost by trying every injective assignment of the smaller side (small sizes only). */
function bruteForce(cost: Float64Array, rows: number, cols: number): number {
  const small = Math.min(rows, cols);
  const at = (i: number, j: number) => (rows <= cols ? cost[i * cols + j]! : cost[j * cols + i]!);
  const other = Math.max(rows, cols);
  let best = Number.POSITIVE_INFINITY;
  const used = new Array<boolean>(other).fill(false);
  const walk = (i: number, sum: number) => {
    if (i === small) {
      best = Math.min(best, sum);
      return;
    }
    for (let j = 0; j < other; j++) {
      if (used[j]) continue;
      used[j] = true;
      walk(i + 1, sum + at(i, j));
      used[j] = false;
    }
  };
  walk(0, 0);
  return best;
}

/** A seeded linear congruential generator (Numerical Recipes constants). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('hungarian', () => {
  it('finds the least-cost assignment of a 3 × 3 matrix', () => {
    // Worked by hand over the 6 permutations: row 0 → column 1 (1), 1 → 0 (2), 2 → 2 (2), total 5.
    const cost = Float64Array.from([4, 1, 3, 2, 0, 5, 3, 2, 2]);
    assert.deepEqual([...hungarian(cost, 3, 3)], [1, 0, 2]);
  });

  it('equals brute force on 300 random square and rectangular matrices', () => {
    const random = lcg(42);
    for (let trial = 0; trial < 300; trial++) {
      const rows = 1 + Math.floor(random() * 6);
      const cols = 1 + Math.floor(random() * 6);
      const cost = Float64Array.from({ length: rows * cols }, () => Math.round(random() * 20) - 5);
      const a = hungarian(cost, rows, cols);
      const assigned = [...a].filter((j) => j >= 0);
      assert.equal(assigned.length, Math.min(rows, cols));
      assert.equal(new Set(assigned).size, assigned.length, 'each column used once');
      const total = [...a].reduce((s, j, i) => (j < 0 ? s : s + cost[i * cols + j]!), 0);
      assert.equal(total, bruteForce(cost, rows, cols), `trial ${trial} (${rows}×${cols})`);
    }
  });
});
