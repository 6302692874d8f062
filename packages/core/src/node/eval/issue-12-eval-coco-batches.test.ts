import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadCocoDetections } from '../../eval/coco/load-detections.js';
import { loadCocoGroundTruth } from '../../eval/coco/load-ground-truth.js';
import { detectionAnalysesJson } from '../../eval/detection-analyses.js';
import { sharedFixture } from '../../test-kit/fixtures.js';
import { type BoxFiles, readBoxFiles } from './evaluate-box-files.js';
import { evaluateCocoFiles } from './evaluate-coco-files.js';
import { DT_WIDTH, GT_WIDTH } from './read-box-files.js';

/**
 * Issue 12: `assay eval coco` held every record of both files as objects (1.8 GB at 300k images). A box
 * evaluation of big files is now read a chunk at a time into typed records bucketed by image
 * (read-box-files.ts) and evaluated a bucket at a time (evaluate-box-files.ts). Here on small files,
 * with small chunks and many buckets forced: the records equal the loaders' objects, and the
 * evaluation (stats, every accumulated cell, per-class rows, TIDE, confusion, PR curves, calibration)
 * equals the whole evaluation; files the record reader does not take are read the ordinary way.
 */
const FIXTURES = sharedFixture('');
const PAIRS = [
  // Annotations before the images, crowd RLE and polygons in the ground truth.
  [
    'coco-val2014-100/instances_val2014_100.json',
    'coco-val2014-100/instances_val2014_fakebbox100_results.json',
  ],
  // Tied scores, crowds, > 100 detections per image.
  ['synthetic-det500/det500/gt.json', 'synthetic-det500/det500/dt_bbox.json'],
  ['synthetic-det500/det500_segm/gt.json', 'synthetic-det500/det500_segm/dt_bbox.json'],
] as const;

/** Every record of `files`, bucket by bucket, checking each is in the bucket of its image. */
function records(files: BoxFiles) {
  const { truth } = files;
  const gt = new Map<number, number[]>();
  const dt: number[][] = [];
  for (let b = 0; b < truth.buckets; b++) {
    const g = truth.gt.read(b);
    for (let at = 0; at < g.length; at += GT_WIDTH) {
      assert.equal(Math.floor(g[at + 1]! / truth.perBucket), b);
      gt.set(g[at]!, Array.from(g.subarray(at + 1, at + GT_WIDTH)));
    }
    const d = files.dt.read(b);
    let last = -1;
    for (let at = 0; at < d.length; at += DT_WIDTH) {
      assert.equal(Math.floor(d[at + 1]! / truth.perBucket), b);
      // In file order within a bucket.
      assert.ok(d[at]! > last);
      last = d[at]!;
      dt[d[at]!] = Array.from(d.subarray(at + 1, at + DT_WIDTH));
    }
  }
  return { gt, dt };
}

describe('issue 12: eval coco evaluates big box files a batch of images at a time', () => {
  let tmp = '';
  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'assay-batches-test-'));
  });
  after(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('reads the records the loaders read, whatever the chunks and buckets', () => {
    for (const [gtFile, dtFile] of PAIRS) {
      const gtJson = JSON.parse(readFileSync(FIXTURES + gtFile, 'utf8'));
      const dataset = loadCocoGroundTruth(gtJson, { iouType: 'bbox', file: gtFile });
      const { dt } = loadCocoDetections(JSON.parse(readFileSync(FIXTURES + dtFile, 'utf8')), dataset, {
        iouType: 'bbox',
        file: dtFile,
      });
      for (const [buckets, chunk] of [
        [1, 8 << 20],
        [40, 7],
      ] as const) {
        const files = readBoxFiles(FIXTURES + gtFile, FIXTURES + dtFile, () => buckets, {
          chunks: { chunk },
        });
        assert.ok(files, `${gtFile}: read as records`);
        try {
          const { truth } = files;
          assert.deepEqual(truth.images.ids, dataset.images.ids);
          assert.deepEqual(truth.images.heights, dataset.images.heights);
          assert.deepEqual(truth.categories, dataset.categories);
          const got = records(files);
          const { gt } = dataset;
          assert.equal(got.gt.size, gt.count);
          for (let i = 0; i < gt.count; i++) {
            const box = Array.from(gt.boxes.subarray(4 * i, 4 * i + 4));
            const expected = [gt.imageIndex[i], gt.categoryIds[i], ...box, gt.areas[i], gt.iscrowd[i]];
            assert.deepEqual(got.gt.get(gt.ids[i]!), expected, `${gtFile} annotation ${gt.ids[i]}`);
          }
          assert.equal(got.dt.length, dt.count);
          for (let i = 0; i < dt.count; i++) {
            const box = Array.from(dt.boxes.subarray(4 * i, 4 * i + 4));
            const expected = [dt.imageIndex[i], dt.categoryIds[i], ...box, dt.scores[i]];
            assert.deepEqual(got.dt[i], expected, `${dtFile} result ${i}`);
          }
        } finally {
          files.close();
        }
      }
    }
  });

  it('evaluates in batches exactly as the whole files', async () => {
    for (const [gtFile, dtFile] of PAIRS) {
      // IoU 0.65 is none of the evaluation's thresholds: calibration's outcomes are matched again.
      for (const iou of gtFile === PAIRS[1][0] ? [0.5, 0.65] : [0.5]) {
        const run = async (batchBytes: number) => {
          const e = await evaluateCocoFiles({
            gt: FIXTURES + gtFile,
            dt: FIXTURES + dtFile,
            batchBytes,
            analyses: { iou },
          });
          return {
            stats: e.summary.stats,
            lines: e.summary.lines,
            perClass: e.perClass,
            counts: e.counts,
            accumulated: e.accumulated,
            warnings: e.warnings,
            analyses: detectionAnalysesJson(e.analyses!, e.categoryNames),
          };
        };
        // 30 KB a batch: every fixture in 19–54 batches (0.6–1.6 MB in all).
        assert.deepEqual(await run(30_000), await run(Number.MAX_SAFE_INTEGER), `${gtFile} at IoU ${iou}`);
      }
    }
  });

  it('reads a file with a byte-order mark', async () => {
    const [gtFile, dtFile] = PAIRS[1];
    const gt = join(tmp, 'bom-gt.json');
    const dt = join(tmp, 'bom-dt.json');
    await writeFile(gt, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(FIXTURES + gtFile)]));
    await writeFile(dt, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(FIXTURES + dtFile)]));
    const files = readBoxFiles(gt, dt, () => 5, { chunks: { chunk: 16 } });
    assert.ok(files);
    files.close();
    const plain = await evaluateCocoFiles({ gt: FIXTURES + gtFile, dt: FIXTURES + dtFile });
    const bom = await evaluateCocoFiles({ gt, dt, batchBytes: 2000 });
    assert.deepEqual(bom.summary.stats, plain.summary.stats);
  });

  it('reads a number that a chunk boundary cuts', async () => {
    const gt = join(tmp, 'cut-gt.json');
    const dt = join(tmp, 'cut-dt.json');
    const image = { id: 1, width: 640, height: 480 };
    const box = { id: 1, image_id: 1, category_id: 1, bbox: [0, 0, 4, 4], area: 16 };
    await writeFile(
      gt,
      `{"year": 20171207, "images": [${JSON.stringify(image)}], "version": 123456789, "annotations": [${JSON.stringify(box)}], "categories": [{"id": 1}], "count": 987654321}`,
    );
    await writeFile(dt, '[{"image_id": 1, "category_id": 1, "bbox": [0, 0, 4, 4], "score": 0.123456789}]');
    for (let chunk = 1; chunk <= 24; chunk++) {
      const files = readBoxFiles(gt, dt, () => 1, { chunks: { chunk } });
      assert.ok(files, `chunks of ${chunk} bytes`);
      files.close();
    }
  });

  it('stops reading when aborted, and removes its bucket files', async () => {
    const [gtFile, dtFile] = PAIRS[1];
    const under = join(tmp, 'aborted');
    await mkdir(under);
    const controller = new AbortController();
    controller.abort();
    assert.throws(
      () =>
        readBoxFiles(FIXTURES + gtFile, FIXTURES + dtFile, () => 5, {
          signal: controller.signal,
          tmp: under,
        }),
      { name: 'AbortError' },
    );
    assert.deepEqual(await readdir(under), []);
    const files = readBoxFiles(FIXTURES + gtFile, FIXTURES + dtFile, () => 5, { tmp: under });
    assert.equal((await readdir(under)).length, 1);
    files?.close();
    assert.deepEqual(await readdir(under), []);
  });

  it('leaves files it does not take to the ordinary reading (same warnings and errors)', async () => {
    const gt = join(tmp, 'gt.json');
    await writeFile(
      gt,
      JSON.stringify({
        images: [{ id: 1 }, { id: 2, width: 10, height: 10 }],
        categories: [{ id: 1, name: 'a' }],
        annotations: [
          { id: 1, image_id: 1, category_id: 1, bbox: [0, 0, 4, 4], area: 16, iscrowd: 0 },
          { id: 2, image_id: 2, category_id: 1, bbox: [1, 1, 4, 4], area: 16, iscrowd: 0 },
        ],
      }),
    );
    const result = (over: Record<string, unknown>) => ({
      image_id: 1,
      category_id: 1,
      bbox: [0, 0, 4, 4],
      score: 0.9,
      ...over,
    });
    const cases: Record<string, string> = {
      empty: '[]',
      'no score': JSON.stringify([result({ score: undefined }), result({ image_id: 2 })]),
      'unknown image': JSON.stringify([result({ image_id: 3 }), result({ image_id: 2 })]),
      'unknown category': JSON.stringify([result({ category_id: 7 }), result({ image_id: 2 })]),
      'negative width': JSON.stringify([result({ bbox: [0, 0, -4, 4] }), result({ image_id: 2 })]),
      NaN: '[{"image_id": 1, "category_id": 1, "bbox": [0, 0, 4, 4], "score": NaN}]',
      'not JSON': '[{"image_id": 1, "category_id": 1, "bbox": [0, 0, 4, 4], "score": 0.9}',
    };
    for (const [name, text] of Object.entries(cases)) {
      const dt = join(tmp, 'dt.json');
      await writeFile(dt, text);
      assert.equal(
        readBoxFiles(gt, dt, () => 2, { chunks: { chunk: 8 } }),
        undefined,
        name,
      );
      const outcome = (batchBytes: number) =>
        evaluateCocoFiles({ gt, dt, batchBytes }).then(
          (e) => ({ stats: e.summary.stats, warnings: e.warnings }),
          (error: Error) => ({ error: error.message }),
        );
      assert.deepEqual(await outcome(1), await outcome(Number.MAX_SAFE_INTEGER), name);
    }
  });
});
