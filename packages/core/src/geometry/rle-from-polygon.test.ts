/**
 * Polygon rasterisation against pycocotools: every RLE string, area and box below is what
 * pycocotools 2.0.11 wrote into fixtures/rle-polygons/polygons_pycocotools.json (see its README).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { rleEncodeString } from './rle.js';
import { rleFromBox, rleFromPolygon } from './rle-from-polygon.js';
import { boxIou, rleAreaOf, rleBoxInto, rleIou } from './rle-iou.js';
import { rleMerge } from './rle-merge.js';

interface PolygonCase {
  name: string;
  h: number;
  w: number;
  polygons: number[][];
  parts: string[];
  merged: string;
  area: number;
  bbox: number[];
}

const FILE = new URL('../../../../fixtures/rle-polygons/polygons_pycocotools.json', import.meta.url).pathname;
const { cases } = JSON.parse(readFileSync(FILE, 'utf8')) as { cases: PolygonCase[] };

describe('rleFromPolygon equals pycocotools frPyObjects', () => {
  it('has the reference cases', () => assert.equal(cases.length, 40));
  for (const c of cases) {
    it(c.name, () => {
      const parts = c.polygons.map((p) => rleFromPolygon(p, c.h, c.w));
      assert.deepEqual(
        parts.map((r) => rleEncodeString(r)),
        c.parts,
      );
      const merged = rleMerge(parts);
      assert.equal(rleEncodeString(merged), c.merged);
      assert.equal(rleAreaOf(merged, 0, merged.length), c.area);
      const box = new Float64Array(4);
      rleBoxInto(merged, 0, merged.length, c.h, box, 0);
      assert.deepEqual(Array.from(box), c.bbox);
    });
  }
});

describe('mask and box IoU', () => {
  const a = rleFromBox([1, 1, 4, 4], 10, 10); // 16 pixels
  const b = rleFromBox([3, 3, 4, 4], 10, 10); // 16 pixels, 4 shared
  it('intersection over union of masks (4 / 28)', () => {
    assert.ok(Math.abs(rleIou(a, 0, a.length, b, 0, b.length, false) - 4 / 28) < 1e-15);
  });
  it('a crowd ground truth divides by the detection area (4 / 16)', () => {
    assert.ok(Math.abs(rleIou(a, 0, a.length, b, 0, b.length, true) - 4 / 16) < 1e-15);
  });
  it('boxes: IoU and crowd IoU, 0 when apart', () => {
    assert.ok(Math.abs(boxIou([1, 1, 4, 4], 0, [3, 3, 4, 4], 0, false) - 4 / 28) < 1e-15);
    assert.ok(Math.abs(boxIou([1, 1, 4, 4], 0, [3, 3, 40, 40], 0, true) - 4 / 16) < 1e-15);
    assert.equal(boxIou([0, 0, 1, 1], 0, [1, 0, 1, 1], 0, false), 0);
  });
});
