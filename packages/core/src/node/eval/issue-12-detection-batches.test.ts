import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { mulberry32 } from '../../random/mulberry32.js';
import { sharedFixture } from '../../test-kit/fixtures.js';
import { importDataset } from '../import-dataset.js';
import { initProject, openProject, type Project } from '../project.js';
import { runEval } from '../run-eval.js';

/**
 * Issue 12: `assay eval --pred` evaluates boxes a batch of whole images at a time (twice: the COCO
 * arrays, then the outcomes and rows). With batches of a few dozen annotations (many of each) the
 * run must store and print exactly what the evaluation of all boxes at once gives (`batchObjects: 0`, the whole-columns path): every
 * summary number (COCO stats, per class, PR curves, TIDE, confusion, calibration), every match row
 * and every sample row. The project is coco-val2014-100 (crowds, 80 classes) with cocoapi's fake
 * results and a generated source whose scores tie across images and whose ids are not in image order.
 *
 * Every class is split by images (its detections ranked over all of its images from a few bytes each,
 * ColumnAccumulator): batches of 5 annotations hold an image or two; `prediction:dense` puts 130
 * detections of one class in some images (past maxDets 100, so the per-image truncation and maxDets 1
 * and 10 keep fewer) with scores that tie within and across images.
 */
const dir = sharedFixture('coco-val2014-100/');

interface CocoGt {
  images: { id: number }[];
  annotations: { image_id: number; category_id: number; bbox: number[] }[];
  categories: { id: number }[];
}

/** Jittered copies of the ground truth (some of another class), background boxes, scores in tenths. */
function generatedResults(gt: CocoGt): unknown[] {
  const random = mulberry32(12);
  const out: unknown[] = [];
  const cats = gt.categories.map((c) => c.id);
  // Shuffled, so that the predictions' ids are not in image order.
  const anns = [...gt.annotations].sort(() => random() - 0.5);
  for (const a of anns) {
    if (random() < 0.2) continue;
    const [x, y, w, h] = a.bbox as [number, number, number, number];
    const j = () => 1 + (random() - 0.5) * 0.4;
    out.push({
      image_id: a.image_id,
      category_id: random() < 0.1 ? cats[Math.floor(random() * cats.length)] : a.category_id,
      bbox: [x * j(), y * j(), w * j(), h * j()],
      score: Math.round(random() * 10) / 10,
    });
    if (random() < 0.2) out.push({ ...(out.at(-1) as object), score: Math.round(random() * 10) / 10 });
  }
  for (let i = 0; i < 300; i++) {
    const image = gt.images[Math.floor(random() * gt.images.length)]!;
    out.push({
      image_id: image.id,
      category_id: cats[Math.floor(random() * cats.length)],
      bbox: [random() * 400, random() * 300, 5 + random() * 200, 5 + random() * 200],
      score: Math.round(random() * 10) / 10,
    });
  }
  return out;
}

/** 130 detections of a class in each of 6 images (jittered copies of its boxes: all sizes), scores in fifths. */
function denseResults(gt: CocoGt): unknown[] {
  const random = mulberry32(7);
  const out: unknown[] = [];
  const byImage = new Map<number, CocoGt['annotations']>();
  for (const a of gt.annotations) byImage.set(a.image_id, [...(byImage.get(a.image_id) ?? []), a]);
  const busy = [...byImage].sort((a, b) => b[1].length - a[1].length || a[0] - b[0]).slice(0, 6);
  for (const [imageId, anns] of busy) {
    const category = anns[0]!.category_id;
    const own = anns.filter((a) => a.category_id === category);
    for (let i = 0; i < 130; i++) {
      const [x, y, w, h] = own[i % own.length]!.bbox as [number, number, number, number];
      const j = () => 1 + (random() - 0.5) * (i % 3 === 0 ? 0.1 : 0.8);
      out.push({
        image_id: imageId,
        category_id: category,
        bbox: [x * j(), y * j(), w * j(), h * j()],
        score: Math.round(random() * 5) / 5,
      });
    }
  }
  return [...out, ...generatedResults(gt).slice(0, 400)];
}

describe('issue 12: eval --pred in batches of images', () => {
  let tmp = '';
  let project: Project;
  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'assay-eval-batches-'));
    await initProject(tmp);
    project = await openProject(tmp);
    const gtFile = `${dir}instances_val2014_100.json`;
    await importDataset(project, { format: 'coco', path: gtFile });
    await importDataset(project, {
      format: 'coco',
      path: `${dir}instances_val2014_fakebbox100_results.json`,
      source: 'prediction:fake',
    });
    const generated = join(tmp, 'generated.json');
    await writeFile(generated, JSON.stringify(generatedResults(JSON.parse(readFileSync(gtFile, 'utf8')))));
    await importDataset(project, { format: 'coco', path: generated, source: 'prediction:gen' });
    const dense = join(tmp, 'dense.json');
    await writeFile(dense, JSON.stringify(denseResults(JSON.parse(readFileSync(gtFile, 'utf8')))));
    await importDataset(project, { format: 'coco', path: dense, source: 'prediction:dense' });
  });
  after(async () => {
    await project.close();
    await rm(tmp, { recursive: true, force: true });
  });

  const rowsOf = async (runId: number) => ({
    matches: await project.store.listEvalMatches(runId),
    samples: await project.store.listEvalSamples(runId),
  });
  /** The whole evaluation (and its stored rows) of a source at an IoU, run once: two cases compare with the same one. */
  const wholeRuns = new Map<
    string,
    Promise<[Awaited<ReturnType<typeof runEval>>, Awaited<ReturnType<typeof rowsOf>>]>
  >();
  const wholeOf = (pred: string, iou: number) => {
    const key = `${pred} ${iou}`;
    let run = wholeRuns.get(key);
    if (!run) {
      run = runEval(project, { pred, iou, batchObjects: 0 }).then(async (whole) => [
        whole,
        await rowsOf(whole.run_id),
      ]);
      wholeRuns.set(key, run);
    }
    return run;
  };

  for (const [pred, iou, batchObjects] of [
    ['prediction:fake', 0.5, 40],
    ['prediction:gen', 0.5, 40],
    ['prediction:gen', 0.75, 40],
    ['prediction:gen', 0.6, 40],
    ['prediction:gen', 0.5, 5],
    ['prediction:dense', 0.5, 5],
    ['prediction:dense', 0.75, 300],
  ] as const) {
    it(`${pred} at IoU ${iou}: batches of ${batchObjects} annotations equal the whole evaluation`, async () => {
      const [whole, wholeRows] = await wholeOf(pred, iou);
      const batched = await runEval(project, { pred, iou, batchObjects });
      const batchedRows = await rowsOf(batched.run_id);
      assert.ok(wholeRows.matches.length > 1000, `${wholeRows.matches.length} match rows`);
      assert.deepEqual({ ...batched, run_id: 0 }, { ...whole, run_id: 0 });
      // Byte for byte as `--json` prints it (key order included).
      assert.equal(JSON.stringify(batched.detection), JSON.stringify(whole.detection));
      assert.deepEqual(batchedRows, wholeRows);
      const tide = (batched.detection as { tide: { counts: Record<string, number> } }).tide.counts;
      if (pred === 'prediction:gen')
        assert.ok(tide.cls! > 0 && tide.loc! > 0 && tide.dupe! > 0 && tide.bkg! > 0, JSON.stringify(tide));
    });
  }
});
