import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mulberry32 } from '@assay/core/random/mulberry32';
import { PointGrid } from './point-grid.js';

/** 20,000 seeded points in [-0.95, 0.95]², half of them in a tight cluster. */
function points() {
  const random = mulberry32(5);
  const n = 20_000;
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const tight = i % 2 === 0;
    x[i] = tight ? 0.3 + (random() - 0.5) * 0.05 : (random() - 0.5) * 1.9;
    y[i] = tight ? -0.2 + (random() - 0.5) * 0.05 : (random() - 0.5) * 1.9;
  }
  return { x, y };
}

describe('PointGrid', () => {
  it('visits every point of a box exactly once (a superset of the box, a small part of the whole)', () => {
    const { x, y } = points();
    const grid = new PointGrid(x, y);
    for (const [x0, y0, x1, y1] of [
      [-0.1, -0.1, 0.1, 0.1],
      [0.28, -0.22, 0.31, -0.19],
      [-2, -2, 2, 2],
      [0.9, 0.9, 3, 3],
      [-0.5, 0.2, -0.5, 0.2],
    ] as const) {
      const seen = new Uint8Array(x.length);
      let [visits, inside] = [0, 0];
      grid.each(x0, y0, x1, y1, (i) => {
        seen[i]!++;
        visits++;
      });
      for (let i = 0; i < x.length; i++) {
        assert.ok(seen[i]! <= 1, `point ${i} visited twice`);
        if (x[i]! >= x0 && x[i]! <= x1 && y[i]! >= y0 && y[i]! <= y1) {
          inside++;
          assert.equal(seen[i], 1, `point ${i} in [${x0}, ${y0}, ${x1}, ${y1}] missed`);
        }
      }
      // only the cells under the box: a few more points than it holds
      assert.ok(visits <= 3 * inside + 300, `${visits} visits for ${inside} points in the box`);
    }
  });

  it('holds points outside [-1, 1]² in the border cells', () => {
    const grid = new PointGrid(Float32Array.from([-3, 0, 3]), Float32Array.from([0, 0, 5]), 4);
    const got: number[] = [];
    grid.each(-1, -1, -0.9, 1, (i) => got.push(i));
    assert.deepEqual(got, [0]);
    got.length = 0;
    grid.each(0.9, 0.9, 1, 1, (i) => got.push(i));
    assert.deepEqual(got, [2]);
  });
});
