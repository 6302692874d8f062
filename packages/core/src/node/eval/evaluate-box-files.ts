import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BatchObjects } from '../../eval/batch-objects.js';
import { CategoryPass } from '../../eval/category-pass.js';
import { allocCocoObjects } from '../../eval/coco/coco-objects.js';
import type { CocoClassResult } from '../../eval/coco/evaluate-coco.js';
import { NOT_HANDLED } from '../../eval/coco/json-bytes.js';
import type { CocoAccumulated, CocoEvalDataset, CocoEvalParams, CocoSummary } from '../../eval/coco/types.js';
import type { DetectionAnalyses } from '../../eval/detection-analyses.js';
import { PooledPass } from '../../eval/pooled-pass.js';
import { prCurves } from '../../eval/pr-curves.js';
import {
  type BoxGroundTruth,
  DT_WIDTH,
  GT_WIDTH,
  type ReadOptions,
  readBoxDetections,
  readBoxGroundTruth,
} from './read-box-files.js';
import type { RecordBuckets } from './record-buckets.js';

/**
 * A box evaluation of two COCO files a batch of whole images at a time (issue 12: a file pair of a
 * million images in bounded memory). The files are read a chunk at a time into typed records sorted
 * into buckets of images (read-box-files.ts; spilled to temporary files), then evaluated a bucket at a
 * time as a project is (CategoryPass: the COCO evaluation, accumulated from a few bytes per detection;
 * then PooledPass: TIDE and the confusion matrix), which equals the whole evaluation to the last bit.
 */
export interface BoxFiles {
  truth: BoxGroundTruth;
  dt: RecordBuckets;
  perCategory: Float64Array;
  /** Removes the bucket files. */
  close(): void;
}

/**
 * Reads both files (see the file comment) into `buckets(images)` buckets, their files in a new folder
 * under `options.tmp` (default: the system's, os.tmpdir()); undefined when either is not a clean box
 * file (NOT_HANDLED: the caller reads them the ordinary way).
 */
export function readBoxFiles(
  gt: string,
  dt: string,
  buckets: (images: number) => number,
  options: ReadOptions & { tmp?: string } = {},
): BoxFiles | undefined {
  const dir = mkdtempSync(join(options.tmp ?? tmpdir(), 'assay-eval-'));
  let truth: BoxGroundTruth | undefined;
  const close = () => {
    truth?.gt.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    truth = readBoxGroundTruth(gt, { dir, buckets, ...options });
    const results = readBoxDetections(dt, truth, dir, options);
    const files = { truth, ...results };
    return {
      ...files,
      close() {
        files.dt.close();
        close();
      },
    };
  } catch (error) {
    close();
    if (error === NOT_HANDLED) return undefined;
    throw error;
  }
}

/** Bucket b's ground truth as the evaluator's objects (ids, image and category positions, boxes, areas, crowds). */
function groundTruthOf(truth: BoxGroundTruth, b: number): BatchObjects {
  const rows = truth.gt.read(b);
  const n = rows.length / GT_WIDTH;
  const o = allocCocoObjects(n);
  const { categoryOf } = truth;
  for (let i = 0; i < n; i++) {
    const at = GT_WIDTH * i;
    o.ids[i] = rows[at]!;
    o.imageIndex[i] = rows[at + 1]!;
    o.categoryIds[i] = rows[at + 2]!;
    o.categoryIndex[i] = categoryOf.get(rows[at + 2]!)!;
    for (let c = 0; c < 4; c++) o.boxes[4 * i + c] = rows[at + 3 + c]!;
    o.areas[i] = rows[at + 7]!;
    o.iscrowd[i] = rows[at + 8]!;
  }
  return { objects: o, kept: { ids: o.ids, sampleIds: o.imageIndex, scores: o.scores } };
}

/** Bucket b's detections: ids 1..n in file order (loadRes), areas w·h. */
function detectionsOf(files: BoxFiles, b: number): BatchObjects {
  const rows = files.dt.read(b);
  const n = rows.length / DT_WIDTH;
  const o = allocCocoObjects(n);
  const { categoryOf } = files.truth;
  for (let i = 0; i < n; i++) {
    const at = DT_WIDTH * i;
    o.ids[i] = rows[at]! + 1;
    o.imageIndex[i] = rows[at + 1]!;
    o.categoryIds[i] = rows[at + 2]!;
    o.categoryIndex[i] = categoryOf.get(rows[at + 2]!)!;
    for (let c = 0; c < 4; c++) o.boxes[4 * i + c] = rows[at + 3 + c]!;
    o.areas[i] = rows[at + 5]! * rows[at + 6]!;
    o.scores[i] = rows[at + 7]!;
  }
  return { objects: o, kept: { ids: o.ids, sampleIds: o.imageIndex, scores: o.scores } };
}

export interface BoxFilesEvaluation {
  params: CocoEvalParams;
  accumulated: CocoAccumulated;
  summary: CocoSummary;
  perClass: CocoClassResult[];
  analyses?: DetectionAnalyses;
}

/**
 * Evaluates the buckets of `files` in image order; with `analyses`, also TIDE, the confusion matrix,
 * the PR curves and calibration at its IoU (detectionAnalyses' defaults).
 */
export function evaluateBoxFiles(
  files: BoxFiles,
  options: { analyses?: { iou?: number }; signal?: AbortSignal } = {},
): BoxFilesEvaluation {
  const { truth } = files;
  const { signal } = options;
  const iou = options.analyses?.iou ?? 0.5;
  const head = { images: truth.images, categories: truth.categories };
  const dataset = (gt: BatchObjects): CocoEvalDataset => ({ ...head, gt: gt.objects, warnings: [] });
  const pass = new CategoryPass(head, iou, files.dt.total, (k) => files.perCategory[k]!);
  for (let b = 0; b < truth.buckets; b++) {
    signal?.throwIfAborted();
    pass.add(groundTruthOf(truth, b), detectionsOf(files, b), signal);
  }
  const coco = pass.finish();
  const out: BoxFilesEvaluation = {
    params: coco.params,
    accumulated: coco.accumulated,
    summary: coco.summary,
    perClass: coco.perClass,
  };
  if (options.analyses === undefined) return out;
  const K = truth.categories.count;
  const pooled = new PooledPass(K, coco.params, iou, truth.gt.total, files.dt.total);
  for (let b = 0; b < truth.buckets; b++) {
    signal?.throwIfAborted();
    pooled.add(dataset(groundTruthOf(truth, b)), detectionsOf(files, b).objects, signal);
  }
  const { tide, confusion } = pooled.finish();
  out.analyses = {
    iou,
    tide,
    confusion,
    prCurves: prCurves(coco.accumulated),
    calibration: coco.calibration,
  };
  return out;
}
