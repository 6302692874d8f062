import { AssayError } from '../../errors.js';
import { CocoMasks } from './coco-masks.js';
import { allocCocoObjects, indexOfIds, setBox, setKeypoints } from './coco-objects.js';
import type { CountsStrings } from './counts-strings.js';
import { Offenders } from './offenders.js';
import { segmentationProblem } from './segmentation-problem.js';
import type { CocoDetections, CocoEvalDataset, CocoIouType, CocoObjects } from './types.js';

export interface LoadCocoDetectionsOptions {
  /** What will be evaluated (default bbox): segm keeps masks, keypoints reads keypoints. */
  iouType?: CocoIouType;
  /** The file name, for messages (default "results"). */
  file?: string;
  /** Counts strings left in the file's text: a number in `counts` is one (see extractCountsStrings). */
  countsStrings?: CountsStrings;
}

type Json = Record<string, unknown>;
/** How pycocotools' `loadRes` reads the list, decided by its first entry. */
type ResultKind = 'bbox' | 'segm' | 'keypoints';

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function fail(file: string, message: string, hint: string): never {
  throw new AssayError('INVALID_INPUT', `${file}: ${message}`, { hint });
}

function resultKind(first: unknown, file: string): ResultKind {
  if (!isObject(first))
    fail(
      file,
      'the first result is not an object.',
      'Results are a list of {image_id, category_id, bbox|segmentation|keypoints, score}.',
    );
  if ('caption' in first)
    throw new AssayError('UNSUPPORTED', `${file}: caption results cannot be evaluated here.`, {
      hint: 'Evaluate bbox, segm or keypoints results.',
    });
  if ('bbox' in first && !(Array.isArray(first.bbox) && first.bbox.length === 0)) return 'bbox';
  if ('segmentation' in first) return 'segm';
  if ('keypoints' in first) return 'keypoints';
  return fail(
    file,
    'the first result has no "bbox", "segmentation" or "keypoints".',
    'Results are a list of {image_id, category_id, bbox|segmentation|keypoints, score}.',
  );
}

class DtProblems {
  readonly record = new Offenders();
  readonly unknownImage = new Offenders();
  readonly unknownCategory = new Offenders();
  readonly score = new Offenders();
  readonly box = new Offenders();
  readonly negativeBox = new Offenders();
  readonly segm = new Offenders();
  readonly keypoints = new Offenders();
  readonly maskSize = new Offenders();
  segmReason = '';
}

const SHAPE_HINT =
  'Each result is {"image_id", "category_id", "bbox": [x, y, width, height], "score"} (plus "segmentation" or "keypoints").';

function throwDtProblems(p: DtProblems, file: string): void {
  if (p.record.count > 0)
    fail(
      file,
      `${p.record.describe()} results are not objects with numeric "image_id" and "category_id" (indices listed).`,
      SHAPE_HINT,
    );
  if (p.unknownImage.count > 0)
    fail(
      file,
      `${p.unknownImage.describe()} image ids of results are not in the ground truth (pycocotools refuses these too).`,
      'Evaluate against the ground truth the detections were made on; image ids must match its "images".',
    );
  if (p.score.count > 0)
    fail(
      file,
      `${p.score.describe()} results have a missing or non-finite "score" (indices listed).`,
      'Every detection needs a finite numeric score; NaN scores cannot be ranked.',
    );
  if (p.box.count > 0)
    fail(
      file,
      `${p.box.describe()} results have no valid "bbox" (indices listed).`,
      'A bbox is [x, y, width, height]: 4 finite numbers.',
    );
  if (p.negativeBox.count > 0)
    fail(
      file,
      `${p.negativeBox.describe()} results have a bbox with negative width or height (indices listed).`,
      'A bbox is [x, y, width, height]; boxes written as [x1, y1, x2, y2] must be converted first.',
    );
  if (p.segm.count > 0)
    fail(
      file,
      `${p.segm.describe()} results have no usable "segmentation" (indices listed): ${p.segmReason}.`,
      'Segmentation results are RLE masks {"size": [h, w], "counts": "..."} (or polygons).',
    );
  if (p.keypoints.count > 0)
    fail(
      file,
      `${p.keypoints.describe()} results have no valid "keypoints" (indices listed).`,
      'Keypoints are [x1, y1, s1, ...]: 3 finite numbers per keypoint, 17 for COCO people.',
    );
}

/**
 * Loads a COCO results list against a loaded ground truth, with pycocotools' `loadRes` semantics:
 * ids 1..n; with a bbox in the first result, area = w*h (and a missing mask is the box's polygon);
 * else for masks area = mask area and bbox = its tight box; for keypoints, area and bbox from the
 * keypoints' extent. Refuses unknown image ids, bad scores and boxes, naming the first offenders.
 */
export function loadCocoDetections(
  json: unknown,
  dataset: CocoEvalDataset,
  options: LoadCocoDetectionsOptions = {},
): CocoDetections {
  const file = options.file ?? 'results';
  const iouType = options.iouType ?? 'bbox';
  if (!Array.isArray(json)) {
    const hint =
      isObject(json) && Array.isArray(json.annotations)
        ? 'This looks like a COCO dataset: pass the ground truth as --gt and a results list as --dt (or write its "annotations" list, with scores, to a file).'
        : SHAPE_HINT;
    fail(file, 'is not a list of results.', hint);
  }
  const warnings: string[] = [];
  if (json.length === 0) {
    warnings.push(
      `${file}: the results list is empty: nothing is detected, every AP and AR is 0 (pycocotools cannot load an empty list).`,
    );
    return { dt: allocCocoObjects(0, iouType === 'keypoints' ? 17 : 0), warnings };
  }
  const kind = resultKind(json[0], file);
  const p = new DtProblems();
  const dt = readResults(json, dataset, kind, iouType, p, options.countsStrings);
  throwDtProblems(p, file);
  if (p.unknownCategory.count > 0)
    warnings.push(
      `${file}: ${p.unknownCategory.describe()} category ids of results are not in the ground truth; those results are not evaluated (as in pycocotools).`,
    );
  if (p.maskSize.count > 0)
    warnings.push(
      `${file}: ${p.maskSize.describe()} results (indices listed) have a mask whose size differs from their image; pycocotools gives them IoU -1, so they never match.`,
    );
  return { dt, warnings };
}

function readResults(
  list: unknown[],
  dataset: CocoEvalDataset,
  kind: ResultKind,
  iouType: CocoIouType,
  p: DtProblems,
  strings: CountsStrings | undefined,
): CocoObjects {
  const imageIndex = indexOfIds(dataset.images.ids);
  const categoryIndex = indexOfIds(dataset.categories.ids);
  const dt = allocCocoObjects(list.length, iouType === 'keypoints' ? 17 : 0);
  const masks = kind === 'segm' || iouType === 'segm' ? new CocoMasks(list.length, strings) : undefined;
  const ctx: ReadContext = { dt, kind, iouType, dataset, masks, p, strings };
  for (let i = 0; i < list.length; i++) {
    const r = list[i];
    if (!isObject(r) || typeof r.image_id !== 'number' || typeof r.category_id !== 'number') {
      p.record.add(i);
      continue;
    }
    dt.ids[i] = i + 1;
    const img = imageIndex.get(r.image_id) ?? -1;
    dt.imageIndex[i] = img;
    if (img < 0) p.unknownImage.add(r.image_id);
    dt.categoryIds[i] = r.category_id;
    dt.categoryIndex[i] = categoryIndex.get(r.category_id) ?? -1;
    if (dt.categoryIndex[i]! < 0) p.unknownCategory.add(r.category_id);
    if (typeof r.score === 'number' && Number.isFinite(r.score)) dt.scores[i] = r.score;
    else p.score.add(i);
    readResultShape(r, i, img, ctx);
  }
  if (masks) {
    if (kind === 'segm') finishMaskResults(dt, masks, p);
    if (iouType === 'segm') dt.masks = masks;
  }
  return dt;
}

interface ReadContext {
  dt: CocoObjects;
  kind: ResultKind;
  iouType: CocoIouType;
  dataset: CocoEvalDataset;
  masks: CocoMasks | undefined;
  p: DtProblems;
  strings: CountsStrings | undefined;
}

function readResultShape(r: Json, i: number, img: number, ctx: ReadContext): void {
  const { dt, kind, iouType, dataset, masks, p, strings } = ctx;
  const h = img >= 0 ? dataset.images.heights[img]! : Number.NaN;
  const w = img >= 0 ? dataset.images.widths[img]! : Number.NaN;
  if (iouType === 'keypoints' && !setKeypoints(dt, i, r.keypoints)) p.keypoints.add(i);
  if (kind === 'bbox') {
    if (!setBox(dt, i, r.bbox)) p.box.add(i);
    const x = dt.boxes[4 * i]!;
    const y = dt.boxes[4 * i + 1]!;
    const bw = dt.boxes[4 * i + 2]!;
    const bh = dt.boxes[4 * i + 3]!;
    if (bw < 0 || bh < 0) p.negativeBox.add(i);
    dt.areas[i] = bw * bh;
    if (masks) {
      const segm = r.segmentation ?? [[x, y, x, y + bh, x + bw, y + bh, x + bw, y]];
      addMask(masks, i, segm, h, w, p, strings);
    }
  } else if (kind === 'segm') {
    if ('bbox' in r && !setBox(dt, i, r.bbox)) p.box.add(i);
    addMask(masks!, i, r.segmentation, h, w, p, strings);
  } else {
    keypointExtent(r.keypoints, dt, i, p);
  }
}

function addMask(
  masks: CocoMasks,
  i: number,
  segm: unknown,
  h: number,
  w: number,
  p: DtProblems,
  strings: CountsStrings | undefined,
): void {
  const reason = segmentationProblem(segm, h, w, strings);
  if (reason !== undefined) {
    p.segm.add(i);
    p.segmReason ||= reason;
    return;
  }
  let mh = h;
  let mw = w;
  if (!Array.isArray(segm)) [mh, mw] = (segm as { size: [number, number] }).size;
  masks.set(i, segm, mh, mw);
  if (h >= 0 && w >= 0 && (mh !== h || mw !== w)) p.maskSize.add(i);
}

/** Mask results: area = mask area; bbox = the mask's tight box unless given. */
function finishMaskResults(dt: CocoObjects, masks: CocoMasks, p: DtProblems): void {
  for (let i = 0; i < dt.count; i++) {
    dt.areas[i] = masks.area(i);
    if (Number.isNaN(dt.boxes[4 * i]!) && !p.record.count) {
      const at = masks.box(i);
      dt.boxes.set(masks.boxes.subarray(at, at + 4), 4 * i);
    }
  }
}

/** Keypoint results without a bbox: box and area from the extent of all keypoints (as `loadRes`). */
function keypointExtent(values: unknown, dt: CocoObjects, i: number, p: DtProblems): void {
  if (!Array.isArray(values) || values.length < 3 || values.length % 3 !== 0) {
    p.keypoints.add(i);
    return;
  }
  let x0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (let j = 0; j + 1 < values.length; j += 3) {
    const x = values[j];
    const y = values[j + 1];
    if (typeof x !== 'number' || typeof y !== 'number') {
      p.keypoints.add(i);
      return;
    }
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  dt.areas[i] = (x1 - x0) * (y1 - y0);
  dt.boxes.set([x0, y0, x1 - x0, y1 - y0], 4 * i);
}
