import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mulberry32 } from '../random/mulberry32.js';
import { labelRows } from './label-rows.js';
import { splitComposition } from './split-composition.js';
import { splitSamples } from './split-samples.js';

function data(n: number, seed: number) {
  const rnd = mulberry32(seed);
  const prevalence = [0.6, 0.3, 0.1, 0.04, 0.02];
  return labelRows(
    Array.from({ length: n }, () => prevalence.flatMap((p, c) => (rnd() < p ? [c] : []))),
    prevalence.length,
  );
}

describe('splitSamples', () => {
  it('random: exactly round(r·n) per split', () => {
    const folds = splitSamples({ n: 1001 }, { ratios: [0.8, 0.1, 0.1], random: mulberry32(1) });
    const sizes = [0, 0, 0];
    for (const f of folds) sizes[f]!++;
    assert.deepEqual(sizes, [801, 100, 100]);
  });

  it('stratified keeps class prevalence closer to the whole than random, over 10 seeds', () => {
    let strat = 0;
    let random = 0;
    for (let seed = 0; seed < 10; seed++) {
      const labels = data(600, seed);
      const options = { ratios: [0.7, 0.15, 0.15], random: mulberry32(seed) };
      const a = splitSamples({ n: 600, labels }, { ...options, stratify: true });
      const b = splitSamples({ n: 600, labels }, { ...options, random: mulberry32(seed) });
      const names = ['train', 'val', 'test'];
      strat += Math.max(
        ...splitComposition(a, names, options.ratios, labels).splits.map((s) => s.maxDeviation),
      );
      random += Math.max(
        ...splitComposition(b, names, options.ratios, labels).splits.map((s) => s.maxDeviation),
      );
    }
    assert.ok(strat < random / 2, `mean max deviation: stratified ${strat / 10}, random ${random / 10}`);
  });

  it('never puts one group in two splits, and stays near the ratios', () => {
    const n = 3000;
    const rnd = mulberry32(5);
    const groups = Int32Array.from({ length: n }, () => (rnd() < 0.5 ? Math.floor(rnd() * 300) : -1));
    const labels = data(n, 5);
    for (const stratify of [false, true]) {
      const folds = splitSamples(
        { n, labels, groups },
        { ratios: [0.8, 0.1, 0.1], stratify, random: mulberry32(2) },
      );
      const seen = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        if (groups[i]! < 0) continue;
        const f = seen.get(groups[i]!);
        if (f === undefined) seen.set(groups[i]!, folds[i]!);
        else assert.equal(folds[i], f, `group ${groups[i]} split`);
      }
      const sizes = [0, 0, 0];
      for (const f of folds) sizes[f]!++;
      for (const [j, r] of [0.8, 0.1, 0.1].entries())
        assert.ok(Math.abs(sizes[j]! - r * n) < 0.01 * n, `${sizes}`);
    }
  });
});
