import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readNpz } from '../node/arrays/read-npz.js';
import { sharedFixture } from '../test-kit/fixtures.js';
import { evaluateCoco } from './coco/evaluate-coco.js';
import { loadCocoDetections } from './coco/load-detections.js';
import { loadCocoGroundTruth } from './coco/load-ground-truth.js';
import { detectionOutcomes, MATCH_OUTCOMES, matchOutcomes } from './match-outcomes.js';
import { prCurves } from './pr-curves.js';

/**
 * Against pycocotools 2.0.11's `eval['precision']` and `eval['recall']` on coco-val2014-100 bbox:
 * fixtures/coco-val2014-100/expected/bbox_pycocotools.npz (shapes (10,101,80,4,3) and (10,80,4,3)).
 */
const dir = sharedFixture('coco-val2014-100/');
const readJson = (name: string): unknown => JSON.parse(readFileSync(dir + name, 'utf8'));

describe('PR curves and match outcomes on coco-val2014-100 bbox', async () => {
  const dataset = loadCocoGroundTruth(readJson('instances_val2014_100.json'));
  const detections = loadCocoDetections(readJson('instances_val2014_fakebbox100_results.json'), dataset);
  const ev = evaluateCoco(dataset, detections);
  const npz = await readNpz(dir + 'expected/bbox_pycocotools.npz');
  const precision = npz.get('precision')!.data;
  const recall = npz.get('recall')!.data;
  const [T, R, K, A, M] = [10, 101, 80, 4, 3];

  it("equals pycocotools' precision[t, :, k, all, 100] at IoU 0.5 and 0.75", () => {
    const pr = prCurves(ev.accumulated);
    assert.equal(pr.recall.length, R);
    assert.equal(pr.curves.length, 2 * K);
    for (const c of pr.curves) {
      const t = c.iou === 0.5 ? 0 : 5;
      for (let r = 0; r < R; r++) {
        const expected = precision[(((t * R + r) * K + c.category_index) * A + 0) * M + (M - 1)]!;
        assert.equal(c.precision[r], expected < 0 ? null : expected, `class ${c.category_index} r ${r}`);
      }
      const row = ev.perClass[c.category_index]!;
      const ap = t === 0 ? row.ap50 : row.ap75;
      if (ap === null) assert.equal(c.ap, null);
      else assert.ok(Math.abs(c.ap! - ap) < 1e-12);
    }
    assert.equal(T, ev.params.iouThrs.length);
  });

  it('counts as many true positives per class at IoU 0.5 as pycocotools recall × ground truth', () => {
    const o = matchOutcomes(ev.images, { gt: dataset.gt.count, dt: detections.dt.count }, 0.5);
    assert.equal(o.iou_threshold, 0.5);
    const tp = new Float64Array(K);
    const fn = new Float64Array(K);
    for (let d = 0; d < detections.dt.count; d++) {
      if (MATCH_OUTCOMES[o.dtOutcome[d]!] === 'tp') tp[detections.dt.categoryIndex[d]!]! += 1;
    }
    for (let g = 0; g < dataset.gt.count; g++) {
      if (MATCH_OUTCOMES[o.gtOutcome[g]!] === 'fn') fn[dataset.gt.categoryIndex[g]!]! += 1;
    }
    for (let k = 0; k < K; k++) {
      const rec = recall[((0 * K + k) * A + 0) * M + (M - 1)]!;
      const positives = tp[k]! + fn[k]!;
      if (rec < 0) assert.equal(positives, 0, `class ${k} has no ground truth`);
      else
        assert.ok(Math.abs(tp[k]! / positives - rec) < 1e-12, `class ${k}: ${tp[k]}/${positives} vs ${rec}`);
    }
    // The detections' codes alone (what calibration reads) are the same, at every threshold.
    for (const iou of [0.5, 0.75, 0.95]) {
      const full = matchOutcomes(ev.images, { gt: dataset.gt.count, dt: detections.dt.count }, iou);
      assert.deepEqual(detectionOutcomes(ev.images, detections.dt.count, iou), full.dtOutcome, `IoU ${iou}`);
    }
    // Matches are mutual and at IoU ≥ 0.5.
    for (let d = 0; d < detections.dt.count; d++) {
      const g = o.dtMatch[d]!;
      if (g < 0) continue;
      assert.equal(o.gtMatch[g], d);
      assert.ok(o.dtIou[d]! >= 0.5);
    }
  });
});
