import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MovedCanvas } from './moved-canvas.js';

/** A canvas laid out 1400 × 900 CSS pixels (all MovedCanvas reads of it), at devicePixelRatio 1. */
function canvas() {
  (globalThis as { window?: unknown }).window = { devicePixelRatio: 1 };
  const style = { transform: '', imageRendering: '' };
  const box = { x: 0, y: 0, width: 1400, height: 900 } as DOMRect;
  return { style, getBoundingClientRect: () => box } as unknown as HTMLCanvasElement;
}

/** The view after zooming by `factor` about NDC point (nx, ny) from (zoom, panX, panY), as PointMap.zoomAt. */
function zoomed(view: { zoom: number; panX: number; panY: number }, factor: number, nx = 0, ny = 0) {
  return {
    zoom: view.zoom * factor,
    panX: nx - (nx - view.panX) * factor,
    panY: ny - (ny - view.panY) * factor,
  };
}

describe('MovedCanvas', () => {
  const shown = { zoom: 1, panX: 0, panY: 0 };

  it('stands in for a view while the image covers all but a third of the box on each side', () => {
    const moved = new MovedCanvas(canvas());
    // a pan of 420 px (0.6 NDC): 420 px uncovered, within a third of 1400
    assert.equal(moved.move(shown, { zoom: 1, panX: 0.6, panY: 0 }), true);
    // 490 px: too far
    assert.equal(moved.move(shown, { zoom: 1, panX: 0.7, panY: 0 }), false);
  });

  it('lets a zoom in after a pan, or about a point off the centre, scale the image while it covers the box', () => {
    const moved = new MovedCanvas(canvas());
    // panned 270 px, then zoomed in 1.2⁵ at the centre: shifted 672 px, yet covering the box (2.5 × 1400
    // wide about a centre 672 px off: 1,078 px to spare on the near side)
    let view = { zoom: 1, panX: (2 * 270) / 1400, panY: 0 };
    for (let k = 0; k < 5; k++) view = zoomed(view, 1.2);
    assert.equal(moved.move(shown, view), true);
    // zoomed in 2.9× about a point 600 px right of the centre: shifted 1,140 px, still covering
    assert.equal(moved.move(shown, zoomed(shown, 2.9, 600 / 700)), true);
    // past 3×: too blurred to stand in
    assert.equal(moved.move(shown, zoomed(shown, 3.1)), false);
  });

  it('does not let a zoom out leave more than a third of the box uncovered on a side', () => {
    const moved = new MovedCanvas(canvas());
    // zoomed out to ½ at the centre: a quarter uncovered on each side
    assert.equal(moved.move(shown, zoomed(shown, 0.5)), true);
    // zoomed out to ½ about the box's right edge: 700 px uncovered on the left
    assert.equal(moved.move(shown, zoomed(shown, 0.5, 1)), false);
  });
});
