import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { mulberry32 } from '../random/mulberry32.js';
import { projectFixture } from '../test-kit/fixtures.js';
import { iterativeStratification } from './iterative-stratification.js';
import { labelRows } from './label-rows.js';

interface Case {
  ratios: number[];
  labels: number[][];
  label_count: number;
  folds: number[];
}

describe('iterativeStratification', () => {
  // fixtures/iterstrat/README.md: iterstrat's IterativeStratification (trent-b/iterative-stratification
  // @329c02a, numpy 2.4.6) with every tie broken to the first candidate.
  const ref = JSON.parse(readFileSync(projectFixture('iterstrat/reference.json'), 'utf8')) as {
    cases: Case[];
  };
  for (const c of ref.cases) {
    it(`gives iterstrat's folds (n=${c.labels.length}, L=${c.label_count}, r=${c.ratios.join('/')})`, () => {
      const rows = labelRows(c.labels, c.label_count);
      const folds = iterativeStratification(rows, c.ratios, { random: () => 0 });
      assert.deepEqual([...folds], c.folds);
    });
  }

  it('keeps every label within one example of its share in each subset (random ties)', () => {
    const rnd = mulberry32(3);
    const labels: number[][] = [];
    for (let i = 0; i < 2000; i++) {
      const row: number[] = [];
      for (let l = 0; l < 12; l++) if (rnd() < 0.05 + l * 0.02) row.push(l);
      labels.push(row);
    }
    const ratios = [0.8, 0.1, 0.1];
    const folds = iterativeStratification(labelRows(labels, 12), ratios, { random: mulberry32(9) });
    for (let l = 0; l < 12; l++) {
      const total = labels.filter((r) => r.includes(l)).length;
      for (let j = 0; j < 3; j++) {
        const got = labels.filter((r, i) => folds[i] === j && r.includes(l)).length;
        assert.ok(Math.abs(got - ratios[j]! * total) <= 1.5, `label ${l} fold ${j}: ${got} of ${total}`);
      }
    }
    for (let j = 0; j < 3; j++) {
      const size = [...folds].filter((f) => f === j).length;
      assert.ok(Math.abs(size - ratios[j]! * 2000) <= 12, `fold ${j} has ${size}`);
    }
  });

  it('counts a weighted item (a group) by its weight and label counts', () => {
    // two groups of 4 and 8 samples with label 0, four singletons with label 1, ratios 2/3, 1/3
    const rows = labelRows([[0], [0], [1], [1], [1], [1]], 2, {
      counts: [[4], [8], [1], [1], [1], [1]],
      weights: [4, 8, 1, 1, 1, 1],
    });
    const folds = iterativeStratification(rows, [2 / 3, 1 / 3], { random: () => 0 });
    // Worked by hand: c = [32/3, 16/3], c^0 = [8, 4], c^1 = [8/3, 4/3]. Label 1 (4 left) first: items 2, 3
    // → 0 (c^1 0.67/1.33), item 4 → 1, item 5 → 0 (c^1 ties at 0.67... no: [0.67, 0.33] → 0); c = [23/3, 13/3].
    // Label 0: item 0 (4 samples) → 0 (c^0 8 > 4), c^0 = [4, 4]; item 1 (8) ties on c^0, c = [11/3, 13/3] → 1.
    assert.deepEqual([...folds], [0, 1, 0, 0, 1, 0]);
  });
});
