import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Cuboid } from '../model/annotation.js';
import { cuboidIou3d, cuboidIouBev } from './cuboid-iou.js';

const box = (x: number, y: number, z: number, l: number, w: number, h: number, yaw = 0): Cuboid => ({
  center: [x, y, z],
  size: [l, w, h],
  yaw,
  frame: 'lidar',
});

describe('cuboid IoU', () => {
  it('identical boxes: 1; disjoint: 0', () => {
    assert.ok(Math.abs(cuboidIou3d(box(0, 0, 0, 4, 2, 1.5, 0.3), box(0, 0, 0, 4, 2, 1.5, 0.3)) - 1) < 1e-12);
    assert.equal(cuboidIou3d(box(0, 0, 0, 4, 2, 1.5), box(10, 0, 0, 4, 2, 1.5)), 0);
  });

  it('half-shifted along x: intersection 2×2×1 of two 4×2×1 boxes → 4 / (8 + 8 − 4) = 1/3', () => {
    assert.ok(Math.abs(cuboidIou3d(box(0, 0, 0, 4, 2, 1), box(2, 0, 0, 4, 2, 1)) - 1 / 3) < 1e-12);
  });

  it('a unit square and the same square turned 45°: intersection is the regular octagon, 2(√2 − 1)', () => {
    // Octagon area for the overlap of two unit squares rotated 45° about the same centre: 2(√2 − 1).
    const inter = 2 * (Math.SQRT2 - 1);
    assert.ok(
      Math.abs(
        cuboidIouBev(box(0, 0, 0, 1, 1, 1), box(0, 0, 0, 1, 1, 1, Math.PI / 4)) - inter / (2 - inter),
      ) < 1e-12,
    );
  });

  it('vertical overlap counts in 3D, not in BEV', () => {
    assert.ok(Math.abs(cuboidIou3d(box(0, 0, 0, 2, 2, 2), box(0, 0, 1, 2, 2, 2)) - 4 / (8 + 8 - 4)) < 1e-12);
    assert.equal(cuboidIouBev(box(0, 0, 0, 2, 2, 2), box(0, 0, 1, 2, 2, 2)), 1);
  });
});
