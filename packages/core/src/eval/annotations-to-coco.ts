import type { Annotation } from '../model/annotation.js';

/**
 * A project's ground truth and predictions as the COCO JSON the COCO evaluator reads (ground-truth
 * dataset and results list), so project mode runs exactly the file-mode evaluation:
 * images = the given samples, categories = the class map (ids: `cocoId`, else the Assay id),
 * ground truth ids = annotation ids; results are in annotation-id order and `resultIds` maps each
 * back to its annotation. pycocotools ranks tied scores by image id and sums per-class values in
 * category-id order, so the ids decide the last digits: `evaluationIds` gives a project imported
 * from COCO files its original ids back, and the numbers of those files.
 *
 * Objects taken: kinds bbox, polygon and mask with a class. For `segm`, polygons become polygon
 * segmentations and masks RLEs; a box-only ground truth is evaluated as its box (the evaluator's rule).
 * Results carry their bbox (pycocotools' `loadRes` then sets a result's area to w·h for the area
 * ranges, and a result without segmentation is its box), except for `segm` when every result has a
 * mask or polygon: then they carry only that, and area and box come from the mask, as for a segm
 * results file. Objects left out are counted in `skipped`.
 */
export interface CocoSample {
  id: number;
  /** The image id the evaluation uses (default `id`); see `evaluationIds`. */
  cocoId?: number;
  key: string;
  width?: number;
  height?: number;
}

/** An annotation as evaluation reads it (the sample by id; its key is not needed). */
export interface ProjectObject extends Omit<Annotation, 'sample'> {
  id: number;
  sampleId: number;
  /** The sample's key, when read (evaluation does not need it). */
  sample?: string;
}

export interface AnnotationsToCocoInput {
  samples: CocoSample[];
  /** The class map; `cocoId` is the category id the evaluation uses (default `id`). */
  classes: { id: number; name: string; cocoId?: number }[];
  gt: ProjectObject[];
  pred: ProjectObject[];
  iouType: 'bbox' | 'segm';
}

/** Objects left out of the evaluation, by reason, with up to 5 example annotation ids each. */
export interface SkippedObjects {
  reason: string;
  count: number;
  examples: number[];
}

export interface ProjectCoco {
  groundTruth: { images: unknown[]; categories: unknown[]; annotations: unknown[] };
  results: unknown[];
  /** Annotation id of each result. */
  resultIds: number[];
  /** Annotation id of each ground-truth object (its COCO id). */
  gtIds: number[];
  skipped: SkippedObjects[];
}

const SPATIAL = new Set(['bbox', 'polygon', 'mask']);

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

function segmentationOf(a: ProjectObject): unknown {
  if (a.kind === 'polygon' && a.points && a.points.length > 0) return a.points;
  if (a.kind === 'mask' && a.mask) return a.mask;
  return undefined;
}

/** The COCO fields shared by ground truth and results, or the reason the object is left out. */
function cocoObject(
  a: ProjectObject,
  who: string,
  ids: { classes: Map<string, number>; samples: Map<number, number> },
  iouType: 'bbox' | 'segm',
): Record<string, unknown> | string {
  const classIds = ids.classes;
  if (a.label === undefined) return `${who} objects without a class`;
  const categoryId = classIds.get(a.label);
  if (categoryId === undefined) return `${who} objects whose class is not in the class map`;
  if (a.bbox === undefined) return `${who} objects without a box`;
  const imageId = ids.samples.get(a.sampleId);
  if (imageId === undefined) return `${who} objects on samples left out`;
  const out: Record<string, unknown> = { image_id: imageId, category_id: categoryId, bbox: a.bbox };
  if (iouType === 'segm') {
    const segmentation = segmentationOf(a);
    if (segmentation !== undefined) out.segmentation = segmentation;
  }
  return out;
}

/** Builds the COCO ground truth and results of a project's two sources (see the file comment). */
export function annotationsToCoco(input: AnnotationsToCocoInput): ProjectCoco {
  const ids = {
    classes: new Map(input.classes.map((c) => [c.name, c.cocoId ?? c.id])),
    samples: new Map(input.samples.map((s) => [s.id, s.cocoId ?? s.id])),
  };
  const skips = new Skips();
  const images = input.samples.map((s) => ({
    id: s.cocoId ?? s.id,
    file_name: s.key,
    ...(s.width === undefined ? {} : { width: s.width }),
    ...(s.height === undefined ? {} : { height: s.height }),
  }));
  const annotations: unknown[] = [];
  const gtIds: number[] = [];
  for (const a of input.gt) {
    if (!SPATIAL.has(a.kind) || !ids.samples.has(a.sampleId)) continue;
    const o = cocoObject(a, 'ground-truth', ids, input.iouType);
    if (typeof o === 'string') {
      skips.add(o, a.id);
      continue;
    }
    const [, , w, h] = a.bbox!;
    // Fields added to the object itself: no spread copy per object.
    o.id = a.id;
    o.area = a.area ?? w * h;
    o.iscrowd = a.iscrowd ? 1 : 0;
    annotations.push(o);
    gtIds.push(a.id);
  }
  const results: Record<string, unknown>[] = [];
  const resultIds: number[] = [];
  for (const a of input.pred) {
    if (!SPATIAL.has(a.kind) || !ids.samples.has(a.sampleId)) continue;
    const o = cocoObject(a, 'predicted', ids, input.iouType);
    if (typeof o === 'string') skips.add(o, a.id);
    else if (a.score === undefined || !Number.isFinite(a.score))
      skips.add('predicted objects without a score', a.id);
    else {
      o.score = a.score;
      results.push(o);
      resultIds.push(a.id);
    }
  }
  // Mask results as pycocotools reads a segm results file: no bbox, area from the mask. Only when
  // every result has a mask; otherwise all keep their box (and box-only ones are their box).
  if (input.iouType === 'segm' && results.length > 0 && results.every((r) => r.segmentation !== undefined)) {
    for (const r of results) delete r.bbox;
  }
  const categories = input.classes.map((c) => ({ id: c.cocoId ?? c.id, name: c.name }));
  return {
    groundTruth: { images, categories, annotations },
    results,
    resultIds,
    gtIds,
    skipped: skips.list(),
  };
}

/** A distinct number for each item, or undefined when some item has none or two share one. */
function distinctNumbers(values: unknown[]): number[] | undefined {
  const out = values.map((v) =>
    typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : Number.NaN,
  );
  if (out.some((v) => !Number.isSafeInteger(v)) || new Set(out).size !== out.length) return undefined;
  return out;
}

/**
 * The ids an evaluation of a project uses: the COCO image and category ids the samples and classes
 * were imported with, when every one has a distinct numeric one (else Assay's own ids).
 */
export function evaluationIds(
  samples: { id: number; originalId?: string | number }[],
  classes: { id: number; originalIds?: Record<string, number | string> }[],
): { samples: Map<number, number>; classes: Map<number, number> } {
  const imageIds = distinctNumbers(samples.map((s) => s.originalId));
  const categoryIds = distinctNumbers(classes.map((c) => c.originalIds?.coco));
  return {
    samples: new Map(samples.map((s, i) => [s.id, imageIds?.[i] ?? s.id])),
    classes: new Map(classes.map((c, i) => [c.id, categoryIds?.[i] ?? c.id])),
  };
}
