import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { rleDecodeString, rleEncodeString } from '@assay/core/geometry/rle';
import { sharedFixture } from '@assay/core/test-kit';
import { rleRunsFromString, rleToBitmap } from './rle-decode.js';

describe('rle-decode (the browser copy of COCO RLE decoding)', () => {
  it('reads every compressed mask of the det500 segm results as @assay/core does', async () => {
    // synthetic-det500/det500_segm/dt_segm.json: pycocotools-format compressed RLE strings.
    const path = sharedFixture('synthetic-det500/det500_segm/dt_segm.json');
    const dets = JSON.parse(await readFile(path, 'utf8')) as {
      segmentation: { size: [number, number]; counts: string };
    }[];
    assert.ok(dets.length > 100);
    for (const d of dets) {
      const runs = rleRunsFromString(d.segmentation.counts);
      assert.deepEqual(runs, rleDecodeString(d.segmentation.counts));
      const [h, w] = d.segmentation.size;
      const bitmap = rleToBitmap(d.segmentation.size, d.segmentation.counts);
      assert.ok(bitmap, 'decodes');
      let ones = 0;
      for (let i = 1; i < (runs?.length ?? 0); i += 2) ones += runs?.[i] ?? 0;
      assert.equal(bitmap.area, ones);
      let set = 0; // the bitmap's 1s, counted in a plain loop (reduce's callback per pixel costs seconds here)
      for (let i = 0; i < bitmap.data.length; i++) set += bitmap.data[i] as number;
      assert.equal(set, ones);
      assert.equal(bitmap.data.length, h * w);
    }
  });

  it('places runs column-major and finds the tight box', () => {
    // A 5×4 (h×w) mask with a 2×2 block at rows 1–2, columns 2–3: column-major positions 11,12,16,17.
    const runs = [11, 2, 3, 2, 2];
    const bitmap = rleToBitmap([5, 4], rleEncodeString(runs));
    assert.ok(bitmap);
    const on: number[] = [];
    bitmap.data.forEach((v, i) => {
      if (v) on.push(i);
    });
    // Row-major index y × 4 + x: (2,1)=6, (3,1)=7, (2,2)=10, (3,2)=11.
    assert.deepEqual(on, [6, 7, 10, 11]);
    assert.deepEqual(bitmap.bbox, [2, 1, 2, 2]);
  });

  it('refuses malformed counts instead of drawing garbage', () => {
    assert.equal(rleRunsFromString('\u0001'), null);
    assert.equal(rleToBitmap([2, 2], [1, 9]), null, 'runs past the image');
    assert.equal(rleToBitmap([0, 2], [0]), null);
  });
});
