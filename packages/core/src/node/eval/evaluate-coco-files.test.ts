/**
 * Exactness against pycocotools 2.0.x on every COCO fixture: the 12 (10) stats within 1e-12 and the
 * precision / recall / scores arrays cell for cell. Expected values are the files pycocotools wrote
 * (fixtures/<set>/expected/*_pycocotools.{json,npz}; see each set's README for version and commit).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { CocoIouType } from '../../eval/coco/types.js';
import { sharedFixture } from '../../test-kit/fixtures.js';
import { readNpz } from '../arrays/read-npz.js';
import { evaluateCocoFiles } from './evaluate-coco-files.js';

const FIXTURES = sharedFixture('');

interface Case {
  name: string;
  gt: string;
  dt: string;
  iouType: CocoIouType;
  /** pycocotools' outputs: `<expected>.json` (stats) and `<expected>.npz` (arrays). */
  expected: string;
}

const CASES: Case[] = [
  {
    name: 'coco-val2014-100 bbox',
    gt: 'coco-val2014-100/instances_val2014_100.json',
    dt: 'coco-val2014-100/instances_val2014_fakebbox100_results.json',
    iouType: 'bbox',
    expected: 'coco-val2014-100/expected/bbox_pycocotools',
  },
  {
    name: 'coco-val2014-100 segm (polygons, uncompressed crowd RLE, compressed results)',
    gt: 'coco-val2014-100/instances_val2014_100.json',
    dt: 'coco-val2014-100/instances_val2014_fakesegm100_results.json',
    iouType: 'segm',
    expected: 'coco-val2014-100/expected/segm_pycocotools',
  },
  {
    name: 'coco-keypoints-139099 keypoints (OKS)',
    gt: 'coco-keypoints-139099/gt.json',
    dt: 'coco-keypoints-139099/dt.json',
    iouType: 'keypoints',
    expected: 'coco-keypoints-139099/expected/keypoints_pycocotools',
  },
  {
    name: 'synthetic-det500 bbox (tied scores, crowds, > 100 detections per image)',
    gt: 'synthetic-det500/det500/gt.json',
    dt: 'synthetic-det500/det500/dt_bbox.json',
    iouType: 'bbox',
    expected: 'synthetic-det500/det500/expected/bbox_pycocotools',
  },
  {
    name: 'synthetic-det500 segm bbox results',
    gt: 'synthetic-det500/det500_segm/gt.json',
    dt: 'synthetic-det500/det500_segm/dt_bbox.json',
    iouType: 'bbox',
    expected: 'synthetic-det500/det500_segm/expected/bbox_pycocotools',
  },
  {
    name: 'synthetic-det500 segm',
    gt: 'synthetic-det500/det500_segm/gt.json',
    dt: 'synthetic-det500/det500_segm/dt_segm.json',
    iouType: 'segm',
    expected: 'synthetic-det500/det500_segm/expected/segm_pycocotools',
  },
];

/** Number of cells that differ by more than 1e-12 (NaN never occurs in these arrays). */
function differing(ours: Float64Array, theirs: ArrayLike<number>): number {
  assert.equal(ours.length, theirs.length);
  let n = 0;
  for (let i = 0; i < ours.length; i++) if (!(Math.abs(ours[i]! - (theirs[i] as number)) <= 1e-12)) n++;
  return n;
}

describe('assay eval coco equals pycocotools 2.0.x', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const e = await evaluateCocoFiles({ gt: FIXTURES + c.gt, dt: FIXTURES + c.dt, iouType: c.iouType });
      assert.deepEqual(e.warnings, []);
      // Stats: pycocotools 2.0.11, fixtures/<expected>.json "stats".
      const expected = JSON.parse(readFileSync(`${FIXTURES + c.expected}.json`, 'utf8')) as {
        stats: number[];
      };
      assert.equal(e.summary.stats.length, c.iouType === 'keypoints' ? 10 : 12);
      e.summary.stats.forEach((s, i) => {
        assert.ok(
          Math.abs(s - expected.stats[i]!) <= 1e-12,
          `stat ${i}: ${s} vs pycocotools ${expected.stats[i]}`,
        );
      });
      // Arrays: pycocotools' E.eval precision / recall / scores, fixtures/<expected>.npz.
      const npz = await readNpz(`${FIXTURES + c.expected}.npz`);
      const acc = e.accumulated;
      assert.deepEqual(acc.counts, npz.get('precision')!.shape);
      assert.equal(differing(acc.precision, npz.get('precision')!.data), 0, 'precision cells');
      assert.equal(differing(acc.recall, npz.get('recall')!.data), 0, 'recall cells');
      assert.equal(differing(acc.scores, npz.get('scores')!.data), 0, 'scores cells');
      assert.equal(differing(acc.params.iouThrs, npz.get('iouThrs')!.data), 0, 'iouThrs');
      assert.equal(differing(acc.params.recThrs, npz.get('recThrs')!.data), 0, 'recThrs');
    });
  }

  it('useCats = 0 (all categories pooled), bbox and segm', async () => {
    // pycocotools 2.0.11 with params.useCats = 0: fixtures/coco-val2014-100/expected/nocats_pycocotools.json.
    const expected = JSON.parse(
      readFileSync(`${FIXTURES}coco-val2014-100/expected/nocats_pycocotools.json`, 'utf8'),
    ) as Record<'bbox' | 'segm', { dt: string; stats: number[]; recall: number[] }>;
    for (const iouType of ['bbox', 'segm'] as const) {
      const ref = expected[iouType];
      const e = await evaluateCocoFiles({
        gt: `${FIXTURES}coco-val2014-100/instances_val2014_100.json`,
        dt: `${FIXTURES}coco-val2014-100/${ref.dt}`,
        iouType,
        useCats: false,
      });
      e.summary.stats.forEach((s, i) => {
        assert.ok(Math.abs(s - ref.stats[i]!) <= 1e-12, `${iouType} stat ${i}`);
      });
      assert.equal(differing(e.accumulated.recall, ref.recall), 0);
      assert.equal(e.perClass.length, 1);
    }
  });

  it('prints the summary lines as pycocotools does', async () => {
    const e = await evaluateCocoFiles({
      gt: `${FIXTURES}coco-keypoints-139099/gt.json`,
      dt: `${FIXTURES}coco-keypoints-139099/dt.json`,
      iouType: 'keypoints',
    });
    // pycocotools' summarize() line format; AP 0.50488... in fixtures/coco-keypoints-139099/expected/keypoints_pycocotools.json.
    assert.equal(
      e.summary.lines[0]!.text,
      ' Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets= 20 ] = 0.505',
    );
    assert.equal(
      e.summary.lines[8]!.text,
      ' Average Recall     (AR) @[ IoU=0.50:0.95 | area=medium | maxDets= 20 ] = 0.467',
    );
  });
});
