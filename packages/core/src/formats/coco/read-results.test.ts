import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { rleArea, rleToBbox } from '../../geometry/rle.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { fixture as fixturePath } from '../../test-kit/fixtures.js';
import { emptyLookup } from '../conformance.js';
import type { ProjectLookup } from '../define-format.js';
import { toPosix } from '../paths.js';
import { lookupFromDataset } from './_test-lookup.js';
import { coco } from './coco-format.js';

const fixture = (path: string): string => toPosix(fixturePath(path));
const io = createNodeFormatIO();
const read = (path: string, lookup: ProjectLookup, source = 'prediction:fake') =>
  coco.read({ path, source, io, lookup });

describe('coco results: val2014 fake detections', async () => {
  const gt = await read(fixture('coco-val2014-100/instances_val2014_100.json'), emptyLookup, 'ground_truth');
  const lookup = lookupFromDataset(gt);
  const bboxFile = fixture('coco-val2014-100/instances_val2014_fakebbox100_results.json');
  const segmFile = fixture('coco-val2014-100/instances_val2014_fakesegm100_results.json');
  const bbox = await read(bboxFile, lookup);
  const segm = await read(segmFile, lookup);

  it('reads all 734 bbox detections as predictions of the given source', () => {
    // fixtures/coco-val2014-100/README.md: 734 bbox detections.
    assert.equal(bbox.annotations.length, 734);
    assert.deepEqual(bbox.problems, []);
    const first = bbox.annotations[0];
    // first record: image 42, category 18, bbox [258.15, 41.29, 348.26, 243.78], score 0.236.
    assert.equal(first?.source, 'prediction:fake');
    assert.equal(first?.kind, 'bbox');
    assert.equal(first?.label, 'dog');
    assert.equal(first?.score, 0.236);
    assert.equal(first?.sample, gt.samples.find((s) => s.originalId === 42)?.key);
    assert.ok(Math.abs((first?.area ?? 0) - 348.26 * 243.78) < 1e-6, 'area = w × h as pycocotools loadRes');
  });

  it('returns only the samples and classes the detections refer to, keyed as the project', () => {
    const referenced = new Set(bbox.annotations.map((a) => a.sample));
    assert.equal(bbox.samples.length, referenced.size);
    for (const s of bbox.samples) assert.ok(lookup.hasSampleKey(s.key));
    for (const c of bbox.classes) assert.ok(gt.classes.some((g) => g.name === c.name));
  });

  it('segm detections: compressed RLE kept as is, bbox and area derived from the mask', () => {
    // README: 734 segm detections, compressed RLE strings without "bbox".
    assert.equal(segm.annotations.length, 734);
    assert.deepEqual(segm.problems, []);
    const raw = JSON.parse(readFileSync(segmFile, 'utf8')) as { segmentation: { counts: string } }[];
    segm.annotations.forEach((a, i) => {
      assert.equal(a.kind, 'mask');
      assert.equal(a.mask?.counts, raw[i]?.segmentation.counts);
      assert.deepEqual(a.bbox, rleToBbox(a.mask!));
      assert.equal(a.area, rleArea(a.mask!));
    });
  });

  it('mask boxes agree with the bbox detections of the same model (same order, 2 px)', () => {
    // Both files list the same 734 detections (same image_id/category_id in the same order).
    let close = 0;
    segm.annotations.forEach((a, i) => {
      const b = bbox.annotations[i]!;
      assert.equal(a.sample, b.sample);
      const d = Math.max(...a.bbox!.map((v, j) => Math.abs(v - b.bbox![j]!)));
      if (d <= 2) close++;
    });
    assert.ok(close / 734 > 0.9, `${close} of 734 within 2 px`);
  });
});

describe('coco results: keypoints and det500', () => {
  it('keypoint detections: 128 with 17 [x, y, score] triplets and a box', async () => {
    const gt = await read(fixture('coco-keypoints-139099/gt.json'), emptyLookup, 'ground_truth');
    const dt = await read(fixture('coco-keypoints-139099/dt.json'), lookupFromDataset(gt), 'prediction:pose');
    // README: 128 detections with keypoints and scores.
    assert.equal(dt.annotations.length, 128);
    for (const a of dt.annotations) {
      assert.equal(a.kind, 'keypoints');
      assert.equal(a.keypoints?.length, 51);
      assert.equal(typeof a.score, 'number');
    }
  });

  it('det500 bbox detections all map to the ground truth', async () => {
    const gt = await read(fixture('synthetic-det500/det500/gt.json'), emptyLookup, 'ground_truth');
    const dt = await read(fixture('synthetic-det500/det500/dt_bbox.json'), lookupFromDataset(gt));
    // meta.json: n_dt 5458.
    assert.equal(dt.annotations.length, 5458);
    assert.deepEqual(dt.problems, []);
  });
});

describe('coco results: unknown ids', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'assay-coco-results-'));
  after(() => rm(dir, { recursive: true, force: true }));

  it('without the ground truth every detection is skipped, reported once with examples', async () => {
    const r = await read(fixture('coco-val2014-100/instances_val2014_fakebbox100_results.json'), emptyLookup);
    assert.equal(r.annotations.length, 0);
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0]?.reason ?? '', /^734 detections have an image_id .* \(e\.g\. 42, /);
    assert.match(r.problems[0]?.hint ?? '', /ground-truth/);
  });

  it('an unknown category id skips only its detections', async () => {
    const gt = await read(
      fixture('coco-val2014-100/instances_val2014_100.json'),
      emptyLookup,
      'ground_truth',
    );
    const path = join(dir, 'results.json');
    const list = [
      { image_id: 42, category_id: 18, bbox: [1, 2, 3, 4], score: 0.5 },
      { image_id: 42, category_id: 12, bbox: [1, 2, 3, 4], score: 0.5 },
      { image_id: 42, category_id: 18, bbox: [1, 2, -3, 4], score: 0.5 },
      { category_id: 18, bbox: [1, 2, 3, 4], score: 0.5 },
    ];
    await writeFile(path, JSON.stringify(list));
    const r = await read(toPosix(path), lookupFromDataset(gt));
    assert.equal(r.annotations.length, 1);
    assert.deepEqual(
      r.problems.map((p) => [p.record, p.severity]),
      [
        ['[2]', 'error'],
        ['[3]', 'error'],
        ['[1]', 'error'],
      ],
    );
    assert.match(r.problems[1]?.reason ?? '', /image_id and category_id must be integers; got undefined, 18/);
    assert.match(r.problems[2]?.reason ?? '', /category_id .* \(e\.g\. 12\)/);
  });
});
