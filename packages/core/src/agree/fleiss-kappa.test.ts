import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fleissKappa, fleissKappaTable, fleissKappaVariable } from './fleiss-kappa.js';
import { ratingMatrixFromCounts, ratingMatrixFromRows } from './rating-matrix.js';

// Fleiss (1971), Table 1: 30 patients, 6 psychiatrists each, 5 diagnoses (1 depression, 2 personality
// disorder, 3 schizophrenia, 4 neurosis, 5 other), as raw ratings: R package irr's `diagnoses` data
// (also in statsmodels' test_inter_rater.py).
const DIAGNOSES = [
  [4, 4, 4, 4, 4, 4],
  [2, 2, 2, 5, 5, 5],
  [2, 3, 3, 3, 3, 5],
  [5, 5, 5, 5, 5, 5],
  [2, 2, 2, 4, 4, 4],
  [1, 1, 3, 3, 3, 3],
  [3, 3, 3, 3, 5, 5],
  [1, 1, 3, 3, 3, 4],
  [1, 1, 4, 4, 4, 4],
  [5, 5, 5, 5, 5, 5],
  [1, 4, 4, 4, 4, 4],
  [1, 2, 4, 4, 4, 4],
  [2, 2, 2, 3, 3, 3],
  [1, 4, 4, 4, 4, 4],
  [2, 2, 4, 4, 4, 5],
  [3, 3, 3, 3, 3, 5],
  [1, 1, 1, 4, 5, 5],
  [1, 1, 1, 1, 1, 2],
  [2, 2, 4, 4, 4, 4],
  [1, 3, 3, 5, 5, 5],
  [5, 5, 5, 5, 5, 5],
  [2, 4, 4, 4, 4, 4],
  [2, 2, 4, 5, 5, 5],
  [1, 1, 4, 4, 4, 4],
  [1, 4, 4, 4, 4, 5],
  [2, 2, 2, 2, 2, 4],
  [1, 1, 1, 1, 5, 5],
  [2, 2, 4, 4, 4, 4],
  [1, 3, 3, 3, 3, 3],
  [5, 5, 5, 5, 5, 5],
];

// Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories (counts per category).
const WIKIPEDIA = [
  [0, 0, 0, 0, 14],
  [0, 2, 6, 4, 2],
  [0, 0, 3, 5, 6],
  [0, 3, 9, 2, 0],
  [2, 2, 8, 1, 1],
  [7, 7, 0, 0, 0],
  [3, 2, 6, 3, 0],
  [2, 5, 3, 2, 2],
  [6, 5, 2, 1, 0],
  [0, 2, 2, 3, 7],
];

describe('fleissKappa', () => {
  it('gives Fleiss (1971) kappa = .430 on his diagnoses table', () => {
    const m = ratingMatrixFromRows(['r1', 'r2', 'r3', 'r4', 'r5', 'r6'], DIAGNOSES);
    const k = fleissKappa(m);
    assert.equal(k.items, 30);
    // Fleiss 1971 prints .430; R irr::kappam.fleiss(diagnoses) gives 0.4302445 (quoted in statsmodels' tests).
    assert.ok(Math.abs(k.kappa - 0.4302445) < 5e-8, String(k.kappa));
  });

  it("gives Wikipedia's 0.210 (P̄ = 0.378, P̄e = 0.213) on its 10 × 14 example", () => {
    const k = fleissKappaTable(WIKIPEDIA);
    // Wikipedia states κ = 0.210, P̄ = 0.378, P̄e = 0.213 (rounded to 3 decimals; statsmodels' test_fleiss_kappa
    // checks its fleiss_kappa against the same 0.210).
    assert.ok(Math.abs(k.kappa - 0.21) < 5e-4);
    assert.ok(Math.abs(k.observed - 0.378) < 5e-4);
    assert.ok(Math.abs(k.expected - 0.213) < 5e-4);
    // The same table expanded into 14 rating slots gives the same kappa.
    assert.ok(Math.abs(fleissKappa(ratingMatrixFromCounts(WIKIPEDIA)).kappa - k.kappa) < 1e-12);
  });

  it("matches Randolph's online calculator as quoted in statsmodels' tests", () => {
    // justusrandolph.net/kappa on [[7, 1], [3, 5]]: fixed-marginal 0.161905, free-marginal 0.214286.
    const k = fleissKappaTable([
      [7, 1],
      [3, 5],
    ]);
    assert.ok(Math.abs(k.kappa - 0.161905) < 6e-6);
    assert.ok(Math.abs(k.randolphKappa - 0.214286) < 6e-6);
  });

  it('uses only complete items; the variable form uses items with two or more ratings', () => {
    const m = ratingMatrixFromRows(
      ['a', 'b', 'c'],
      [
        [1, 1, 1],
        [1, 2, 2],
        [1, null, 1],
        [2, null, null],
      ],
    );
    assert.equal(fleissKappa(m).items, 2);
    const v = fleissKappaVariable(m);
    assert.equal(v.items, 3);
    // Worked by hand: P_i = 1, 1/3, 1 → P̄ = 7/9; the 8 ratings used are six 1s and two 2s → P̄e = (6/8)² + (2/8)².
    assert.ok(Math.abs(v.observed - 7 / 9) < 1e-12);
    assert.ok(Math.abs(v.expected - (0.75 ** 2 + 0.25 ** 2)) < 1e-12);
  });
});
