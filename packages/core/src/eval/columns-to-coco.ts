import { AssayError } from '../errors.js';
import { ANNOTATION_KINDS } from '../model/annotation.js';
import type { AnnotationColumns } from '../store/annotation-columns.js';
import type { CocoSample, SkippedObjects } from './annotations-to-coco.js';
import { allocCocoObjects, indexOfIds } from './coco/coco-objects.js';
import { loadCocoDetections } from './coco/load-detections.js';
import { loadCocoGroundTruth } from './coco/load-ground-truth.js';
import { Offenders } from './coco/offenders.js';
import type { CocoDetections, CocoEvalDataset, CocoObjects } from './coco/types.js';

/**
 * The box evaluation's inputs straight from typed columns: the same dataset, detections, ids and skips
 * as annotationsToCoco followed by loadCocoGroundTruth / loadCocoDetections (iouType bbox), without a
 * JSON object per annotation. Images and categories still go through the loader (one small object per
 * sample and class), so their order, sizes and names are the loader's own.
 */
export interface ColumnsToCocoInput {
  samples: CocoSample[];
  classes: { id: number; name: string; cocoId?: number }[];
  gt: AnnotationColumns;
  pred: AnnotationColumns;
}

/** The objects kept, by row of the columns, with what the stored match rows need. */
export interface KeptObjects {
  /** Annotation id of each kept object (COCO object order). */
  ids: Float64Array;
  sampleIds: Int32Array;
  /** Scores (detections; NaN for ground truth). */
  scores: Float64Array;
}

export interface ColumnsCoco {
  dataset: CocoEvalDataset;
  detections: CocoDetections;
  gt: KeptObjects;
  dt: KeptObjects;
  skipped: SkippedObjects[];
}

const SPATIAL = new Uint8Array(ANNOTATION_KINDS.length + 1);
for (const k of ['bbox', 'polygon', 'mask']) SPATIAL[ANNOTATION_KINDS.indexOf(k as never) + 1] = 1;

class Skips {
  private readonly byReason = new Map<string, SkippedObjects>();
  add(reason: string, id: number): void {
    const s = this.byReason.get(reason) ?? { reason, count: 0, examples: [] };
    s.count++;
    if (s.examples.length < 5) s.examples.push(id);
    this.byReason.set(reason, s);
  }
  list(): SkippedObjects[] {
    return [...this.byReason.values()];
  }
}

interface Lookup {
  /** Sample id → COCO image id. */
  image: Map<number, number>;
  /** Class id → COCO category id. */
  category: Map<number, number>;
}

/** annotationsToCoco's rules for one row: the reason it is left out, or undefined when it is kept. */
function skipReason(c: AnnotationColumns, i: number, who: string, ids: Lookup): string | undefined {
  if (c.classId[i]! < 0) return `${who} objects without a class`;
  if (!ids.category.has(c.classId[i]!)) return `${who} objects whose class is not in the class map`;
  if (c.hasBox[i] === 0) return `${who} objects without a box`;
  return undefined;
}

function keep(n: number): KeptObjects {
  return {
    ids: new Float64Array(n),
    sampleIds: new Int32Array(n),
    scores: new Float64Array(n).fill(Number.NaN),
  };
}

function trim(k: KeptObjects, n: number): KeptObjects {
  if (n === k.ids.length) return k;
  return { ids: k.ids.slice(0, n), sampleIds: k.sampleIds.slice(0, n), scores: k.scores.slice(0, n) };
}

function trimObjects(o: CocoObjects, n: number): CocoObjects {
  if (n === o.count) return o;
  return {
    ...o,
    count: n,
    ids: o.ids.slice(0, n),
    imageIndex: o.imageIndex.slice(0, n),
    categoryIndex: o.categoryIndex.slice(0, n),
    categoryIds: o.categoryIds.slice(0, n),
    boxes: o.boxes.slice(0, 4 * n),
    areas: o.areas.slice(0, n),
    iscrowd: o.iscrowd.slice(0, n),
    scores: o.scores.slice(0, n),
    numKeypoints: o.numKeypoints.slice(0, n),
  };
}

/** How many rows the conversion keeps (the rules of skipReason, plus a finite score for predictions). */
function keptRows(c: AnnotationColumns, ids: Lookup, prediction: boolean): number {
  let n = 0;
  for (let i = 0; i < c.n; i++) {
    if (SPATIAL[c.kind[i]!] === 0 || !ids.image.has(c.sampleId[i]!)) continue;
    if (c.classId[i]! < 0 || !ids.category.has(c.classId[i]!) || c.hasBox[i] === 0) continue;
    if (prediction && !Number.isFinite(c.score[i]!)) continue;
    n++;
  }
  return n;
}

/** Whether row i's box is four finite numbers. */
export function finiteBox(c: AnnotationColumns, i: number): boolean {
  return (
    Number.isFinite(c.x[i]!) &&
    Number.isFinite(c.y[i]!) &&
    Number.isFinite(c.w[i]!) &&
    Number.isFinite(c.h[i]!)
  );
}

function setBox(o: CocoObjects, j: number, c: AnnotationColumns, i: number): void {
  o.boxes[4 * j] = c.x[i]!;
  o.boxes[4 * j + 1] = c.y[i]!;
  o.boxes[4 * j + 2] = c.w[i]!;
  o.boxes[4 * j + 3] = c.h[i]!;
}

function fail(file: string, message: string, hint: string): never {
  throw new AssayError('INVALID_INPUT', `${file}: ${message}`, { hint });
}

/** Builds the box evaluation's inputs from the columns (see the interface comment). */
export function columnsToCoco(input: ColumnsToCocoInput): ColumnsCoco {
  const ids: Lookup = {
    image: new Map(input.samples.map((s) => [s.id, s.cocoId ?? s.id])),
    category: new Map(input.classes.map((c) => [c.id, c.cocoId ?? c.id])),
  };
  const head = loadCocoGroundTruth(
    {
      images: input.samples.map((s) => ({
        id: s.cocoId ?? s.id,
        file_name: s.key,
        ...(s.width === undefined ? {} : { width: s.width }),
        ...(s.height === undefined ? {} : { height: s.height }),
      })),
      categories: input.classes.map((c) => ({ id: c.cocoId ?? c.id, name: c.name })),
      annotations: [],
    },
    { iouType: 'bbox', file: 'ground truth' },
  );
  const imageIndex = indexOfIds(head.images.ids);
  const categoryIndex = indexOfIds(head.categories.ids);
  const skips = new Skips();
  const warnings = [...head.warnings];

  const g = input.gt;
  // Sized to the rows kept: at a project's scale a second, trimmed copy would double the peak.
  const gtRows = keptRows(g, ids, false);
  let gt = allocCocoObjects(gtRows);
  let gtKept = keep(gtRows);
  const badBox = new Offenders();
  const noArea = new Offenders();
  let n = 0;
  for (let i = 0; i < g.n; i++) {
    const sample = g.sampleId[i]!;
    if (SPATIAL[g.kind[i]!] === 0 || !ids.image.has(sample)) continue;
    const why = skipReason(g, i, 'ground-truth', ids);
    if (why !== undefined) {
      skips.add(why, g.id[i]!);
      continue;
    }
    const category = ids.category.get(g.classId[i]!)!;
    gt.ids[n] = g.id[i]!;
    gt.categoryIds[n] = category;
    gt.imageIndex[n] = imageIndex.get(ids.image.get(sample)!)!;
    gt.categoryIndex[n] = categoryIndex.get(category)!;
    gt.iscrowd[n] = g.iscrowd[i]!;
    if (finiteBox(g, i)) setBox(gt, n, g, i);
    else badBox.add(g.id[i]!);
    // annotationsToCoco: the stored area, else w·h; the loader: a NaN area is the box's area, with a warning.
    let area = g.hasArea[i] ? g.area[i]! : g.w[i]! * g.h[i]!;
    if (Number.isNaN(area)) {
      noArea.add(g.id[i]!);
      area = gt.boxes[4 * n + 2]! * gt.boxes[4 * n + 3]!;
    }
    gt.areas[n] = area;
    gtKept.ids[n] = g.id[i]!;
    gtKept.sampleIds[n] = sample;
    n++;
  }
  if (badBox.count > 0)
    fail(
      'ground truth',
      `${badBox.describe()} annotations have no valid "bbox" (ids listed).`,
      'A bbox is [x, y, width, height]: 4 finite numbers.',
    );
  gt = trimObjects(gt, n);
  gtKept = trim(gtKept, n);
  if (noArea.count > 0)
    warnings.push(
      `ground truth: ${noArea.describe()} annotations have no "area"; their box (or mask) area is used for the area ranges.`,
    );
  const dataset: CocoEvalDataset = { images: head.images, categories: head.categories, gt, warnings };
  return { dataset, gt: gtKept, ...detectionsOf(input.pred, dataset, ids, imageIndex, categoryIndex, skips) };
}

function detectionsOf(
  p: AnnotationColumns,
  dataset: CocoEvalDataset,
  ids: Lookup,
  imageIndex: Map<number, number>,
  categoryIndex: Map<number, number>,
  skips: Skips,
): { detections: CocoDetections; dt: KeptObjects; skipped: SkippedObjects[] } {
  const rows = keptRows(p, ids, true);
  let dt = allocCocoObjects(rows);
  let kept = keep(rows);
  const badBox = new Offenders();
  const negative = new Offenders();
  let n = 0;
  for (let i = 0; i < p.n; i++) {
    const sample = p.sampleId[i]!;
    if (SPATIAL[p.kind[i]!] === 0 || !ids.image.has(sample)) continue;
    const why = skipReason(p, i, 'predicted', ids);
    if (why !== undefined) {
      skips.add(why, p.id[i]!);
      continue;
    }
    if (!Number.isFinite(p.score[i]!)) {
      skips.add('predicted objects without a score', p.id[i]!);
      continue;
    }
    const category = ids.category.get(p.classId[i]!)!;
    dt.ids[n] = n + 1;
    dt.imageIndex[n] = imageIndex.get(ids.image.get(sample)!)!;
    dt.categoryIds[n] = category;
    dt.categoryIndex[n] = categoryIndex.get(category)!;
    dt.scores[n] = p.score[i]!;
    if (finiteBox(p, i)) setBox(dt, n, p, i);
    else badBox.add(n);
    const w = dt.boxes[4 * n + 2]!;
    const h = dt.boxes[4 * n + 3]!;
    if (w < 0 || h < 0) negative.add(n);
    dt.areas[n] = w * h;
    kept.ids[n] = p.id[i]!;
    kept.sampleIds[n] = sample;
    kept.scores[n] = p.score[i]!;
    n++;
  }
  if (n === 0) {
    const empty = loadCocoDetections([], dataset, { iouType: 'bbox', file: 'predictions' });
    return { detections: empty, dt: trim(kept, 0), skipped: skips.list() };
  }
  if (badBox.count > 0)
    fail(
      'predictions',
      `${badBox.describe()} results have no valid "bbox" (indices listed).`,
      'A bbox is [x, y, width, height]: 4 finite numbers.',
    );
  if (negative.count > 0)
    fail(
      'predictions',
      `${negative.describe()} results have a bbox with negative width or height (indices listed).`,
      'A bbox is [x, y, width, height]; boxes written as [x1, y1, x2, y2] must be converted first.',
    );
  dt = trimObjects(dt, n);
  kept = trim(kept, n);
  return { detections: { dt, warnings: [] }, dt: kept, skipped: skips.list() };
}
