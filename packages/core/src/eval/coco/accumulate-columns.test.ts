import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { mulberry32 } from '../../random/mulberry32.js';
import { sharedFixture } from '../../test-kit/fixtures.js';
import { ColumnAccumulator } from './accumulate-columns.js';
import { allocCocoObjects } from './coco-objects.js';
import { evaluateCoco } from './evaluate-coco.js';
import { evaluateImages } from './evaluate-images.js';
import { loadCocoDetections } from './load-detections.js';
import { loadCocoGroundTruth } from './load-ground-truth.js';
import { defaultCocoParams } from './params.js';
import type { CocoEvalDataset, CocoObjects } from './types.js';

/**
 * Issue 12: accumulate from compact columns gathered a batch of images at a time (ColumnAccumulator)
 * equals accumulate over every image at once, cell for cell (`precision`, `recall` and `scores` at every
 * threshold, recall threshold, category, area range and maxDets, -0 and -1 included). coco-val2014-100
 * (crowds, 80 classes) with cocoapi's fake results (pycocotools' reference values for them are checked in
 * cli/src/eval.test.ts), the same with scores rounded to tenths (ties within and across images), and
 * 130 detections of a class in some images (past maxDets 100, so maxDets 1, 10 and 100 keep fewer).
 */
const dir = sharedFixture('coco-val2014-100/');
const gtJson = JSON.parse(readFileSync(`${dir}instances_val2014_100.json`, 'utf8')) as {
  images: { id: number }[];
  annotations: { image_id: number; category_id: number; bbox: number[] }[];
};
const fake = JSON.parse(readFileSync(`${dir}instances_val2014_fakebbox100_results.json`, 'utf8')) as {
  score: number;
}[];

function dense(): unknown[] {
  const random = mulberry32(3);
  const out: unknown[] = [];
  for (const a of gtJson.annotations.slice(0, 400).filter((_, i) => i % 90 === 0)) {
    const [x, y, w, h] = a.bbox as [number, number, number, number];
    for (let i = 0; i < 130; i++) {
      const j = () => 1 + (random() - 0.5) * 0.6;
      out.push({
        image_id: a.image_id,
        category_id: a.category_id,
        bbox: [x * j(), y * j(), w * j(), h * j()],
        score: Math.round(random() * 4) / 4,
      });
    }
  }
  return out;
}

/** The objects of `o` on images [from, to), in their order. */
function onImages(o: CocoObjects, from: number, to: number): CocoObjects {
  const keep: number[] = [];
  for (let i = 0; i < o.count; i++) if (o.imageIndex[i]! >= from && o.imageIndex[i]! < to) keep.push(i);
  const out = allocCocoObjects(keep.length);
  keep.forEach((i, j) => {
    out.ids[j] = o.ids[i]!;
    out.imageIndex[j] = o.imageIndex[i]!;
    out.categoryIndex[j] = o.categoryIndex[i]!;
    out.categoryIds[j] = o.categoryIds[i]!;
    out.boxes.set(o.boxes.subarray(4 * i, 4 * i + 4), 4 * j);
    out.areas[j] = o.areas[i]!;
    out.iscrowd[j] = o.iscrowd[i]!;
    out.scores[j] = o.scores[i]!;
  });
  return out;
}

function batched(dataset: CocoEvalDataset, dt: CocoObjects, perBatch: number) {
  const params = defaultCocoParams('bbox', true);
  const acc = new ColumnAccumulator(params, dataset.categories.count);
  for (let from = 0; from < dataset.images.count; from += perBatch) {
    const gt = onImages(dataset.gt, from, from + perBatch);
    const d = onImages(dt, from, from + perBatch);
    const ev = evaluateImages({ ...dataset, gt }, d, params, { keepAreas: 0 });
    acc.add(ev, d.scores, gt.ids, (a) => ev.matchArea(a));
  }
  for (let k = 0; k < dataset.categories.count; k++) acc.close(k);
  return acc.out;
}

describe('issue 12: accumulate from columns gathered a batch of images at a time', () => {
  const dataset = loadCocoGroundTruth(gtJson);
  const sets: [string, unknown[]][] = [
    ['fake results', fake],
    ['fake results, scores in tenths', fake.map((d) => ({ ...d, score: Math.round(d.score * 10) / 10 }))],
    ['130 detections of a class per image, scores in quarters', dense()],
  ];
  for (const [name, results] of sets) {
    const { dt } = loadCocoDetections(results, dataset);
    const whole = evaluateCoco(dataset, { dt, warnings: [] }).accumulated;
    for (const perBatch of [1, 7, 100]) {
      it(`${name}: batches of ${perBatch} images equal accumulate over all of them`, () => {
        const out = batched(dataset, dt, perBatch);
        assert.deepEqual(out.counts, whole.counts);
        assert.ok(whole.precision.some((v) => v > 0) && whole.recall.some((v) => v === -1));
        assert.deepStrictEqual(out.precision, whole.precision);
        assert.deepStrictEqual(out.recall, whole.recall);
        assert.deepStrictEqual(out.scores, whole.scores);
      });
    }
  }
});
