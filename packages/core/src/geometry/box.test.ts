import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boxArea, boxFromKeypoints, boxIsValid } from './box.js';

describe('box helpers', () => {
  it('area and validity', () => {
    assert.equal(boxArea([1, 2, 3, 4]), 12);
    assert.ok(boxIsValid([0, 0, 0, 0]));
    assert.ok(!boxIsValid([0, 0, -1, 2]));
    assert.ok(!boxIsValid([0, Number.NaN, 1, 2]));
    assert.ok(!boxIsValid([0, 0, 1]));
  });

  it('box from labeled keypoints only', () => {
    assert.deepEqual(boxFromKeypoints([35, 10, 2, 40, 12, 1, 0, 0, 0]), [35, 10, 5, 2]);
    assert.equal(boxFromKeypoints([1, 2, 0]), undefined);
  });
});
