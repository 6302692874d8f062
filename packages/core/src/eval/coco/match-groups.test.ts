import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { sharedFixture } from '../../test-kit/fixtures.js';
import { evaluateImages } from './evaluate-images.js';
import { loadCocoDetections } from './load-detections.js';
import { loadCocoGroundTruth } from './load-ground-truth.js';
import { defaultCocoParams } from './params.js';

/**
 * Area ranges 1–3 copy range 0's matches for the (class, image) groups whose ground truth has the same
 * ignore flags in both ranges, or one flag for all of it in each (match-groups.ts). The copies must equal
 * a greedy pass of their own: evaluateImages keeping every range (ranges 1–3 copy from range 0) against
 * the same evaluation keeping none (each range matched alone, no reference), every array equal.
 * synthetic-det500 (500 images, 20 classes: most groups have one or two GT, often all in or all out of
 * the small/medium/large ranges) and coco-val2014-100 (crowd regions, 80 classes).
 */
function compare(gtPath: string, dtPath: string): void {
  const dataset = loadCocoGroundTruth(JSON.parse(readFileSync(gtPath, 'utf8')), { iouType: 'bbox' });
  const dt = loadCocoDetections(JSON.parse(readFileSync(dtPath, 'utf8')), dataset, { iouType: 'bbox' });
  const params = defaultCocoParams('bbox', true);
  const copied = evaluateImages(dataset, dt.dt, params);
  const alone = evaluateImages(dataset, dt.dt, params, { keepAreas: 0 });
  assert.equal(copied.perArea.length, 4);
  for (let a = 1; a < 4; a++) {
    const own = alone.matchArea(a);
    const copy = copied.perArea[a]!;
    for (const key of ['gtSorted', 'gtIgnore', 'dtMatches', 'dtIgnore', 'gtMatches'] as const)
      assert.deepEqual(copy[key], own[key], `area ${a}, ${key}`);
  }
}

describe('matchArea: copies of range 0 equal a greedy pass per range', () => {
  it('synthetic-det500', () => {
    const dir = sharedFixture('synthetic-det500/det500/');
    compare(`${dir}gt.json`, `${dir}dt_bbox.json`);
  });

  it('coco-val2014-100 (crowd regions)', () => {
    const dir = sharedFixture('coco-val2014-100/');
    compare(`${dir}instances_val2014_100.json`, `${dir}instances_val2014_fakebbox100_results.json`);
  });
});
