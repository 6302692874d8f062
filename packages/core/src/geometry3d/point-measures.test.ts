import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Cuboid } from '../model/annotation.js';
import { mulberry32 } from '../random/mulberry32.js';
import { vecQuantileSorted } from '../stats/summarize.js';
import { pointsInCuboid } from './cuboid-geometry.js';
import { measureSweep } from './point-measures.js';

/**
 * The measures as a pass over the whole sweep per box and per ring (how measureSweep worked before the
 * grid): every point tested against every box. The grid must give the same numbers, exactly.
 */
function perBoxPasses(x: Float32Array, y: Float32Array, z: Float32Array, boxes: Cuboid[]) {
  const n = x.length;
  const inside = boxes.map((b) => pointsInCuboid(x, y, z, n, b));
  const ground = boxes.map((b) => {
    const r0 = Math.hypot(b.size[0], b.size[1]) / 2;
    const r1 = r0 + 3;
    const heights: number[] = [];
    for (let i = 0; i < n; i++) {
      const dx = x[i]! - b.center[0];
      const dy = y[i]! - b.center[1];
      const d = dx * dx + dy * dy;
      if (d >= r0 * r0 && d <= r1 * r1) heights.push(z[i]!);
    }
    return heights.length >= 10 ? vecQuantileSorted(Float64Array.from(heights).sort(), 0.1) : Number.NaN;
  });
  return { inside, ground };
}

function scene(seed: number, points: number, boxCount: number) {
  const random = mulberry32(seed);
  const x = new Float32Array(points);
  const y = new Float32Array(points);
  const z = new Float32Array(points);
  const boxes: Cuboid[] = [];
  for (let k = 0; k < boxCount; k++) {
    const yaw = (random() - 0.5) * 2 * Math.PI;
    const box: Cuboid = {
      center: [(random() - 0.5) * 60, (random() - 0.5) * 60, random() - 1],
      size: [1 + random() * 4, 0.5 + random() * 2, 1 + random()],
      yaw,
      frame: 'lidar',
    };
    // Every third box tilted (full rotation) about x, as a box on a slope.
    if (k % 3 === 0) {
      const roll = 0.2 * random();
      box.rotation = [
        Math.cos(yaw / 2) * Math.cos(roll / 2),
        Math.cos(yaw / 2) * Math.sin(roll / 2),
        -Math.sin(yaw / 2) * Math.sin(roll / 2),
        Math.sin(yaw / 2) * Math.cos(roll / 2),
      ];
    }
    boxes.push(box);
  }
  for (let i = 0; i < points; i++) {
    // Half the points around the boxes (many inside), half spread over ±80 m; a few far and a few NaN.
    const b = boxes[i % boxes.length]!;
    const near = i % 2 === 0;
    x[i] = near ? b.center[0] + (random() - 0.5) * 12 : (random() - 0.5) * 160;
    y[i] = near ? b.center[1] + (random() - 0.5) * 12 : (random() - 0.5) * 160;
    z[i] = near ? b.center[2] + (random() - 0.5) * 3 : random() * 4 - 2;
    if (i % 997 === 0) x[i] = 5000;
    if (i % 1009 === 0) y[i] = Number.NaN;
  }
  return { x, y, z, boxes };
}

describe('measureSweep (one grid for all boxes)', () => {
  for (const [seed, points, boxCount] of [
    [1, 20_000, 12],
    [2, 5_000, 1],
    [3, 30_000, 40],
  ] as const) {
    it(`equals a pass per box: seed ${seed}, ${points} points, ${boxCount} boxes`, () => {
      const { x, y, z, boxes } = scene(seed, points, boxCount);
      const m = measureSweep({ count: points, fields: { x, y, z } }, boxes);
      const want = perBoxPasses(x, y, z, boxes);
      assert.deepEqual([...m.inside], want.inside);
      assert.deepEqual([...m.ground], want.ground);
      assert.ok(want.inside.filter((k) => k > 0).length >= boxCount / 2, 'most boxes hold points');
      assert.ok(want.ground.filter(Number.isFinite).length === boxCount, 'every box has a ground');
    });
  }

  it('a box far from every point, a box with a NaN centre, and no boxes', () => {
    const { x, y, z } = scene(4, 2_000, 3);
    const far: Cuboid = { center: [900, 900, 0], size: [4, 2, 1.5], yaw: 0, frame: 'lidar' };
    const nan: Cuboid = { center: [Number.NaN, 0, 0], size: [4, 2, 1.5], yaw: 0, frame: 'lidar' };
    const m = measureSweep({ count: 2_000, fields: { x, y, z } }, [far, nan]);
    assert.deepEqual([...m.inside], [0, 0]);
    assert.deepEqual([...m.ground], [Number.NaN, Number.NaN]);
    const none = measureSweep({ count: 2_000, fields: { x, y, z } }, []);
    assert.equal(none.count, 2_000);
    assert.ok(none.medianRange > 0);
  });
});
