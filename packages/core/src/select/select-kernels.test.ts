import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mulberry32 } from '../random/mulberry32.js';
import { labelRows } from '../split/label-rows.js';
import { classBalanceSelect } from './class-balance.js';
import { meanKl, voteEntropy } from './committee.js';
import { kCenterGreedy } from './kcenter-greedy.js';
import { kMeansSampling } from './kmeans-sampling.js';
import { combineRankings } from './rank-combine.js';
import { aggregatePerImage, probUncertainty, scoreUncertainty } from './uncertainty.js';

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);

describe('selection kernels', () => {
  it('uncertainty of [0.5, 0.3, 0.2] (numpy 2.4.6: -(p*log p).sum()/log 3 = 0.9372305632161295)', () => {
    const p = Float64Array.of(0.5, 0.3, 0.2);
    close(probUncertainty(p, 1, 3, 'least-confidence')[0]!, 0.5);
    close(probUncertainty(p, 1, 3, 'margin')[0]!, 0.8);
    close(probUncertainty(p, 1, 3, 'entropy')[0]!, 0.9372305632161295);
    close(scoreUncertainty(0.5, 'entropy'), 1);
    close(scoreUncertainty(0.9, 'least-confidence'), 0.1);
    close(scoreUncertainty(0.25, 'margin'), 0.5);
  });

  it('aggregates box uncertainty per image (max, mean, sum; no box → 0)', () => {
    const v = Float64Array.of(0.2, 0.6, 0.4, 0.9);
    const owner = Int32Array.of(0, 0, 0, 2);
    assert.deepEqual([...aggregatePerImage(v, owner, 3, 'max')], [0.6, 0, 0.9]);
    assert.deepEqual(
      [...aggregatePerImage(v, owner, 3, 'sum')].map((x) => +x.toFixed(9)),
      [1.2, 0, 0.9],
    );
    assert.deepEqual(
      [...aggregatePerImage(v, owner, 3, 'mean')].map((x) => +x.toFixed(9)),
      [0.4, 0, 0.9],
    );
  });

  it('committee: vote entropy and mean KL equal numpy on a 3-member example', () => {
    // numpy 2.4.6: votes/3 → -(v log v).sum()/log 3; mean over members of (m log(m/mean)).sum()
    const m1 = Float64Array.of(0.7, 0.2, 0.1, 0.1, 0.8, 0.1);
    const m2 = Float64Array.of(0.2, 0.7, 0.1, 0.2, 0.7, 0.1);
    const m3 = Float64Array.of(0.6, 0.3, 0.1, 0.1, 0.1, 0.8);
    const ve = voteEntropy([m1, m2, m3], 2, 3);
    close(ve[0]!, 0.5793801642856949);
    close(ve[1]!, 0.5793801642856949);
    const kl = meanKl([m1, m2, m3], 2, 3);
    close(kl[0]!, 0.10948744901455441);
    close(kl[1]!, 0.2768216933723744);
  });

  it('k-center greedy takes, each time, the point farthest from every centre (brute force)', () => {
    const rnd = mulberry32(4);
    const n = 300;
    const dim = 5;
    const data = Float32Array.from({ length: n * dim }, () => rnd() * 10);
    const initial = [3, 17];
    const picked = kCenterGreedy(data, dim, 20, { initial, random: mulberry32(1) });
    const centres = [...initial];
    const dist = (a: number, b: number) => {
      let d = 0;
      for (let j = 0; j < dim; j++) d += (data[a * dim + j]! - data[b * dim + j]!) ** 2;
      return d;
    };
    for (const p of picked) {
      let best = -1;
      let far = -1;
      for (let i = 0; i < n; i++) {
        if (centres.includes(i)) continue;
        const d = Math.min(...centres.map((c) => dist(i, c)));
        if (d > far) [far, best] = [d, i];
      }
      assert.equal(p, best);
      centres.push(p);
    }
  });

  it('k-center greedy: the WebAssembly SIMD kernel picks what the float64 JS kernel picks', () => {
    // odd and even dims (padding to 8 lanes), 40 labelled rows (three blocks of 16), a pool, no pool
    for (const dim of [3, 13, 64]) {
      const rnd = mulberry32(dim);
      const n = 700;
      const data = Float32Array.from({ length: n * dim }, () => rnd() * 2 - 1);
      const initial = Array.from({ length: 40 }, (_, i) => i * 7);
      const pool = Array.from({ length: 500 }, (_, i) => n - 1 - i);
      for (const options of [{ initial, pool }, { initial }, {}]) {
        const wasm = kCenterGreedy(data, dim, 60, { ...options, random: mulberry32(5), kernel: 'wasm' });
        const js = kCenterGreedy(data, dim, 60, { ...options, random: mulberry32(5), kernel: 'js' });
        assert.equal(wasm.length, 60);
        assert.deepEqual([...wasm], [...js], `dim ${dim}, ${Object.keys(options).join('+') || 'no options'}`);
      }
    }
  });

  it('k-center greedy breaks ties by the first row, in both kernels', () => {
    // four copies of each of three points: after the first pick every other point is at distance 0 or 1
    const pts = [0, 0, 1, 0, 0, 1];
    const data = Float32Array.from({ length: 24 }, (_, i) => pts[(Math.floor(i / 2) % 3) * 2 + (i % 2)]!);
    for (const kernel of ['wasm', 'js'] as const)
      assert.deepEqual([...kCenterGreedy(data, 2, 4, { initial: [0], kernel })], [1, 2, 3, 4], kernel);
  });

  it('k-means sampling takes one representative per blob', () => {
    const rnd = mulberry32(2);
    const centres = [
      [0, 0],
      [50, 0],
      [0, 50],
      [50, 50],
    ];
    const rows: number[] = [];
    for (let i = 0; i < 200; i++) {
      const c = centres[i % 4]!;
      rows.push(c[0]! + rnd(), c[1]! + rnd());
    }
    const picked = kMeansSampling(
      Float32Array.from(rows),
      2,
      Int32Array.from({ length: 200 }, (_, i) => i),
      4,
      { seed: 3 },
    );
    assert.equal(picked.length, 4);
    assert.deepEqual([...new Set([...picked].map((r) => r % 4))].sort(), [0, 1, 2, 3]);
  });

  it('class balance moves a skewed pool toward the target shares', () => {
    // pool: 90 rows of class 0, 10 of class 1; budget 20 with uniform target → 10 and 10
    const labels = Array.from({ length: 100 }, (_, i) => (i < 90 ? [0] : [1]));
    const picked = classBalanceSelect(
      labelRows(labels, 2),
      Int32Array.from({ length: 100 }, (_, i) => i),
      20,
      Float64Array.of(0.5, 0.5),
    );
    const ones = [...picked].filter((r) => r >= 90).length;
    assert.equal(ones, 10);
  });

  it('rank combination: weight 1 on one order gives that order', () => {
    const pool = Int32Array.of(0, 1, 2, 3);
    assert.deepEqual(
      [
        ...combineRankings(pool, [
          { order: [2, 0, 3, 1], weight: 1 },
          { order: [0, 1, 2, 3], weight: 0 },
        ]),
      ],
      [2, 0, 3, 1],
    );
    // equal weights: 0 scores 0.75 + 1, 2 scores 1 + 0.5, 1 scores 0.25 + 0.75, 3 scores 0.5 + 0.25
    assert.deepEqual(
      [
        ...combineRankings(pool, [
          { order: [2, 0, 3, 1], weight: 1 },
          { order: [0, 1, 2, 3], weight: 1 },
        ]),
      ],
      [0, 2, 1, 3],
    );
  });
});
