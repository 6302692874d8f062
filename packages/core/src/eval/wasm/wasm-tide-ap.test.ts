import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testScenes, tiedImages } from '../_scenes-test-kit.js';
import { useWasmKernels } from '../coco/wasm/instantiate.js';
import { tideErrors } from '../tide.js';
import { TideApData } from '../tide-ap.js';
import { fillFixPoints, OrderedPoints } from '../tide-points.js';

/**
 * TIDE's mean AP by tide-ap.wat (OrderedPoints' default) equals OrderedPoints' JS loops and TideApData
 * (dbolya/tide's get_ap as written out in tide-ap.ts) bit for bit, on seeded random points: classes
 * without points, without ground truth, without true positives, and ties.
 */
function points(seed: number, n: number, K: number) {
  let s = seed;
  const rand = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  const gtCount = Float64Array.from({ length: K }, (_, k) => (k % 5 === 0 ? 0 : Math.floor(rand() * 40)));
  const list = Array.from({ length: n }, () => ({
    category: Math.floor(rand() * (K - 1)),
    score: Math.floor(rand() * 50) / 50,
    positive: rand() < 0.4,
  }));
  // Score order, stable: what OrderedPoints expects of its caller.
  const sorted = list.map((p, i) => ({ ...p, i })).sort((a, b) => b.score - a.score || a.i - b.i);
  return { gtCount, list, sorted };
}

function meanAp(
  wasm: boolean,
  K: number,
  gtCount: Float64Array,
  sorted: { category: number; positive: boolean }[],
) {
  useWasmKernels(wasm);
  try {
    const data = new OrderedPoints(sorted.length + 10, K, gtCount);
    for (const p of sorted) data.push(p.category, p.positive);
    const first = data.meanAp();
    data.reset(gtCount);
    for (const p of sorted.slice(0, sorted.length >> 1)) data.push(p.category, p.positive);
    return [first, data.meanAp()];
  } finally {
    useWasmKernels(true);
  }
}

describe('TIDE mean AP kernel (tide-ap.wat)', () => {
  it('equals the JS loops and TideApData', () => {
    for (const [seed, n, K] of [
      [7, 0, 3],
      [11, 1, 2],
      [3, 500, 12],
      [5, 20000, 81],
    ] as const) {
      const { gtCount, list, sorted } = points(seed, n, K);
      const wasm = meanAp(true, K, gtCount, sorted);
      const js = meanAp(false, K, gtCount, sorted);
      assert.ok(
        Object.is(wasm[0], js[0]) && Object.is(wasm[1], js[1]),
        `seed ${seed}: ${wasm} against ${js}`,
      );
      const reference = new TideApData(K);
      reference.gtCount.set(gtCount);
      for (const p of list) reference.push(p.category, p.score, p.positive);
      assert.ok(
        Object.is(wasm[0], reference.meanAp()),
        `seed ${seed}: ${wasm[0]} against ${reference.meanAp()}`,
      );
    }
  });
});

describe('TIDE kernels (tide-image.wat, tide-ap.wat fixedPoints)', () => {
  it('give every error, fix and special error of the JS loops', () => {
    const scenes = testScenes(tiedImages(400), 3);
    const wasm = tideErrors(scenes);
    useWasmKernels(false);
    let js: ReturnType<typeof tideErrors>;
    try {
      js = tideErrors(scenes);
    } finally {
      useWasmKernels(true);
    }
    assert.ok(
      Object.values(wasm.dap).some((v) => v > 0),
      'some fix changes the AP',
    );
    for (const key of ['ap', 'dap', 'special', 'counts', 'dtError', 'gtError'] as const)
      assert.deepEqual(wasm[key], js[key], key);
  });
});

describe('TIDE fix points kernel (tide-ap.wat fixPoints)', () => {
  it('makes the fix points of tide-points.ts fillFixPoints, edge cases included', () => {
    let seed = 7;
    const rand = (m: number) => {
      seed = (seed * 16807) % 2147483647;
      return seed % m;
    };
    for (const [E, P, G] of [
      [0, 0, 0],
      [0, 40, 5],
      [300, 0, 60],
      [2000, 1500, 400],
    ] as const) {
      // Every error type (0..5), ground truth indices of -1 and past the G objects, ground truth both
      // matched and not, best detections that are and are not the error's own.
      const errors = {
        n: E,
        type: Int8Array.from({ length: E }, () => rand(6)),
        category: Int32Array.from({ length: E }, () => rand(9)),
        ignored: Uint8Array.from({ length: E }, () => (rand(4) === 0 ? 1 : 0)),
        gt: Int32Array.from({ length: E }, () => rand(G + 3) - 1),
        det: Int32Array.from({ length: E }, () => rand(3)),
      };
      const positives = { n: P, category: Int32Array.from({ length: P }, () => rand(9)) };
      const order = Int32Array.from({ length: E + P }, (_, i) => i);
      for (let i = order.length - 1; i > 0; i--) {
        const j = rand(i + 1);
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      const input = {
        order,
        errors,
        positives,
        gtUsed: Uint8Array.from({ length: G }, () => rand(2)),
        gtBestDet: Int32Array.from({ length: G }, () => rand(3)),
        gtCategory: Int32Array.from({ length: G }, () => rand(9)),
      };
      const expected = {
        kind: new Int8Array(E + P),
        category: new Int32Array(E + P),
        ignored: new Uint8Array(E + P),
        fixedCategory: new Int32Array(E + P),
      };
      fillFixPoints(input, expected);
      assert.ok(expected.fixedCategory.some((c) => c >= 0) || E === 0);
      const data = new OrderedPoints(E + P, 9, new Float64Array(9), G);
      const fix = data.fixArrays(E + P);
      fix.kind.fill(99);
      fix.category.fill(99);
      fix.ignored.fill(99);
      fix.fixedCategory.fill(99);
      assert.equal(data.makeFixPoints(input), true);
      for (const key of ['kind', 'category', 'ignored', 'fixedCategory'] as const)
        assert.deepEqual(fix[key].subarray(0, E + P), expected[key], `${key}, ${E} errors, ${P} positives`);
      // no room for more ground truth than it was made for: the caller's loop then
      assert.equal(new OrderedPoints(E + P, 9, new Float64Array(9), 0).makeFixPoints(input), G === 0);
    }
  });
});
