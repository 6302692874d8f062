import { ANNOTATION_KINDS } from '../model/annotation.js';
import type { AnnotationColumns } from '../store/annotation-columns.js';
import type { CocoSample, SkippedObjects } from './annotations-to-coco.js';
import { allocCocoObjects, indexOfIds } from './coco/coco-objects.js';
import { loadCocoGroundTruth } from './coco/load-ground-truth.js';
import type { CocoCategories, CocoImages, CocoObjects } from './coco/types.js';
import { finiteBox, type KeptObjects } from './columns-to-coco.js';

/**
 * A batch of a project's box annotations (typed columns) as the COCO evaluator's objects, by
 * columnsToCoco's rules, for an evaluation made a batch of whole images at a time (issue 12: the
 * COCO matching, TIDE, the confusion matrix and the stored outcomes are per image; accumulate ranks
 * each class over the batches' compact columns). Where columnsToCoco would fail or warn (a box that is not 4 finite
 * numbers, a negative width, a ground truth without any area), `NeedsWholeEvaluation` is thrown, and
 * the caller evaluates the whole project at once instead (same errors and warnings).
 */
export class NeedsWholeEvaluation extends Error {}

/** Images and categories of the evaluation (the loader's own order, sizes and names). */
export interface CocoHead {
  images: CocoImages;
  categories: CocoCategories;
  warnings: string[];
  /** Sample id → image position. */
  imageOf: Map<number, number>;
  /** Class id → category position. */
  categoryOf: Map<number, number>;
  /** The same as arrays indexed by sample id and by class id (-1: none), for the loops over rows. */
  imageAt: Int32Array;
  categoryAt: Int32Array;
}

/** `map` as an array indexed by its (non-negative integer) keys, -1 elsewhere. */
function denseIndex(map: Map<number, number>): Int32Array {
  let max = -1;
  for (const k of map.keys()) if (k > max) max = k;
  const out = new Int32Array(max + 1).fill(-1);
  for (const [k, v] of map) out[k] = v;
  return out;
}

/** The head of a batched evaluation; images without file names (the batches never read them). */
export function cocoHead(
  samples: readonly CocoSample[],
  classes: readonly { id: number; name: string; cocoId?: number }[],
): CocoHead {
  const head = loadCocoGroundTruth(
    {
      images: samples.map((s) => ({
        id: s.cocoId ?? s.id,
        ...(s.width === undefined ? {} : { width: s.width }),
        ...(s.height === undefined ? {} : { height: s.height }),
      })),
      categories: classes.map((c) => ({ id: c.cocoId ?? c.id, name: c.name })),
      annotations: [],
    },
    { iouType: 'bbox', file: 'ground truth' },
  );
  const imageIndex = indexOfIds(head.images.ids);
  const categoryIndex = indexOfIds(head.categories.ids);
  const imageOf = new Map<number, number>();
  for (const s of samples) imageOf.set(s.id, imageIndex.get(s.cocoId ?? s.id)!);
  const categoryOf = new Map<number, number>();
  for (const c of classes) categoryOf.set(c.id, categoryIndex.get(c.cocoId ?? c.id)!);
  return {
    images: head.images,
    categories: head.categories,
    warnings: head.warnings,
    imageOf,
    categoryOf,
    imageAt: denseIndex(imageOf),
    categoryAt: denseIndex(categoryOf),
  };
}

const SPATIAL = new Uint8Array(ANNOTATION_KINDS.length + 1);
for (const k of ['bbox', 'polygon', 'mask']) SPATIAL[ANNOTATION_KINDS.indexOf(k as never) + 1] = 1;

/**
 * Objects left out, by reason, with the 5 smallest annotation ids (columnsToCoco's examples: the first
 * 5 in id order), listed as columnsToCoco lists them: ground-truth reasons, then predicted ones, each
 * in the order of its first (smallest) id.
 */
export class BatchSkips {
  private readonly byReason = new Map<string, { count: number; ids: number[]; gt: boolean }>();
  add(reason: string, id: number, gt: boolean): void {
    let s = this.byReason.get(reason);
    if (s === undefined) {
      s = { count: 0, ids: [], gt };
      this.byReason.set(reason, s);
    }
    s.count++;
    if (s.ids.length < 5 || id < s.ids[4]!) {
      s.ids.push(id);
      s.ids.sort((a, b) => a - b);
      if (s.ids.length > 5) s.ids.length = 5;
    }
  }
  list(): SkippedObjects[] {
    return [...this.byReason]
      .sort(([, a], [, b]) => (a.gt === b.gt ? a.ids[0]! - b.ids[0]! : a.gt ? -1 : 1))
      .map(([reason, s]) => ({ reason, count: s.count, examples: s.ids }));
  }
}

export interface BatchObjects {
  objects: CocoObjects;
  kept: KeptObjects;
}

/**
 * The rows of `c` the evaluation keeps, as objects of a dataset whose categories are
 * `categoryIndex(classId)` (-1: a class of no category of this batch, left out silently; the class
 * batches read only their classes). `skips` counts what is left out (give it in one pass only).
 */
export function batchObjects(
  c: AnnotationColumns,
  head: CocoHead,
  role: 'gt' | 'pred',
  categoryIndex: (classId: number) => number,
  skips?: BatchSkips,
): BatchObjects {
  const gt = role === 'gt';
  const who = gt ? 'ground-truth' : 'predicted';
  const { imageAt, categoryAt } = head;
  const keep = new Int32Array(c.n);
  let n = 0;
  for (let i = 0; i < c.n; i++) {
    const sample = c.sampleId[i]!;
    if (SPATIAL[c.kind[i]!] === 0 || !(sample < imageAt.length && imageAt[sample]! >= 0)) continue;
    const classId = c.classId[i]!;
    let why: string | undefined;
    if (classId < 0) why = `${who} objects without a class`;
    else if (!(classId < categoryAt.length && categoryAt[classId]! >= 0))
      why = `${who} objects whose class is not in the class map`;
    else if (c.hasBox[i] === 0) why = `${who} objects without a box`;
    else if (!gt && !Number.isFinite(c.score[i]!)) why = 'predicted objects without a score';
    if (why !== undefined) {
      skips?.add(why, c.id[i]!, gt);
      continue;
    }
    if (categoryIndex(classId) < 0) continue;
    if (!finiteBox(c, i) || (!gt && (c.w[i]! < 0 || c.h[i]! < 0))) throw new NeedsWholeEvaluation();
    keep[n++] = i;
  }
  const o = allocCocoObjects(n);
  const kept: KeptObjects = {
    ids: new Float64Array(n),
    sampleIds: new Int32Array(n),
    scores: new Float64Array(n).fill(Number.NaN),
  };
  for (let j = 0; j < n; j++) {
    const i = keep[j]!;
    const sample = c.sampleId[i]!;
    const k = categoryIndex(c.classId[i]!);
    o.ids[j] = gt ? c.id[i]! : j + 1;
    o.imageIndex[j] = imageAt[sample]!;
    o.categoryIndex[j] = k;
    o.categoryIds[j] = head.categories.ids[categoryAt[c.classId[i]!]!]!;
    o.boxes[4 * j] = c.x[i]!;
    o.boxes[4 * j + 1] = c.y[i]!;
    o.boxes[4 * j + 2] = c.w[i]!;
    o.boxes[4 * j + 3] = c.h[i]!;
    kept.ids[j] = c.id[i]!;
    kept.sampleIds[j] = sample;
    if (gt) {
      o.iscrowd[j] = c.iscrowd[i]!;
      // columnsToCoco: the stored area, else w·h; a NaN area would be the loader's warning.
      const area = c.hasArea[i] ? c.area[i]! : c.w[i]! * c.h[i]!;
      if (Number.isNaN(area)) throw new NeedsWholeEvaluation();
      o.areas[j] = area;
    } else {
      o.scores[j] = c.score[i]!;
      o.areas[j] = c.w[i]! * c.h[i]!;
      kept.scores[j] = c.score[i]!;
    }
  }
  return { objects: o, kept };
}
