import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { estimateAccuracy } from './accuracy-estimate.js';
import { allocateStrata, inspectionSize } from './inspection-size.js';
import { clopperPearson } from './proportion-interval.js';

describe('inspection sizing, allocation and the stratified estimate', () => {
  test("Cochran's sample size with the finite-population correction", () => {
    // n0 = 1.959964² · 0.25 / 0.05² = 384.146: 385 for a large population (the textbook figure);
    // N = 1000: 384.146 / (1 + 383.146/1000) = 277.74 → 278; ±3%: n0 = 1067.07, / (1 + 1066.07/1e7) = 1066.96 → 1067.
    assert.equal(inspectionSize({ population: 10_000_000 }), 385);
    assert.equal(inspectionSize({ population: 1000 }), 278);
    assert.equal(inspectionSize({ population: 10_000_000, margin: 0.03 }), 1067);
    assert.equal(inspectionSize({ population: 20 }), 20); // 384.146 / (1 + 383.146/20) = 19.06 → 20
    assert.throws(() => inspectionSize({ population: 10, margin: 0 }), /margin/);
  });
  test('proportional allocation by largest remainders, at least one per stratum', () => {
    assert.deepEqual(allocateStrata([800, 150, 50], 100), [80, 15, 5]);
    assert.deepEqual(allocateStrata([500, 300, 200], 7), [4, 2, 1]); // 3.5, 2.1, 1.4 → 3,2,1 + 1 to the .5
    assert.deepEqual(allocateStrata([990, 5, 5], 10), [8, 1, 1]);
    assert.deepEqual(allocateStrata([3, 1], 10), [3, 1]);
  });
  test('stratified accuracy weighted by stratum size (hand-computed)', () => {
    // W = (0.8, 0.2); p = 0.8·30/40 + 0.2·5/10 = 0.7; Var = 0.64·0.75·0.25/40·(1−40/800)
    // + 0.04·0.5·0.5/10·(1−10/200) = 0.00285 + 0.00095 = 0.0038; n* = 0.21/0.0038 = 55.263.
    const e = estimateAccuracy(
      [
        { name: 'a', population: 800, judged: 40, correct: 30 },
        { name: 'b', population: 200, judged: 10, correct: 5 },
      ],
      0.95,
    );
    assert.ok(Math.abs(e.stratified!.accuracy! - 0.7) < 1e-12);
    assert.ok(Math.abs(e.stratified!.effective_n! - 0.21 / 0.0038) < 1e-9);
    assert.equal(e.overall.accuracy, 35 / 50);
    const cp = clopperPearson(0.7 * (0.21 / 0.0038), 0.21 / 0.0038);
    assert.ok(Math.abs(e.stratified!.clopper_pearson!.low - cp.low) < 1e-12);
    assert.ok(e.stratified!.clopper_pearson!.low < 0.7 && e.stratified!.clopper_pearson!.high > 0.7);
    assert.equal(e.strata[1]!.accuracy, 0.5);
    // statsmodels/R binom: 4 of 20 → Wilson (0.0806576625797981, 0.4160174322518935).
    const one = estimateAccuracy([{ name: 'all', population: 100, judged: 20, correct: 4 }]);
    assert.ok(Math.abs(one.overall.wilson!.low - 0.0806576625797981) < 1e-9);
    assert.equal(one.stratified, null);
  });
});
