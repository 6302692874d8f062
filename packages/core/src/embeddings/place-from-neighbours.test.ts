import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { landmarkRows, placeFromNeighbours } from './place-from-neighbours.js';

describe('placing rows from their laid-out neighbours', () => {
  it('puts each row at the distance-weighted mean of its placed neighbours, over rounds', () => {
    // a chain 0 - 1 - 2 - 3 - 4: only 0 and 4 are landmarks (at x = 0 and x = 8); each row's
    // neighbours are the rows beside it (distance 0.99 → weight 1), so 1 and 3 are placed in round 1
    // from one landmark each, and 2 in round 2 from 1 and 3
    const k = 2;
    const rows = Int32Array.of(1, -1, 0, 2, 1, 3, 2, 4, 3, -1);
    const distances = new Float32Array(10).fill(0.99);
    const xy = placeFromNeighbours([0, 4], Float32Array.of(0, 0, 8, 2), { k, rows, distances }, 5);
    assert.deepEqual([...xy], [0, 0, 0, 0, 4, 1, 8, 2, 8, 2]);
  });

  it('sends rows with no placed neighbour to the landmarks centroid', () => {
    const xy = placeFromNeighbours(
      [0, 1],
      Float32Array.of(0, 0, 2, 4),
      { k: 1, rows: Int32Array.of(-1, -1, -1), distances: new Float32Array(3) },
      3,
    );
    assert.deepEqual([...xy.subarray(4)], [1, 2]);
  });

  it('chooses distinct seeded landmarks, ascending', () => {
    const a = landmarkRows(1000, 50, 3);
    assert.equal(new Set(a).size, 50);
    assert.deepEqual(
      a,
      [...a].sort((x, y) => x - y),
    );
    assert.deepEqual(a, landmarkRows(1000, 50, 3));
    assert.notDeepEqual(a, landmarkRows(1000, 50, 4));
  });
});
