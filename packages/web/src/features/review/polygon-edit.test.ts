import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Annotation, ReviewItem } from '@assay/api';
import {
  deleteVertex,
  draftOf,
  insertVertex,
  moveVertex,
  type Rings,
  ringsBox,
  shapeEdits,
  withBox,
  withRings,
} from './polygon-edit.js';

const square: Rings = [
  [
    [10, 10],
    [30, 10],
    [30, 30],
    [10, 30],
  ],
];
const item = { issue_id: 7, annotation_id: 11 } as ReviewItem;
const polygon = { id: 11, kind: 'polygon', bbox: [10, 10, 20, 20], polygon: square } as unknown as Annotation;

describe('polygon vertex edits', () => {
  test('move, insert on an edge, delete (a ring keeps three vertices)', () => {
    assert.deepEqual(moveVertex(square, 0, 2, [40, 35])[0]![2], [40, 35]);
    assert.deepEqual(square[0]![2], [30, 30], 'the input is not changed');
    assert.deepEqual(insertVertex(square, 0, 3)[0], [
      [10, 10],
      [30, 10],
      [30, 30],
      [10, 30],
      [10, 20],
    ]);
    assert.deepEqual(insertVertex(square, 0, 1, [35, 20])[0]![2], [35, 20]);
    const triangle = deleteVertex(square, 0, 1)!;
    assert.deepEqual(triangle[0], [
      [10, 10],
      [30, 30],
      [10, 30],
    ]);
    assert.equal(deleteVertex(triangle, 0, 0), null);
    assert.equal(moveVertex(square, 1, 0, [0, 0]), square, 'no ring 1');
  });
  test('the box follows the vertices, and the vertices follow the box handles', () => {
    assert.deepEqual(ringsBox(moveVertex(square, 0, 2, [40, 35])), [10, 10, 30, 25]);
    assert.deepEqual(withRings(square).box, [10, 10, 20, 20]);
    assert.deepEqual(withBox(draftOf(polygon)!, [10, 10, 40, 20]).rings![0]![2], [50, 30]);
  });
  test('saving: the rings and their box as one update, the issue fixed; nothing when unchanged', () => {
    assert.equal(shapeEdits(item, polygon, draftOf(polygon)!), null);
    const moved = withRings(moveVertex(square, 0, 2, [40.123, 35]));
    const [update, status] = shapeEdits(item, polygon, moved)!;
    assert.deepEqual(update, {
      op: 'update',
      annotation_id: 11,
      bbox: [10, 10, 30.12, 25],
      polygon: [
        [
          [10, 10],
          [30, 10],
          [40.12, 35],
          [10, 30],
        ],
      ],
      issue_id: 7,
      reason: 'review: adjust the polygon',
    });
    assert.deepEqual(status, {
      op: 'issue_status',
      issue_id: 7,
      status: 'fixed',
      reason: 'review: adjust the polygon',
    });
    const rescaled = shapeEdits(item, polygon, withBox(draftOf(polygon)!, [10, 10, 40, 20]))!;
    assert.equal(rescaled[0]!.reason, 'review: adjust the box', 'the box handles rescale the rings');
    assert.deepEqual((rescaled[0] as { polygon: Rings }).polygon[0]![2], [50, 30]);
  });
});
