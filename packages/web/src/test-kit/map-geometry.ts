/** The map browser test's geometry and pixel helpers, independent of the app's code. */
import assert from 'node:assert/strict';
import sharp from 'sharp';

export { pnpoly } from '@assay/core/test-kit/pnpoly';

/** The region outline's colour (map-canvas.tsx REGION_OUTLINE, #00e5ff), apart from every point colour here. */
export function isOutline(r: number, g: number, b: number): boolean {
  return r < 60 && g > 200 && b > 220;
}

/** The screenshot's outline-coloured pixels, as [x, y] in CSS pixels of the element (device scale 1). */
export async function outlinePixels(png: Buffer): Promise<[number, number][]> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const out: [number, number][] = [];
  for (let i = 0, p = 0; i < data.length; i += info.channels, p++)
    if (isOutline(data[i]!, data[i + 1]!, data[i + 2]!))
      out.push([p % info.width, Math.floor(p / info.width)]);
  return out;
}

/** Distance of (x, y) from the closed polygon's nearest edge. */
export function edgeDistance(poly: [number, number][], x: number, y: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [ax, ay] = poly[j]!;
    const [bx, by] = poly[i]!;
    const [dx, dy] = [bx - ax, by - ay];
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy || 1)));
    best = Math.min(best, Math.hypot(ax + t * dx - x, ay + t * dy - y));
  }
  return best;
}

/**
 * A polygon of projection coordinates → CSS pixels on the map at its initial view: the points scaled
 * into [-1, 1] by the larger side of their bounding box (× 1.9, centred), the shorter side of the canvas
 * spanning [-1, 1] and y up.
 */
export function onCanvas(
  polygon: [number, number][],
  points: { x: Float32Array; y: Float32Array },
  box: { width: number; height: number },
): [number, number][] {
  const [x0, x1] = [Math.min(...points.x), Math.max(...points.x)];
  const [y0, y1] = [Math.min(...points.y), Math.max(...points.y)];
  const span = Math.max(x1 - x0, y1 - y0);
  const side = Math.min(box.width, box.height);
  return polygon.map(([x, y]) => [
    box.width / 2 + (((x - (x0 + x1) / 2) / span) * 1.9 * side) / 2,
    box.height / 2 - (((y - (y0 + y1) / 2) / span) * 1.9 * side) / 2,
  ]);
}

/** Asserts the outline runs along every side of `poly`: 8 places per side each have a pixel within 2 px. */
export function assertAlongEverySide(poly: [number, number][], pixels: [number, number][]): void {
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [ax, ay] = poly[j]!;
    const [bx, by] = poly[i]!;
    for (let k = 1; k <= 8; k++) {
      const [x, y] = [ax + ((bx - ax) * k) / 9, ay + ((by - ay) * k) / 9];
      assert.ok(
        pixels.some(([px, py]) => Math.hypot(px - x, py - y) <= 2),
        `no outline near (${x.toFixed(0)}, ${y.toFixed(0)})`,
      );
    }
  }
}
