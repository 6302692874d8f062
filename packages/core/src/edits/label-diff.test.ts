import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnnotationState } from './edit-types.js';
import { diffLabels, type LabelVersion } from './label-diff.js';

const ann = (
  id: number,
  label: string,
  bbox: [number, number, number, number],
  sampleId = 1,
): AnnotationState => ({
  id,
  sampleId,
  source: 'ground_truth',
  kind: 'bbox',
  label,
  bbox,
});
const version = (name: string, annotations: AnnotationState[]): LabelVersion => ({
  name,
  samples: new Map([
    [1, { key: 'a.jpg', split: 'train' }],
    [2, { key: 'b.jpg', split: 'train' }],
  ]),
  annotations,
});

describe('diffLabels: matching by id, else by IoU', () => {
  // A re-import gives every annotation a new id: 1→11 unchanged, 2→12 re-classed, 3→13 moved
  // (IoU of [0,0,10,10] and [1,0,10,10] = 90/110 = 0.818), 4 removed, 14 added (same sample, far away),
  // and 5→15 on another sample stay apart from sample 1's boxes.
  const a = version('A', [
    ann(1, 'cat', [50, 50, 10, 10]),
    ann(2, 'cat', [20, 20, 10, 10]),
    ann(3, 'dog', [0, 0, 10, 10]),
    ann(4, 'dog', [80, 80, 5, 5]),
    ann(5, 'dog', [0, 0, 10, 10], 2),
  ]);
  const b = version('B', [
    ann(11, 'cat', [50, 50, 10, 10]),
    ann(12, 'dog', [20, 20, 10, 10]),
    ann(13, 'dog', [1, 0, 10, 10]),
    ann(14, 'dog', [60, 0, 5, 5]),
    ann(15, 'dog', [0, 0, 10, 10], 2),
  ]);
  it('pairs a re-import by IoU within a sample and source', () => {
    const d = diffLabels(a, b);
    assert.deepEqual(d.annotations, { added: 1, removed: 1, reclassed: 1, moved: 1, unchanged: 2 });
    const moved = d.changes.find((c) => c.type === 'moved')!;
    assert.equal(moved.annotation_id_a, 3);
    assert.ok(Math.abs(moved.iou! - 90 / 110) < 1e-12);
    assert.equal(d.changes.find((c) => c.type === 'reclassed')!.from_class, 'cat');
  });
  it('by id only with iou 0, and a pair below the threshold stays removed + added', () => {
    assert.deepEqual(diffLabels(a, b, { iou: 0 }).annotations, {
      added: 5,
      removed: 5,
      reclassed: 0,
      moved: 0,
      unchanged: 0,
    });
    assert.equal(diffLabels(a, b, { iou: 0.85 }).annotations.moved, 0);
  });
});
