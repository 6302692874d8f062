import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  affineFromRigid,
  affineInvertRigid,
  affineMultiply,
  cameraMatrix,
  cuboidCorners,
} from './view-geometry.js';
import { viewPoints } from './view-points.js';

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-12) =>
  Array.from(a).every((v, i) => Math.abs(v - (b[i] as number)) <= tol);

describe('view geometry', () => {
  it('a rigid transform composed with its inverse is the identity', () => {
    const r = Math.SQRT1_2;
    const m = affineFromRigid({ rotation: [r, 0, 0, r], translation: [1, 2, 3] });
    // 90° about z: x → y.
    assert.ok(close(m, [0, -1, 0, 1, 1, 0, 0, 2, 0, 0, 1, 3]));
    assert.ok(close(affineMultiply(m, affineInvertRigid(m)), [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]));
  });

  it('cuboid corners: yaw 90° turns the length onto y; bottom face first', () => {
    const c = cuboidCorners({ center: [10, 0, 1], size: [4, 2, 2], yaw: Math.PI / 2, frame: 'lidar' });
    // Corner 0 is (+l/2, +w/2) in the box: (10 - 1, 0 + 2) after the turn, at the bottom (z = 0).
    assert.ok(close(c.subarray(0, 3), [9, 2, 0], 1e-12));
    assert.ok(close(c.subarray(12, 15), [9, 2, 2], 1e-12));
  });

  it('the camera matrix maps a point straight ahead to the principal point', () => {
    // LiDAR x forward, y left, z up → camera x = -y, y = -z, z = x.
    const toCamera = Float64Array.of(0, -1, 0, 0, 0, 0, -1, 0, 1, 0, 0, 0);
    const p = cameraMatrix({ fx: 700, fy: 700, cx: 600, cy: 180 }, toCamera);
    const [x, y, z] = [20, 0, 0];
    const d = (p[8] as number) * x + (p[9] as number) * y + (p[10] as number) * z + (p[11] as number);
    const u = ((p[0] as number) * x + (p[1] as number) * y + (p[2] as number) * z) / d;
    const v = ((p[4] as number) * x + (p[5] as number) * y + (p[6] as number) * z) / d;
    assert.deepEqual([u, v, d], [600, 180, 20]);
  });
});

describe('viewPoints', () => {
  const cloud = {
    count: 10,
    fields: {
      x: Float32Array.from({ length: 10 }, (_, i) => i),
      y: new Float32Array(10),
      z: Float32Array.of(0, 1, 2, 3, Number.NaN, 5, 6, 7, 8, 9),
      intensity: Float32Array.from({ length: 10 }, (_, i) => i / 10),
    },
  };

  it('keeps every k-th point (k = ceil(total / max)), drops non-finite ones, packs xyz then the attribute', () => {
    const v = viewPoints(cloud, 4, 'intensity');
    // k = 3: points 0, 3, 6, 9.
    assert.equal(v.count, 4);
    assert.equal(v.total, 10);
    assert.equal(v.attribute, 'intensity');
    assert.deepEqual(Array.from(v.data.subarray(0, 12)), [0, 0, 0, 3, 0, 3, 6, 0, 6, 9, 0, 9]);
    assert.ok(close(v.data.subarray(12), [0, 0.3, 0.6, 0.9], 1e-6));
    // Point 4 has z = NaN: with k = 2 it is skipped.
    assert.equal(viewPoints(cloud, 5, 'height').count, 4);
  });

  it('falls back to height when the cloud has no label field', () => {
    const v = viewPoints(cloud, 100, 'label');
    assert.equal(v.attribute, 'height');
    assert.equal(v.count, 9);
  });
});
