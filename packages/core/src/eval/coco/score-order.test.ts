/**
 * scoreOrder is the comparator sort it replaces (score descending, ties by index), ties and -0 included,
 * with its WebAssembly kernel (score-order.wat, the default) and without.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scoreOrder } from './score-order.js';
import { useWasmKernels } from './wasm/instantiate.js';

function byComparator(score: Float64Array, n: number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  return order.sort((a, b) => (score[b]! > score[a]! ? 1 : score[b]! < score[a]! ? -1 : a - b));
}

describe('scoreOrder', () => {
  for (const wasm of [true, false])
    it(`orders as the comparator on ties, -0, few and many scores (${wasm ? 'WebAssembly' : 'JS'})`, () => {
      useWasmKernels(wasm);
      try {
        orders();
      } finally {
        useWasmKernels(true);
      }
    });

  function orders(): void {
    let s = 3;
    const rand = () => {
      s = (s * 16807) % 2147483647;
      return s / 2147483647;
    };
    for (const n of [0, 1, 5, 63, 64, 65, 1000, 20000]) {
      for (const levels of [1, 3, 1000, 0]) {
        const score = new Float64Array(n + 3);
        for (let i = 0; i < score.length; i++) {
          const v = levels === 0 ? rand() * 1e6 - 5e5 : Math.floor(rand() * levels) / levels;
          score[i] = i % 17 === 0 ? -0 : v;
        }
        assert.deepStrictEqual(scoreOrder(score, n), byComparator(score, n), `n ${n}, ${levels} levels`);
      }
    }
  }

  it('takes the comparator when a score is not finite', () => {
    const score = Float64Array.from({ length: 100 }, (_, i) => (i === 50 ? Number.POSITIVE_INFINITY : i % 7));
    assert.deepStrictEqual(scoreOrder(score), byComparator(score, 100));
  });
});
