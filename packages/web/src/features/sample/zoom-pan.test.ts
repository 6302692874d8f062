import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toImage } from '../../render/renderer.js';
import { panBy, zoomAt } from './zoom-pan.js';

describe('zoom and pan', () => {
  it('zooming keeps the image point under the cursor in place', () => {
    const v = { scale: 0.5, ox: 10, oy: 20 };
    const before = toImage(v, 200, 150);
    const z = zoomAt(v, 200, 150, 3);
    assert.equal(z.scale, 1.5);
    const after = toImage(z, 200, 150);
    assert.ok(Math.abs(after[0] - before[0]) < 1e-9 && Math.abs(after[1] - before[1]) < 1e-9);
  });

  it('clamps the scale and pans in screen pixels', () => {
    assert.equal(zoomAt({ scale: 30, ox: 0, oy: 0 }, 0, 0, 10).scale, 40);
    assert.deepEqual(panBy({ scale: 2, ox: 1, oy: 1 }, 5, -3), { scale: 2, ox: 6, oy: -2 });
  });
});
