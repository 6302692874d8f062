import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fixture } from '../test-kit/fixtures.js';
import { evaluateImages } from './coco/evaluate-images.js';
import { loadCocoDetections } from './coco/load-detections.js';
import { loadCocoGroundTruth } from './coco/load-ground-truth.js';
import { defaultCocoParams } from './coco/params.js';
import { scenesFromCocoEval } from './detection-scenes.js';
import { TIDE_ERROR_TYPES, type TideErrorType, tideErrors } from './tide.js';

/**
 * Against the authors' TIDE: fixtures/tide-reference/tide_reference.json, written by dbolya/tide
 * v1.0.1 with pycocotools 2.0.11 (script and versions in that folder's README). Values there are in
 * AP points (× 100).
 */
const readJson = (path: string): unknown => JSON.parse(readFileSync(fixture(path), 'utf8'));

interface TideNumbers {
  ap: number;
  dap: Record<string, number>;
  special: { FalsePos: number; FalseNeg: number };
  counts: Record<string, number>;
}
interface Reference {
  gt: string;
  dt: string;
  mode: 'bbox' | 'mask';
  file_order: TideNumbers;
  id_order: TideNumbers;
}

const SHORT: Record<TideErrorType, string> = {
  cls: 'Cls',
  loc: 'Loc',
  both: 'Both',
  dupe: 'Dupe',
  bkg: 'Bkg',
  miss: 'Miss',
};

function tideOn(ref: Reference) {
  const iouType = ref.mode === 'bbox' ? 'bbox' : 'segm';
  const dataset = loadCocoGroundTruth(readJson(ref.gt), { iouType });
  const { dt } = loadCocoDetections(readJson(ref.dt), dataset, { iouType });
  const p = defaultCocoParams(iouType, false);
  const pooled = evaluateImages(dataset, dt, {
    ...p,
    maxDets: [Number.MAX_SAFE_INTEGER],
    iouThrs: Float64Array.of(0.5),
    areaRanges: [p.areaRanges[0]!],
    areaLabels: ['all'],
  });
  return tideErrors(scenesFromCocoEval(pooled, dataset.gt, dt, dataset.categories.count));
}

const close = (actual: number, expected: number, what: string, tol: number) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected}`);

describe('tideErrors against dbolya/tide 1.0.1', () => {
  const references = readJson('tide-reference/tide_reference.json') as Record<string, Reference>;
  for (const [name, ref] of Object.entries(references)) {
    it(`${name}: same mAP, dAP and error counts`, () => {
      const r = tideOn(ref);
      const e = ref.id_order;
      close(100 * r.ap, e.ap, 'ap', 1e-9);
      for (const type of TIDE_ERROR_TYPES) {
        close(100 * r.dap[type], e.dap[SHORT[type]]!, `dAP ${type}`, 1e-9);
        assert.equal(r.counts[type], e.counts[SHORT[type]], `count ${type}`);
      }
      close(100 * r.special.false_positive, e.special.FalsePos, 'FalsePos', 1e-9);
      close(100 * r.special.false_negative, e.special.FalseNeg, 'FalseNeg', 1e-9);
      // TIDE as published visits images in file order; tied scores then rank differently.
      close(100 * r.ap, ref.file_order.ap, 'ap (file order)', 0.01);
    });
  }
});
