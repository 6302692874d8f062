import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { npyParse } from '../arrays/npy.js';
import { projectFixture, sharedFixture } from '../test-kit/fixtures.js';
import { classificationMetrics, confusionCounts, topKAccuracy } from './classification.js';

const fixtures = sharedFixture('synthetic-classification-digits/');
const close = (actual: number, expected: number, what: string, tol = 1e-12) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected}`);

describe('classificationMetrics on the sklearn documentation examples', () => {
  it('per-class and averaged precision/recall/F1', () => {
    // sklearn.metrics.precision_recall_fscore_support docstring (1.2):
    //   y_true = ['cat','dog','pig','cat','dog','pig'], y_pred = ['cat','pig','dog','cat','cat','dog']
    //   macro  -> (0.22..., 0.33..., 0.26..., None); micro -> (0.33..., 0.33..., 0.33..., None)
    //   weighted -> (0.22..., 0.33..., 0.26..., None)
    //   average=None, labels=['pig','dog','cat'] -> precision [0, 0, 0.66...], recall [0, 0, 1],
    //   f-score [0, 0, 0.8], support [2, 2, 2]
    // Here cat = 0, dog = 1, pig = 2. By hand: cat has TP 2, FP 1 (a dog), FN 0 -> P 2/3, R 1, F1 0.8.
    const m = classificationMetrics({
      numClasses: 3,
      labels: [0, 1, 2, 0, 1, 2],
      predicted: [0, 2, 1, 0, 0, 1],
    });
    const byClass = m.per_class;
    close(byClass[0]!.precision, 2 / 3, 'cat precision');
    close(byClass[0]!.recall, 1, 'cat recall');
    close(byClass[0]!.f1, 0.8, 'cat f1');
    for (const c of [1, 2]) {
      assert.equal(byClass[c]!.precision, 0);
      assert.equal(byClass[c]!.recall, 0);
      assert.equal(byClass[c]!.f1, 0);
    }
    assert.deepEqual(
      byClass.map((r) => r.support),
      [2, 2, 2],
    );
    close(m.macro.precision, 2 / 9, 'macro P');
    close(m.macro.recall, 1 / 3, 'macro R');
    close(m.macro.f1, 0.8 / 3, 'macro F1');
    close(m.weighted.precision, 2 / 9, 'weighted P');
    close(m.weighted.f1, 0.8 / 3, 'weighted F1');
    close(m.micro.f1, 1 / 3, 'micro F1');
    close(m.accuracy, 1 / 3, 'accuracy');
  });

  it('confusion matrix: rows true, columns predicted', () => {
    // sklearn.metrics.confusion_matrix docstring: y_true = [2, 0, 2, 2, 0, 1], y_pred = [0, 0, 2, 2, 0, 2]
    // -> [[2, 0, 0], [0, 0, 1], [1, 0, 2]]
    assert.deepEqual(confusionCounts([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2], 3), [
      [2, 0, 0],
      [0, 0, 1],
      [1, 0, 2],
    ]);
  });

  it('top-k accuracy', () => {
    // sklearn.metrics.top_k_accuracy_score docstring: y_true = [0, 1, 2, 2],
    // y_score = [[0.5, 0.2, 0.2], [0.3, 0.4, 0.2], [0.2, 0.4, 0.3], [0.7, 0.2, 0.1]], k = 2 -> 0.75
    const probs = [0.5, 0.2, 0.2, 0.3, 0.4, 0.2, 0.2, 0.4, 0.3, 0.7, 0.2, 0.1];
    close(topKAccuracy([0, 1, 2, 2], probs, 3, 2), 0.75, 'top-2');
    // Ties: sklearn ranks the higher class index first (stable argsort, reversed). Item 0 has
    // [0.5, 0.5, 0] with true class 0: class 1 ranks above it, so it is a top-2 hit but not top-1.
    close(topKAccuracy([0], [0.5, 0.5, 0], 3, 1), 0, 'tie top-1');
    close(topKAccuracy([1], [0.5, 0.5, 0], 3, 1), 1, 'tie top-1, higher index');
  });

  it('leaves classes absent from both label lists out of the macro mean', () => {
    // sklearn with labels=None averages over the union of y_true and y_pred only. Class 2 is never
    // seen: macro recall = (1 + 0.5) / 2 = 0.75 (classes 0 and 1), not 1.5 / 3.
    const m = classificationMetrics({ numClasses: 3, labels: [0, 1, 1], predicted: [0, 1, 0] });
    close(m.macro.recall, 0.75, 'macro recall');
  });
});

describe('classificationMetrics on the digits fixture against scikit-learn', () => {
  // Expected values: fixtures/digits-sklearn/classification_sklearn.json,
  // written by sklearn 1.2.1 (script in that folder's README).
  const expected = JSON.parse(
    readFileSync(projectFixture('digits-sklearn/classification_sklearn.json'), 'utf8'),
  );
  const labelsNpy = npyParse(readFileSync(fixtures + 'labels.npy'));
  const probs = npyParse(readFileSync(fixtures + 'pred_probs.npy')).data;
  const labels = Array.from(labelsNpy.data);
  const k = 10;
  const predicted: number[] = [];
  const confidence: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (probs[i * k + c]! > probs[i * k + best]!) best = c;
    predicted.push(best);
    confidence.push(probs[i * k + best]!);
  }
  const m = classificationMetrics(
    { numClasses: k, labels, predicted, confidence, probs },
    { topK: [1, 2, 3, 5] },
  );

  it('accuracy, per-class scores, averages and confusion matrix', () => {
    assert.equal(m.count, expected.n);
    close(m.accuracy, expected.accuracy, 'accuracy');
    for (let c = 0; c < k; c++) {
      const row = m.per_class[c]!;
      close(row.precision, expected.per_class.precision[c], `precision ${c}`);
      close(row.recall, expected.per_class.recall[c], `recall ${c}`);
      close(row.f1, expected.per_class.f1[c], `f1 ${c}`);
      assert.equal(row.support, expected.per_class.support[c]);
    }
    for (const avg of ['macro', 'micro', 'weighted'] as const) {
      for (const key of ['precision', 'recall', 'f1'] as const) {
        close(m[avg][key], expected[avg][key], `${avg} ${key}`);
      }
    }
    assert.deepEqual(m.confusion, expected.confusion);
  });

  it('top-k accuracy', () => {
    for (const { k: kk, accuracy } of m.top_k) close(accuracy, expected.top_k[String(kk)], `top-${kk}`);
    assert.equal(m.top_k.length, 4);
  });

  it('reliability diagram and ECE match sklearn calibration_curve', () => {
    const cal = m.calibration!;
    assert.deepEqual(
      cal.bins.map((b) => b.count),
      expected.calibration.counts,
    );
    const filled = cal.bins.filter((b) => b.count > 0);
    filled.forEach((b, i) => {
      close(b.accuracy!, expected.calibration.accuracy[i], `bin ${i} accuracy`);
      close(b.confidence!, expected.calibration.confidence[i], `bin ${i} confidence`, 1e-12);
    });
    close(cal.ece, expected.calibration.ece, 'ece');
  });
});
