import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { wheelZoom } from './wheel-zoom.js';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} ≠ ${b}`);

describe('wheel zoom', () => {
  it('zooms in proportion to the delta: a notch ×1.2, two merged notches ×1.44, a trackpad by its sum', () => {
    close(wheelZoom({ deltaY: -100, deltaMode: 0 }), 1.2);
    close(wheelZoom({ deltaY: 100, deltaMode: 0 }), 1 / 1.2);
    close(wheelZoom({ deltaY: -200, deltaMode: 0 }), 1.44);
    // 25 trackpad events of 4 px zoom as much as one notch, not 1.2²⁵
    close(wheelZoom({ deltaY: -4, deltaMode: 0 }) ** 25, 1.2);
    close(wheelZoom({ deltaY: 0, deltaMode: 0 }), 1);
  });

  it('reads line and page deltas, and bounds one event', () => {
    close(wheelZoom({ deltaY: -2.5, deltaMode: 1 }), 1.2); // 2.5 lines of 40 px
    assert.equal(wheelZoom({ deltaY: -3, deltaMode: 2 }), 4);
    assert.equal(wheelZoom({ deltaY: 5000, deltaMode: 0 }), 1 / 4);
  });
});
