import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Annotation, ReviewItem } from '@assay/api';
import { shapeEdits } from './polygon-edit.js';
import { acceptPredictionEdits, dragBox, reclassEdits, refitRings } from './review-actions.js';

const item = (patch: Partial<ReviewItem> = {}): ReviewItem => ({
  issue_id: 7,
  type: 'wrong_class',
  severity: 'error',
  score: 0.8,
  reason: 'r',
  status: 'open',
  sample_id: 3,
  path: 'a.jpg',
  annotation_id: 11,
  class: 'triangle',
  source: 'ground_truth',
  details: { pred_class: 'square', pred_bbox: [1, 2, 3, 4] },
  ...patch,
});

describe('review actions → edits', () => {
  test('dragging handles moves the named edges; dragging past the opposite edge flips', () => {
    assert.deepEqual(dragBox([10, 10, 20, 20], 'e', 5, 99), [10, 10, 25, 20]);
    assert.deepEqual(dragBox([10, 10, 20, 20], 'nw', -2, -3), [8, 7, 22, 23]);
    assert.deepEqual(dragBox([10, 10, 20, 20], 'move', 1, 1), [11, 11, 20, 20]);
    assert.deepEqual(dragBox([10, 10, 20, 20], 'w', 30, 0), [30, 10, 10, 20]);
  });
  test("a polygon's rings follow its box", () => {
    assert.deepEqual(
      refitRings(
        [
          [
            [0, 0],
            [10, 0],
            [10, 10],
          ],
        ],
        [0, 0, 10, 10],
        [5, 5, 20, 10],
      ),
      [
        [
          [5, 5],
          [25, 5],
          [25, 15],
        ],
      ],
    );
  });
  test('accepting a prediction updates the annotation or adds the missing box, and fixes the issue', () => {
    const [update, status] = acceptPredictionEdits(item())!;
    assert.deepEqual(update, {
      op: 'update',
      annotation_id: 11,
      class: 'square',
      bbox: [1, 2, 3, 4],
      issue_id: 7,
      reason: 'review: accept the prediction (square)',
    });
    assert.equal(status!.op === 'issue_status' && status!.status, 'fixed');
    const [add] = acceptPredictionEdits(item({ annotation_id: null, type: 'missing_label' }))!;
    assert.equal(add!.op, 'add');
    assert.equal(acceptPredictionEdits(item({ details: {} })), null);
  });
  test('no edit when nothing changes', () => {
    assert.equal(reclassEdits(item(), 'triangle'), null);
    const a = { id: 11, bbox: [1, 2, 3, 4], kind: 'bbox' } as unknown as Annotation;
    assert.equal(shapeEdits(item(), a, { box: [1, 2, 3, 4.001], rings: null }), null);
    assert.equal(shapeEdits(item(), a, { box: [1, 2, 5, 4], rings: null })![0]!.op, 'update');
  });
});
