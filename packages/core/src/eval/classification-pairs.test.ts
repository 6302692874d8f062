import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProjectObject } from './annotations-to-coco.js';
import { classificationPairs } from './classification-pairs.js';

const classes = [
  { id: 10, name: 'cat' },
  { id: 20, name: 'dog' },
];
let nextId = 1;
const label = (
  sampleId: number,
  source: string,
  name?: string,
  extra: Partial<ProjectObject> = {},
): ProjectObject => ({
  id: nextId++,
  sampleId,
  sample: `s${sampleId}.png`,
  source,
  kind: 'classification',
  ...(name === undefined ? {} : { label: name }),
  ...extra,
});

describe('classificationPairs', () => {
  it('pairs labels by sample and gives each object and sample its outcome', () => {
    const gt = [
      label(1, 'ground_truth', 'cat'),
      label(2, 'ground_truth', 'dog'),
      label(3, 'ground_truth', 'cat'),
    ];
    const pred = [
      label(1, 'prediction:m', 'cat', { score: 0.9 }), // right
      label(2, 'prediction:m', 'cat', { score: 0.6 }), // wrong: FP for the prediction, FN for the GT
      label(2, 'prediction:m', 'dog', { score: 0.3 }), // a lower-scoring second label: skipped
      label(4, 'prediction:m', undefined, { probs: [0.2, 0.8] }), // no GT on sample 4: ignored
    ];
    const p = classificationPairs(classes, gt, pred);
    assert.deepEqual(p.input.labels, [0, 1]);
    assert.deepEqual(p.input.predicted, [0, 0]);
    assert.deepEqual(p.input.confidence, [0.9, 0.6]);
    assert.deepEqual(
      p.samples.map((s) => [s.sampleId, s.tp, s.fp, s.fn]),
      [
        [1, 1, 0, 0],
        [2, 0, 1, 1],
        [3, 0, 0, 1],
      ],
    );
    assert.equal(p.unpredicted, 1);
    assert.equal(p.unlabeled, 1);
    const outcome = (id: number) => p.matches.find((m) => m.annotationId === id)?.outcome;
    assert.deepEqual([1, 2, 3].map(outcome), ['tp', 'fn', 'fn']);
    assert.deepEqual([pred[0]!.id, pred[1]!.id, pred[3]!.id].map(outcome), ['tp', 'fp', 'ignored']);
    assert.equal(outcome(pred[2]!.id), undefined);
    assert.deepEqual(
      p.skipped.map((s) => [s.reason, s.count]),
      [['predicted labels beyond the highest-scoring one on a sample', 1]],
    );
    // Class ids are the project's, not the class-map positions.
    assert.equal(p.matches.find((m) => m.annotationId === pred[1]!.id)?.classId, 10);
    // Top-k needs probabilities on every paired prediction: here none, so none are passed.
    assert.equal(p.input.probs, undefined);
  });

  it('takes the argmax of probs when a prediction has no label, and its probability as confidence', () => {
    const p = classificationPairs(
      classes,
      [label(1, 'ground_truth', 'dog')],
      [label(1, 'prediction:m', undefined, { probs: [0.3, 0.7] })],
    );
    assert.deepEqual(p.input.predicted, [1]);
    assert.deepEqual(p.input.confidence, [0.7]);
    assert.deepEqual(p.input.probs, [0.3, 0.7]);
  });
});
