import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { polygonArea, polygonBbox, polygonsArea } from './polygon.js';

describe('polygon helpers', () => {
  it('shoelace area of a rectangle, either winding', () => {
    const rect = [20, 10, 50, 10, 50, 50, 20, 50];
    assert.equal(polygonArea(rect), 1200);
    assert.equal(polygonArea([20, 50, 50, 50, 50, 10, 20, 10]), 1200);
  });

  it('area of a triangle and of several rings', () => {
    assert.equal(polygonArea([0, 0, 4, 0, 0, 3]), 6);
    assert.equal(
      polygonsArea([
        [0, 0, 4, 0, 0, 3],
        [10, 10, 12, 10, 12, 12, 10, 12],
      ]),
      10,
    );
    assert.equal(polygonArea([0, 0, 1, 1]), 0, 'fewer than 3 vertices');
  });

  it('datumaro coco sample polygon: area 2 as the file states', () => {
    // fixtures/format-samples/datumaro/coco_dataset/coco/annotations/instances_val.json, id 1: area 2.0.
    assert.equal(polygonArea([0, 0, 1, 0, 1, 2, 0, 2]), 2);
  });

  it('bbox around all rings', () => {
    assert.deepEqual(
      polygonBbox([
        [20, 10, 50, 10, 50, 50],
        [5.5, 60, 6, 61],
      ]),
      [5.5, 10, 44.5, 51],
    );
    assert.equal(polygonBbox([]), undefined);
  });
});
