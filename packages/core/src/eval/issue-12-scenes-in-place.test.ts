/**
 * Issue 12: the scenes of TIDE and the confusion matrix reorder the pooled IoUs in place (no copy) and
 * an evaluation lets its IoUs and matches go on release(): the same scenes as the copy, including images
 * with more than 100 detections (cut to 100) and ties in score.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateImages } from './coco/evaluate-images.js';
import { loadCocoDetections } from './coco/load-detections.js';
import { loadCocoGroundTruth } from './coco/load-ground-truth.js';
import { defaultCocoParams } from './coco/params.js';
import { scenesFromCocoEval } from './detection-scenes.js';

function data() {
  let s = 11;
  const rand = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  const images = Array.from({ length: 12 }, (_, i) => ({ id: i + 1, width: 200, height: 200 }));
  const categories = [1, 2, 3].map((id) => ({ id, name: `c${id}` }));
  const box = () => [rand() * 150, rand() * 150, 5 + rand() * 40, 5 + rand() * 40];
  const annotations = [];
  const results = [];
  for (const image of images) {
    for (let k = 0; k < 1 + (image.id % 5); k++) {
      const b = box();
      annotations.push({
        id: annotations.length + 1,
        image_id: image.id,
        category_id: 1 + (k % 3),
        bbox: b,
        area: b[2]! * b[3]!,
        iscrowd: k === 3 ? 1 : 0,
      });
    }
    // Image 5 has 130 detections: cut to 100 by score (ties in score included).
    for (let d = 0; d < (image.id === 5 ? 130 : 6); d++)
      results.push({
        image_id: image.id,
        category_id: 1 + (d % 3),
        bbox: box(),
        score: Math.round(rand() * 20) / 20,
      });
  }
  const dataset = loadCocoGroundTruth({ images, categories, annotations });
  const { dt } = loadCocoDetections(results, dataset);
  return { dataset, dt };
}

function pooled(dataset: ReturnType<typeof data>['dataset'], dt: ReturnType<typeof data>['dt']) {
  const p = defaultCocoParams('bbox', false);
  return evaluateImages(
    dataset,
    dt,
    {
      ...p,
      maxDets: [Number.MAX_SAFE_INTEGER],
      iouThrs: Float64Array.of(0.5),
      areaRanges: [p.areaRanges[0]!],
      areaLabels: ['all'],
    },
    { keepAreas: 0 },
  );
}

describe('issue 12: pooled scenes in place, release()', () => {
  it('reorders the pooled IoUs in place into the same scenes as a copy', () => {
    const { dataset, dt } = data();
    const copied = scenesFromCocoEval(pooled(dataset, dt), dataset.gt, dt, 3);
    const inPlace = scenesFromCocoEval(pooled(dataset, dt), dataset.gt, dt, 3, 100, true);
    assert.ok(copied.dtOrder.length < dt.count, 'an image was cut to 100 detections');
    assert.deepStrictEqual(Array.from(inPlace.ious), Array.from(copied.ious));
    assert.deepStrictEqual(inPlace.dtOrder, copied.dtOrder);
    assert.deepStrictEqual(inPlace.iouStart, copied.iouStart);
    assert.deepStrictEqual(inPlace.dtStart, copied.dtStart);
  });

  it('release() empties the IoUs and matches; matchArea refuses afterwards', () => {
    const { dataset, dt } = data();
    const ev = evaluateImages(dataset, dt, defaultCocoParams('bbox', true), { keepAreas: 1 });
    assert.ok(ev.ious.length > 0 && ev.perArea.length === 1);
    ev.release();
    assert.equal(ev.ious.length, 0);
    assert.equal(ev.perArea.length, 0);
    assert.throws(() => ev.matchArea(1), /after release/);
  });
});
