import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FIXTURE_NAMES, loadLabelFixture } from './_test-fixtures.js';
import {
  calibrateConfidentJoint,
  computeConfidentJoint,
  confidentThresholds,
  roundPreservingRowTotals,
} from './confident-joint.js';
import { countOffDiagonalIssues } from './find-label-issues.js';
import { matToRows } from './prob-matrix.js';

// cleanlab 2.9.0 `count.get_confident_thresholds`, `compute_confident_joint(calibrate=False)`,
// `compute_confident_joint()` (calibrated) and `num_label_issues()`: the `count` section of
// fixtures/label-errors/expected/*_cleanlab.json and fixtures/synthetic-classification-digits/expected/cleanlab.json.
for (const name of FIXTURE_NAMES) {
  describe(`confident joint on ${name}`, async () => {
    const fx = await loadLabelFixture(name);
    const k = fx.probs.cols;
    it(`thresholds within 1e-12 (${fx.source}: count.confident_thresholds)`, () => {
      const got = confidentThresholds(fx.labels, fx.probs);
      fx.expected.count.confident_thresholds.forEach((w, c) => {
        assert.ok(Math.abs((got[c] as number) - w) <= 1e-12, `class ${c}: ${got[c]} vs ${w}`);
      });
    });
    it(`raw and calibrated joints equal cleanlab's (${fx.source}: count.confident_joint*)`, () => {
      const raw = computeConfidentJoint(fx.labels, fx.probs, { calibrate: false });
      assert.deepEqual(matToRows(raw.joint, k), fx.expected.count.confident_joint);
      const calibrated = computeConfidentJoint(fx.labels, fx.probs);
      assert.deepEqual(matToRows(calibrated.joint, k), fx.expected.count.confident_joint_calibrated);
      assert.deepEqual(calibrated.rawJoint, raw.joint);
    });
    it(`num_label_issues equals cleanlab's (${fx.source}: count.num_label_issues.off_diagonal)`, () => {
      const { offDiagonal } = computeConfidentJoint(fx.labels, fx.probs);
      const got = countOffDiagonalIssues(fx.labels, fx.probs, offDiagonal);
      assert.equal(got, fx.expected.count.num_label_issues.off_diagonal);
    });
  });
}

describe('calibration by hand', () => {
  it('scales rows to label counts and keeps each row total when rounding', () => {
    // Joint [[3, 1], [1, 1]] with label counts [8, 4]: rows scale to [6, 2] and [2, 2], total 12 = N.
    const got = calibrateConfidentJoint(Float64Array.from([3, 1, 1, 1]), Float64Array.from([8, 4]));
    assert.deepEqual(Array.from(got), [6, 2, 2, 2]);
  });
  it('rounds halves to even, then moves the leftover to the largest remainders', () => {
    // [0.5, 1.5, 1.0]: NumPy rounds to [0, 2, 1] (sum 3 = round(3.0)); [0.4, 0.4, 0.2]: rounds to
    // [0, 0, 0] but the total is 1, so the largest remainder (the later 0.4 in NumPy's argsort) gets it.
    assert.deepEqual(Array.from(roundPreservingRowTotals(Float64Array.from([0.5, 1.5, 1.0]), 3)), [0, 2, 1]);
    assert.deepEqual(Array.from(roundPreservingRowTotals(Float64Array.from([0.4, 0.4, 0.2]), 3)), [0, 1, 0]);
  });
});
