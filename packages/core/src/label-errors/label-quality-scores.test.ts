import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FIXTURE_NAMES, loadLabelFixture } from './_test-fixtures.js';
import { LABEL_QUALITY_METHODS, labelQualityScores } from './label-quality-scores.js';

// cleanlab 2.9.0 `get_label_quality_scores(labels, pred_probs, method=M)`, every example:
// label_quality_scores.<M> in fixtures/label-errors/expected/*_cleanlab.json and
// fixtures/synthetic-classification-digits/expected/cleanlab.json.
for (const name of FIXTURE_NAMES) {
  describe(`labelQualityScores on ${name}`, async () => {
    const fx = await loadLabelFixture(name);
    for (const method of LABEL_QUALITY_METHODS) {
      it(`${method} equals cleanlab within 1e-9 for every example (${fx.source})`, () => {
        const got = labelQualityScores(fx.labels, fx.probs, { method });
        const want = fx.expected.label_quality_scores[method] as number[];
        assert.equal(got.length, want.length);
        let worst = 0;
        want.forEach((w, i) => {
          worst = Math.max(worst, Math.abs((got[i] as number) - w));
        });
        assert.ok(worst <= 1e-9, `largest difference ${worst}`);
      });
    }
  });
}

describe('labelQualityScores by hand', () => {
  // labels [0, 1], probs [[0.7, 0.2, 0.1], [0.5, 0.3, 0.2]].
  const labels = Int32Array.from([0, 1]);
  const probs = { data: Float64Array.from([0.7, 0.2, 0.1, 0.5, 0.3, 0.2]), rows: 2, cols: 3 };
  it('self_confidence is p[given]; normalized_margin is (p[given] − best other + 1) / 2', () => {
    assert.deepEqual(Array.from(labelQualityScores(labels, probs)), [0.7, 0.3]);
    const nm = labelQualityScores(labels, probs, { method: 'normalized_margin' });
    assert.ok(Math.abs((nm[0] as number) - 0.75) < 1e-15 && Math.abs((nm[1] as number) - 0.4) < 1e-15);
  });
  it('confidence_weighted_entropy is log(1 + H/p) / (H/p) with H normalised by log K', () => {
    const h = -(0.7 * Math.log(0.7) + 0.2 * Math.log(0.2) + 0.1 * Math.log(0.1)) / Math.log(3);
    const r = h / 0.7;
    const got = labelQualityScores(labels, probs, { method: 'confidence_weighted_entropy' })[0] as number;
    assert.ok(Math.abs(got - Math.log(1 + r) / r) < 1e-12);
  });
});
