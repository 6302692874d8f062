import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ringArea, SHAPE_CLASSES, shapeArea, shapeBox, shapeOutline } from './shape-geometry.js';

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

describe('shape geometry', () => {
  it('uses five classes with non-contiguous COCO ids', () => {
    assert.deepEqual(
      SHAPE_CLASSES.map((c) => c.cocoId),
      [1, 2, 4, 7, 9],
    );
  });

  it('an unrotated square of circumradius r is an axis-aligned square of side r*sqrt(2)', () => {
    const p = { kind: 'square' as const, cx: 50, cy: 40, radius: 10, rotation: 0 };
    const box = shapeBox(p);
    const side = 10 * Math.SQRT2;
    close(box.x, 50 - side / 2);
    close(box.y, 40 - side / 2);
    close(box.w, side);
    close(box.h, side);
    close(shapeArea(p), side * side);
  });

  it('a circle box is exact and its area is pi r^2; its 32-gon is a little smaller', () => {
    const p = { kind: 'circle' as const, cx: 0, cy: 0, radius: 5, rotation: 1 };
    assert.deepEqual(shapeBox(p), { x: -5, y: -5, w: 10, h: 10 });
    close(shapeArea(p), Math.PI * 25);
    const polygon = ringArea(shapeOutline(p));
    // A regular 32-gon of circumradius 5: (32/2) * 25 * sin(2*pi/32)
    close(polygon, 16 * 25 * Math.sin((2 * Math.PI) / 32), 1e-9);
  });

  it('a star has 10 points and a hexagon 6, all within the circumradius', () => {
    for (const [kind, n] of [
      ['star', 10],
      ['hexagon', 6],
      ['triangle', 3],
    ] as const) {
      const ring = shapeOutline({ kind, cx: 0, cy: 0, radius: 8, rotation: 0.3 });
      assert.equal(ring.length, 2 * n);
      for (let i = 0; i < ring.length; i += 2) assert.ok(Math.hypot(ring[i]!, ring[i + 1]!) <= 8 + 1e-9);
    }
  });
});
