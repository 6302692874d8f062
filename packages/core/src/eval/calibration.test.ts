import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { calibration } from './calibration.js';

const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= 1e-12, `${what}: ${actual} vs ${expected}`);

describe('calibration', () => {
  it('computes ECE on a hand-checkable case', () => {
    // 5 bins of width 0.2. Items (confidence, correct):
    //   bin (0.2, 0.4]: (0.3, 0), (0.4, 1)            -> conf 0.35, acc 0.5, gap 0.15
    //   bin (0.6, 0.8]: (0.7, 1), (0.8, 1), (0.7, 0)  -> conf 0.7333.., acc 0.6666.., gap 0.0666..
    //   bin (0.8, 1.0]: (0.9, 1)                      -> conf 0.9, acc 1, gap 0.1
    // ECE = 2/6 · 0.15 + 3/6 · (0.7333.. − 0.6666..) + 1/6 · 0.1 = 0.05 + 0.0333.. + 0.01666.. = 0.1
    // MCE = 0.15. 0.4 and 0.8 sit on bin edges and go to the lower bin ((lo, hi] bins).
    const cal = calibration([0.3, 0.4, 0.7, 0.8, 0.7, 0.9], [0, 1, 1, 1, 0, 1], { bins: 5 });
    close(cal.ece, 0.1, 'ece');
    close(cal.mce, 0.15, 'mce');
    assert.deepEqual(
      cal.bins.map((b) => b.count),
      [0, 2, 0, 3, 1],
    );
    close(cal.bins[1]!.confidence!, 0.35, 'bin 1 confidence');
    close(cal.bins[3]!.accuracy!, 2 / 3, 'bin 3 accuracy');
    assert.equal(cal.bins[0]!.confidence, null);
    close(cal.bins[4]!.lo, 0.8, 'bin 4 lower edge');
  });

  it('puts 0 in the first bin, 1 in the last, and is 0 for perfect calibration', () => {
    const cal = calibration([0, 1, 1], [false, true, true], { bins: 10 });
    assert.equal(cal.bins[0]!.count, 1);
    assert.equal(cal.bins[9]!.count, 2);
    close(cal.ece, 0, 'ece');
  });

  it('is 0 with no items and refuses mismatched lengths', () => {
    assert.equal(calibration([], []).ece, 0);
    assert.throws(() => calibration([0.5], []), RangeError);
  });
});
