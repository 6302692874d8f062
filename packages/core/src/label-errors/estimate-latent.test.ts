import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FIXTURE_NAMES, loadLabelFixture } from './_test-fixtures.js';
import { analyzeLabelErrors } from './analyze-label-errors.js';
import { estimateLatent } from './estimate-latent.js';

const close = (a: number, b: number, tol = 1e-9): boolean => Math.abs(a - b) <= tol;

// cleanlab 2.9.0 `dataset.rank_classes_by_label_quality`, `find_overlapping_classes` and
// `overall_label_health_score` on each set: the `dataset` section of fixtures/label-errors/expected/*_cleanlab.json
// and fixtures/synthetic-classification-digits/expected/cleanlab.json.
for (const name of FIXTURE_NAMES) {
  describe(`data-set summary on ${name}`, async () => {
    const fx = await loadLabelFixture(name);
    const report = analyzeLabelErrors(fx.labels, fx.probs);
    const k = fx.probs.cols;
    it(`per-class label noise equals cleanlab's (${fx.source}: dataset.rank_classes_by_label_quality)`, () => {
      for (const row of fx.expected.dataset.rank_classes_by_label_quality) {
        const got = report.perClass[row['Class Index'] as number];
        assert.ok(got);
        assert.equal(got.labelIssues, row['Label Issues']);
        assert.equal(got.inverseLabelIssues, row['Inverse Label Issues']);
        assert.ok(close(got.labelNoise, row['Label Noise'] as number), `${got.labelNoise}`);
        assert.ok(close(got.inverseLabelNoise, row['Inverse Label Noise'] as number));
        assert.ok(close(got.labelQualityScore, row['Label Quality Score'] as number));
      }
    });
    it(`the joint's symmetric off-diagonal equals cleanlab's overlaps (${fx.source}: dataset.find_overlapping_classes)`, () => {
      for (const row of fx.expected.dataset.find_overlapping_classes) {
        const a = row['Class Index A'] as number;
        const b = row['Class Index B'] as number;
        const got = (report.joint[a * k + b] as number) + (report.joint[b * k + a] as number);
        assert.ok(close(got, row['Joint Probability'] as number), `${a},${b}: ${got}`);
      }
    });
    it(`health score equals cleanlab's (${fx.source}: dataset.overall_label_health_score)`, () => {
      assert.ok(close(report.healthScore, fx.expected.dataset.overall_label_health_score));
    });
    it('noise matrices are column-stochastic and py sums to 1', () => {
      for (const m of [report.noiseMatrix, report.inverseNoiseMatrix]) {
        for (let j = 0; j < k; j++) {
          let sum = 0;
          for (let i = 0; i < k; i++) sum += m[i * k + j] as number;
          assert.ok(close(sum, 1, 1e-12), `column ${j} sums to ${sum}`);
        }
      }
      assert.ok(
        close(
          report.py.reduce((a, b) => a + b, 0),
          1,
          1e-12,
        ),
      );
    });
  });
}

describe('estimateLatent by hand', () => {
  it('divides the joint by true-class and given-class totals', () => {
    // Confident joint (row given, column true) [[8, 2], [1, 9]], 10 examples per label. True totals [9, 11]:
    // noise P(given|true) = [[8/9, 2/11], [1/9, 9/11]]; inverse P(true|given) = [[0.8, 0.1], [0.2, 0.9]];
    // py = inverse diag / noise diag × ps = [0.8·9/8·0.5, 0.9·11/9·0.5] = [0.45, 0.55].
    const got = estimateLatent(Float64Array.from([8, 2, 1, 9]), Float64Array.from([10, 10]));
    const want = { noise: [8 / 9, 2 / 11, 1 / 9, 9 / 11], inverse: [0.8, 0.1, 0.2, 0.9], py: [0.45, 0.55] };
    const near = (a: ArrayLike<number>, b: number[]): boolean =>
      b.every((w, i) => close(a[i] as number, w, 1e-15));
    assert.ok(near(got.noiseMatrix, want.noise));
    assert.ok(near(got.inverseNoiseMatrix, want.inverse));
    assert.ok(near(got.py, want.py));
  });
});
