/**
 * pooledScenes (straight from the objects) against the scenes TIDE and the confusion matrix took before
 * it: scenesFromCocoEval of a pooled evaluateImages. Generated data with ties in score, an image with
 * 130 detections (cut to 100), crowds, a detection of a class the ground truth lacks and an image
 * with ground truth only; bbox and segm.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateImages } from './coco/evaluate-images.js';
import { loadCocoDetections } from './coco/load-detections.js';
import { loadCocoGroundTruth } from './coco/load-ground-truth.js';
import { defaultCocoParams } from './coco/params.js';
import type { CocoIouType } from './coco/types.js';
import { scenesFromCocoEval } from './detection-scenes.js';
import { pooledScenes } from './pooled-scenes.js';

function data(iouType: CocoIouType) {
  let s = 7;
  const rand = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  const images = Array.from({ length: 14 }, (_, i) => ({ id: 3 * i + 2, width: 200, height: 200 }));
  const categories = [4, 2, 9].map((id) => ({ id, name: `c${id}` }));
  const box = () => [
    Math.round(rand() * 150),
    Math.round(rand() * 150),
    5 + Math.round(rand() * 40),
    5 + Math.round(rand() * 40),
  ];
  const polygon = (b: number[]) => [
    [b[0]!, b[1]!, b[0]! + b[2]!, b[1]!, b[0]! + b[2]!, b[1]! + b[3]!, b[0]!, b[1]! + b[3]!],
  ];
  const annotations = [];
  const results = [];
  for (const image of images) {
    for (let k = 0; k < 1 + (image.id % 4); k++) {
      const b = box();
      annotations.push({
        id: annotations.length + 1,
        image_id: image.id,
        category_id: categories[k % 3]!.id,
        bbox: b,
        segmentation: polygon(b),
        area: b[2]! * b[3]!,
        iscrowd: k === 2 ? 1 : 0,
      });
    }
    if (image.id === 14) continue;
    for (let d = 0; d < (image.id === 11 ? 130 : 7); d++) {
      const b = box();
      results.push({
        image_id: image.id,
        category_id: d === 5 ? 77 : categories[d % 3]!.id,
        bbox: b,
        ...(iouType === 'segm' ? { segmentation: polygon(b) } : {}),
        score: Math.round(rand() * 10) / 10,
      });
    }
  }
  const dataset = loadCocoGroundTruth({ images, categories, annotations }, { iouType });
  const { dt } = loadCocoDetections(results, dataset, { iouType });
  return { dataset, dt };
}

describe('pooledScenes', () => {
  for (const iouType of ['bbox', 'segm'] as const) {
    it(`equals scenesFromCocoEval of the pooled evaluation (${iouType})`, () => {
      const { dataset, dt } = data(iouType);
      const p = defaultCocoParams(iouType, false);
      const pooled = evaluateImages(dataset, dt, {
        ...p,
        maxDets: [Number.MAX_SAFE_INTEGER],
        iouThrs: Float64Array.of(0.5),
        areaRanges: [p.areaRanges[0]!],
        areaLabels: ['all'],
      });
      const want = scenesFromCocoEval(pooled, dataset.gt, dt, 3);
      const got = pooledScenes(dataset, dt, defaultCocoParams(iouType, true))!;
      assert.ok(want.dtOrder.length < dt.count, 'an image was cut to 100 detections');
      for (const key of ['groupCount', 'dtStart', 'dtOrder', 'gtStart', 'gtOrder', 'iouStart'] as const)
        assert.deepStrictEqual(got[key], want[key], key);
      assert.deepStrictEqual(Array.from(got.ious), Array.from(want.ious));
    });
  }

  it('leaves scores that are not finite to the evaluation', () => {
    const { dataset, dt } = data('bbox');
    dt.scores[3] = Number.NaN;
    assert.equal(pooledScenes(dataset, dt, defaultCocoParams('bbox')), undefined);
  });
});
