import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { argsortHead } from './argsort-head.js';
import { argsortNumpy } from './numpy-argsort.js';
import { pairwiseSum, roundHalfEven } from './numpy-math.js';

/** Deterministic values with many ties (a small LCG, seeded). */
function values(n: number, distinct: number, seed: number): Float64Array {
  let s = seed;
  return Float64Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s % distinct) / distinct;
  });
}

describe('argsortNumpy', () => {
  it('returns a permutation that sorts, for sizes around the insertion-sort cut and large', () => {
    for (const n of [0, 1, 2, 15, 16, 17, 100, 5000]) {
      const v = values(n, 7, n + 1);
      const order = argsortNumpy(v);
      assert.deepEqual(
        Array.from(order).sort((a, b) => a - b),
        Array.from({ length: n }, (_, i) => i),
      );
      for (let i = 1; i < n; i++)
        assert.ok((v[order[i - 1] as number] as number) <= (v[order[i] as number] as number));
    }
  });
  it('keeps input order among ties up to 16 values (insertion sort) and puts NaN last', () => {
    assert.deepEqual(Array.from(argsortNumpy([1, 0, 1, 0, Number.NaN, 0])), [1, 3, 5, 0, 2, 4]);
  });
  it('does not keep input order among ties above 16 values, as NumPy 1.24 does not', () => {
    // 17 equal values: the median-of-three partition moves the middle one to the end.
    const order = Array.from(argsortNumpy(new Float64Array(17)));
    assert.notDeepEqual(
      order,
      Array.from({ length: 17 }, (_, i) => i),
    );
  });
});

describe('argsortHead', () => {
  it('picks the same set as the full NumPy-order argsort, ties across the cut included', () => {
    for (const [n, distinct] of [
      [50, 3],
      [1000, 10],
      [1000, 1000000],
    ] as const) {
      const v = values(n, distinct, 7);
      for (const m of [0, 1, 5, 17, n - 1, n]) {
        const want = Array.from(argsortNumpy(v).subarray(0, m)).sort((a, b) => a - b);
        assert.deepEqual(Array.from(argsortHead(v, n, m)), want, `n=${n} m=${m}`);
      }
    }
  });
});

describe('NumPy arithmetic', () => {
  it('pairwiseSum adds in blocks of eight as np.sum does', () => {
    // 1e16 then eight 1s: added one by one every 1 is lost (1e16 + 1 rounds back to 1e16); NumPy adds
    // ((1e16 + 1) + (1 + 1)) + ((1 + 1) + (1 + 1)) = 1e16 + 6, then the ninth value: 1e16 + 7 → 1e16 + 8.
    const a = [1e16, 1, 1, 1, 1, 1, 1, 1, 1];
    assert.equal(
      a.reduce((x, y) => x + y, 0),
      1e16,
    );
    assert.equal(pairwiseSum(a, 0, a.length), 1e16 + 8);
  });
  it('roundHalfEven rounds halves to the even integer', () => {
    assert.deepEqual([0.5, 1.5, 2.5, -0.5, -1.5, 2.4, 2.6].map(roundHalfEven), [0, 2, 2, -0, -2, 2, 3]);
  });
});
