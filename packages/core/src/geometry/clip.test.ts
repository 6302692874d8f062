import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boxClip, ringClip } from './clip.js';
import { polygonArea } from './polygon.js';

describe('boxClip / ringClip', () => {
  it('clips a box straddling the right and bottom edges, and drops one outside', () => {
    assert.deepEqual(boxClip([90, 80, 20, 40], 100, 100), [90, 80, 10, 20]);
    assert.deepEqual(boxClip([-5, 10, 10, 10], 100, 100), [0, 10, 5, 10]);
    assert.equal(boxClip([120, 0, 10, 10], 100, 100), undefined);
  });

  it('clips a square half outside to the half inside (area by hand: 10 × 20 = 200)', () => {
    const ring = ringClip([90, 0, 110, 0, 110, 20, 90, 20], 100, 100);
    assert.ok(Math.abs(polygonArea(ring) - 200) < 1e-9);
    for (let i = 0; i < ring.length; i += 2) assert.ok(ring[i]! <= 100 && ring[i]! >= 90);
  });

  it('clips a triangle over a corner and leaves one inside as it is', () => {
    // Triangle (-10,-10)-(30,-10)-(-10,30): its hypotenuse is x + y = 20, so the part inside is the
    // triangle (0,0)-(20,0)-(0,20), area 200.
    const ring = ringClip([-10, -10, 30, -10, -10, 30], 100, 100);
    assert.ok(Math.abs(polygonArea(ring) - 200) < 1e-9);
    assert.deepEqual(ringClip([1, 1, 5, 1, 1, 5], 100, 100), [1, 1, 5, 1, 1, 5]);
    assert.deepEqual(ringClip([200, 200, 210, 200, 200, 210], 100, 100), []);
  });
});
