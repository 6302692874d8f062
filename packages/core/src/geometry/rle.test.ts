import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Rle } from '../model/annotation.js';
import { fixture } from '../test-kit/fixtures.js';
import {
  rleArea,
  rleCheck,
  rleCounts,
  rleDecodeString,
  rleEncodeString,
  rleFromUncompressed,
  rleToBbox,
  rleToUncompressed,
} from './rle.js';

const readJson = (path: string): unknown => JSON.parse(readFileSync(fixture(path), 'utf8'));

interface Ann {
  id: number;
  iscrowd: number;
  area: number;
  bbox: number[];
  segmentation?: unknown;
}

const segmResults = readJson('coco-val2014-100/instances_val2014_fakesegm100_results.json') as {
  segmentation: Rle;
}[];
const det500 = readJson('synthetic-det500/det500/gt.json') as { annotations: Ann[] };
const crowd = det500.annotations.filter((a) => a.iscrowd === 1);

describe('rle compressed-string codec', () => {
  it('decodes and re-encodes every pycocotools string of the val2014 segm results unchanged', () => {
    // fixtures/coco-val2014-100/README.md: 734 segm detections as compressed RLE strings.
    assert.equal(segmResults.length, 734);
    for (const r of segmResults) {
      const text = r.segmentation.counts as string;
      const counts = rleDecodeString(text);
      assert.equal(rleEncodeString(counts), text);
      assert.equal(rleCheck(r.segmentation), undefined, 'counts add up to height × width');
    }
  });

  it('round-trips the uncompressed crowd RLEs of det500 through the string form', () => {
    // fixtures/synthetic-det500/README.md: 14 crowd regions with uncompressed RLE.
    assert.equal(crowd.length, 14);
    for (const a of crowd) {
      const rle = a.segmentation as Rle;
      const compressed = rleFromUncompressed(rle);
      assert.equal(typeof compressed.counts, 'string');
      assert.deepEqual(rleToUncompressed(compressed).counts, rle.counts);
      assert.deepEqual(rleCounts(compressed), rle.counts);
    }
  });

  it('encodes counts that shrink (negative differences) and large counts', () => {
    const counts = [0, 5_000_000, 3, 2, 40_000_000, 1, 7];
    assert.deepEqual(rleDecodeString(rleEncodeString(counts)), counts);
    assert.equal(rleEncodeString([]), '');
    assert.deepEqual(rleDecodeString(''), []);
  });

  it('refuses a string that ends inside a count', () => {
    // 'P' = 32 + 48: the continuation bit is set, and nothing follows.
    assert.throws(() => rleDecodeString('P'), RangeError);
  });
});

describe('rleArea and rleToBbox', () => {
  it('area of each det500 crowd RLE equals its COCO area (the generator counted pixels)', () => {
    for (const a of crowd) assert.equal(rleArea(a.segmentation as Rle), a.area, `annotation ${a.id}`);
  });

  it('box of each det500 crowd RLE equals its COCO bbox', () => {
    for (const a of crowd) assert.deepEqual(rleToBbox(a.segmentation as Rle), a.bbox, `annotation ${a.id}`);
  });

  it("COCO's own val2014 crowd boxes are one pixel narrower than toBbox (a known COCO quirk)", () => {
    // instances_val2014_100.json: 9 crowd annotations; e.g. id 900100001176 bbox [368, 306, 17, 35].
    const val = readJson('coco-val2014-100/instances_val2014_100.json') as { annotations: Ann[] };
    const crowd2014 = val.annotations.filter((a) => a.iscrowd === 1);
    assert.equal(crowd2014.length, 9);
    for (const a of crowd2014) {
      const [x, y, w, h] = a.bbox as [number, number, number, number];
      assert.deepEqual(rleToBbox(a.segmentation as Rle), [x, y, w + 1, h + 1], `annotation ${a.id}`);
    }
  });

  it('column-major layout: 20 ones in a 10×5 mask fill the first two columns', () => {
    // datumaro coco_dataset instances_val.json, annotation 2: counts [0, 20, 30], size [10, 5].
    const rle: Rle = { size: [10, 5], counts: [0, 20, 30] };
    assert.equal(rleArea(rle), 20);
    assert.deepEqual(rleToBbox(rle), [0, 0, 2, 10]);
  });

  it('a run inside one column gives a tight box; an empty mask gives zeros', () => {
    // 4×3 mask, pixel index = x * 4 + y; ones at indices 5..6 → x = 1, y = 1..2.
    assert.deepEqual(rleToBbox({ size: [4, 3], counts: [5, 2, 5] }), [1, 1, 1, 2]);
    assert.deepEqual(rleToBbox({ size: [4, 3], counts: [12] }), [0, 0, 0, 0]);
    assert.equal(rleArea({ size: [4, 3], counts: rleEncodeString([5, 2, 5]) }), 2);
  });

  it('rleCheck names counts that do not cover the image', () => {
    assert.match(rleCheck({ size: [4, 3], counts: [5, 2] }) ?? '', /add up to 7/);
  });
});
