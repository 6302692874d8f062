import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clopperPearson, normalQuantile, wilsonInterval } from './proportion-interval.js';

// Reference intervals (95%): R `binom::binom.confint(x, n, tol = 1e-8)`, methods "exact" (Clopper–Pearson)
// and "wilson", as recorded in statsmodels/stats/tests/results/results_proportion.py, the values
// statsmodels' test_proportion.py checks `proportion_confint(method='beta' | 'wilson')` against.
const REFERENCE: [x: number, n: number, exact: [number, number], wilson: [number, number]][] = [
  [18, 20, [0.6830172859809176, 0.9876514728297052], [0.6989663547715128, 0.972133518786232]],
  [4, 20, [0.05733399705003284, 0.436614002996668], [0.0806576625797981, 0.4160174322518935]],
  [4, 200, [0.005475565879556443, 0.05041360908989634], [0.00780442641634947, 0.05028708690582643]],
  [190, 200, [0.9099724622986486, 0.975765834527891], [0.910421851861224, 0.972617354399236]],
  [1, 30, [8.435709e-4, 0.17216946], [5.90859e-3, 0.16670391]],
  [29, 30, [0.8278305, 0.9991564], [0.8332961, 0.9940914]],
  [0, 30, [0, 0.11570331], [0, 0.11351339]],
  [30, 30, [0.8842967, 1], [0.8864866, 1]],
];

function near(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected}`);
}

describe('proportion intervals against statsmodels / R binom', () => {
  test('the normal quantile at 0.975 is 1.959963984540054 (scipy.stats.norm.ppf)', () => {
    near(normalQuantile(0.975), 1.959963984540054, 1e-12, 'z');
  });
  for (const [x, n, exact, wilson] of REFERENCE) {
    test(`${x} of ${n}`, () => {
      // The shorter reference values carry 7 significant digits.
      const tol = 2e-8 + 1e-7 * Math.max(exact[1], 1e-3);
      const cp = clopperPearson(x, n, 0.95);
      near(cp.low, exact[0], tol, 'Clopper–Pearson low');
      near(cp.high, exact[1], tol, 'Clopper–Pearson high');
      const w = wilsonInterval(x, n, 0.95);
      near(w.low, wilson[0], tol, 'Wilson low');
      near(w.high, wilson[1], tol, 'Wilson high');
    });
  }
  test('refuses impossible counts and confidence levels', () => {
    assert.throws(() => clopperPearson(5, 4), /successes/);
    assert.throws(() => wilsonInterval(1, 4, 1), /confidence/);
  });
});
