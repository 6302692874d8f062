import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeFilter, MapRegion } from '@assay/api';
import { regionContains, regionEdges } from '@assay/core/node/browse/map-region';
import { mulberry32 } from '@assay/core/random/mulberry32';
import { LASSO_VERTICES, lassoPolygon, pointsInPolygon } from './lasso-region.js';

/** A hand-drawn-like lasso: 2,000 mouse positions around a wobbly circle of radius 6 at (3, −2). */
function lasso(): [number, number][] {
  const random = mulberry32(9);
  return Array.from({ length: 2000 }, (_, k) => {
    const t = (2 * Math.PI * k) / 2000;
    const r = 6 + Math.sin(5 * t) + (random() - 0.5) * 0.01;
    return [3 + r * Math.cos(t), -2 + r * Math.sin(t)];
  });
}

describe('a lasso as a map region', () => {
  it('keeps at most 64 vertices, rounded, and a short URL', () => {
    const polygon = lassoPolygon(lasso(), 20)!;
    assert.ok(polygon.length >= 16 && polygon.length <= LASSO_VERTICES, `${polygon.length} vertices`);
    // span 20: a step of 0.001
    for (const [x, y] of polygon)
      for (const v of [x, y]) assert.ok(/^-?\d+(\.\d{1,3})?$/.test(String(v)), String(v));
    // with the projection's fingerprint as the server gives it (count in base 36, 16 hex digits)
    const projection = `${(1_000_000).toString(36)}.${'f'.repeat(16)}`;
    const region = { model: 'clip-vit-b32', method: 'umap', polygons: [polygon], projection };
    assert.ok(MapRegion.safeParse(region).success);
    const f = encodeFilter({ region });
    assert.ok(f.length < 2000, `?f= is ${f.length} characters`);
  });

  it('selects what the server selects (core regionContains) and close to the drawn lasso', () => {
    const random = mulberry32(4);
    const n = 50_000;
    const x = Float32Array.from({ length: n }, () => random() * 20 - 7);
    const y = Float32Array.from({ length: n }, () => random() * 20 - 12);
    const drawn = lasso();
    const polygon = lassoPolygon(drawn, 20)!;
    const picked = pointsInPolygon(x, y, polygon);
    const edges = regionEdges({ model: 'm', method: 'umap', polygons: [polygon] });
    const server: number[] = [];
    for (let i = 0; i < n; i++) if (regionContains(edges, x[i]!, y[i]!)) server.push(i);
    assert.deepEqual(picked, server);
    const exact = pointsInPolygon(x, y, drawn).length;
    assert.ok(Math.abs(picked.length - exact) < 0.02 * exact, `${picked.length} against ${exact}`);
  });

  it('gives null for a lasso without area', () => {
    assert.equal(
      lassoPolygon(
        [
          [0, 0],
          [1, 1],
          [2, 2],
        ],
        10,
      ),
      null,
    );
    assert.equal(lassoPolygon([[0, 0]], 10), null);
  });
});
