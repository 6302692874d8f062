import type { CocoSample, SkippedObjects } from '../../eval/annotations-to-coco.js';
import {
  BatchSkips,
  batchObjects,
  type CocoHead,
  cocoHead,
  NeedsWholeEvaluation,
} from '../../eval/batch-objects.js';
import { CategoryPass } from '../../eval/category-pass.js';
import { detectionAnalysesJson } from '../../eval/detection-analyses.js';
import { ImagePass } from '../../eval/image-pass.js';
import { prCurves } from '../../eval/pr-curves.js';
import { AnnotationColumnsBuffer } from '../../store/annotation-columns.js';
import type { EvalMatchRow, EvalSampleRow, ProjectStore } from '../../store/project-store.js';

/**
 * A project's box evaluation a batch of whole images at a time (issue 12), equal to
 * evaluateProjectDetectionColumns over all the columns at once: first the COCO evaluation (CategoryPass:
 * each batch's matches kept as a few bytes per detection, every class accumulated at the end; read
 * only), then, while the match rows are written, the images again (ImagePass: outcomes, TIDE, confusion
 * matrix, rows, samples). Only one batch's columns and evaluation are held at a time, besides a few
 * numbers per object (accumulate's, TIDE's, calibration's). Each batch is read by a range of image
 * positions (and of sample ids, which lets DuckDB skip row groups), so the reads grow linearly.
 */
export interface DetectionBatchesInput {
  store: ProjectStore;
  gt: string;
  pred: string;
  /** The evaluation's images and categories (detectionHead). */
  head: CocoHead;
  classes: { id: number; name: string; cocoId?: number }[];
  iou: number;
  signal?: AbortSignal;
  /** About how many annotations a batch holds (default 500,000; tests make it small). */
  batchObjects?: number;
}

export interface DetectionBatches {
  /** The match rows, a batch of images at a time: iterate once, inside the store's transaction. */
  batches: AsyncIterable<Iterable<EvalMatchRow>>;
  /** Filled in once `batches` is done. */
  result: {
    summary: Record<string, unknown>;
    samples: EvalSampleRow[];
    totals: { tp: number; fp: number; fn: number; ignored: number };
    skipped: SkippedObjects[];
    warnings: string[];
  };
}

/**
 * The images and categories of a project's box evaluation, made from its samples and classes before
 * the batches, so that the caller can let go of the samples first (CocoHead keeps no key: nothing
 * in the batches reads the images' file names).
 */
export function detectionHead(input: {
  samples: readonly CocoSample[];
  classes: { id: number; name: string; cocoId?: number }[];
}): { head: CocoHead; classes: { id: number; name: string; cocoId?: number }[] } {
  return { head: cocoHead(input.samples, input.classes), classes: input.classes };
}

/** Class ids of each category position (a class map may give two classes one category). */
function classesByCategory(head: CocoHead): number[][] {
  const out = Array.from({ length: head.categories.count }, () => [] as number[]);
  for (const [classId, k] of head.categoryOf) out[k]!.push(classId);
  return out;
}

/** Image positions [from, to) and the smallest and largest sample id there (`order`: sample id by position). */
function imageRange(order: Int32Array, from: number, to: number) {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = from; i < to; i++) {
    lo = Math.min(lo, order[i]!);
    hi = Math.max(hi, order[i]!);
  }
  return { from, to, sampleIds: [lo, hi] as [number, number] };
}

/** DuckDB's memory limit during the batches (store.capMemory: not above the user's or the default). */
const EVAL_DUCKDB_MEMORY = '256MiB';

/** `f` run at most once. */
function once(f: () => Promise<void>): () => Promise<void> {
  let done = false;
  return async () => {
    if (done) return;
    done = true;
    await f();
  };
}

const sum = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);

/**
 * Runs the class batches (reading the store) and returns the image batches to run while the rows are
 * written. Throws NeedsWholeEvaluation (from batchObjects) before anything is written when the
 * project needs the whole evaluation's errors or warnings.
 */
export async function evaluateDetectionBatches(input: DetectionBatchesInput): Promise<DetectionBatches> {
  const { store, iou, signal, classes } = input;
  const sources = { gt: input.gt, pred: input.pred };
  const target = input.batchObjects ?? 500_000;
  const { head } = input;
  if (head.categories.count === 0) throw new NeedsWholeEvaluation();
  const [gtCounts, predCounts] = await Promise.all([
    store.classCounts([input.gt]),
    store.classCounts([input.pred]),
  ]);
  const all = new Map(gtCounts);
  for (const [c, n] of predCounts) all.set(c, (all.get(c) ?? 0) + n);
  const byCategory = classesByCategory(head);
  const predicted = (k: number) => byCategory[k]!.reduce((n, c) => n + (predCounts.get(c) ?? 0), 0);
  const pass = new CategoryPass(head, iou, sum(predCounts), predicted);
  // The images in the evaluation's order (temp table eval_image_order), which both passes read a batch at a time.
  const order = new Int32Array(head.images.count);
  for (const [sampleId, at] of head.imageOf) order[at] = sampleId;
  await store.writeEvalImageOrder(order);
  const perBatch = Math.max(1, Math.ceil((head.images.count * target) / Math.max(1, sum(all))));
  const full = (classId: number) => head.categoryAt[classId]!;
  // One set of column arrays per source for every batch of both passes (batchObjects copies what it
  // keeps before the next read).
  const buffers = { gt: new AnnotationColumnsBuffer(), pred: new AnnotationColumnsBuffer() };
  const readBatch = async (images: ReturnType<typeof imageRange>) =>
    [
      await store.readAnnotationColumns(sources.gt, { images, reuse: buffers.gt }),
      await store.readAnnotationColumns(sources.pred, { images, reuse: buffers.pred }),
    ] as const;
  // Both passes only scan a batch's rows and append its match rows: DuckDB's buffer pool need not
  // keep every block read or written (at 1M images ~0.3–0.5 GB under the default limit).
  const restore = once(await store.capMemory(EVAL_DUCKDB_MEMORY));
  try {
    for (let from = 0; from < head.images.count; from += perBatch) {
      signal?.throwIfAborted();
      const range = imageRange(order, from, Math.min(head.images.count, from + perBatch));
      const [gtColumns, predColumns] = await readBatch(range);
      pass.add(
        batchObjects(gtColumns, head, 'gt', full),
        batchObjects(predColumns, head, 'pred', full),
        signal,
      );
    }
  } catch (error) {
    await restore();
    throw error;
  }
  const coco = pass.finish();
  const result: DetectionBatches['result'] = {
    summary: {},
    samples: [],
    totals: { tp: 0, fp: 0, fn: 0, ignored: 0 },
    skipped: [],
    warnings: [...head.warnings],
  };
  async function* batches(): AsyncGenerator<Iterable<EvalMatchRow>> {
    try {
      yield* imageBatches();
    } finally {
      await restore();
    }
  }
  async function* imageBatches(): AsyncGenerator<Iterable<EvalMatchRow>> {
    const images = new ImagePass(head, coco.params, iou, classes, sum(gtCounts), sum(predCounts));
    const skips = new BatchSkips();
    for (let from = 0; from < head.images.count; from += perBatch) {
      signal?.throwIfAborted();
      const range = imageRange(order, from, Math.min(head.images.count, from + perBatch));
      const [gtColumns, predColumns] = await readBatch(range);
      yield images.add(
        batchObjects(gtColumns, head, 'gt', full, skips),
        batchObjects(predColumns, head, 'pred', full, skips),
        signal,
      );
    }
    const done = images.finish();
    result.samples = done.samples;
    result.totals = images.totals;
    result.skipped = skips.list();
    const analyses = {
      iou,
      tide: done.tide,
      confusion: done.confusion,
      prCurves: prCurves(coco.accumulated),
      calibration: coco.calibration,
    };
    result.summary = {
      iou_type: 'bbox',
      iou: done.iouThreshold,
      images: head.images.count,
      stats: coco.summary.stats,
      lines: coco.summary.lines.map((l) => l.text),
      per_class: coco.perClass,
      totals: result.totals,
      ...detectionAnalysesJson(analyses, head.categories.names),
    };
  }
  return { batches: batches(), result };
}
