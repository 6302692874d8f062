import { AssayError } from '../../errors.js';
import { CocoMasks } from './coco-masks.js';
import { allocCocoObjects, indexOfIds, setBox, setKeypoints } from './coco-objects.js';
import { Offenders } from './offenders.js';
import { segmentationProblem } from './segmentation-problem.js';
import type { CocoCategories, CocoEvalDataset, CocoImages, CocoIouType, CocoObjects } from './types.js';

export interface LoadCocoGroundTruthOptions {
  /** What will be evaluated: segm builds masks, keypoints reads keypoints (default bbox). */
  iouType?: CocoIouType;
  /** The file name, for messages (default "ground truth"). */
  file?: string;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function fail(file: string, message: string, hint: string, details?: Record<string, unknown>): never {
  throw new AssayError('INVALID_INPUT', `${file}: ${message}`, { hint, ...(details ? { details } : {}) });
}

function rootLists(
  json: unknown,
  file: string,
): { images: unknown[]; categories: unknown[]; annotations: unknown[] } {
  if (Array.isArray(json)) {
    fail(
      file,
      'is a list, not a COCO dataset (an object with images, annotations, categories).',
      'This looks like a results file: pass it as --dt and the dataset as --gt.',
    );
  }
  if (!isObject(json))
    fail(file, 'is not a COCO dataset (a JSON object).', 'Pass a COCO instances/keypoints JSON as --gt.');
  const lists: Record<string, unknown[]> = {};
  for (const key of ['images', 'annotations', 'categories']) {
    const value = json[key];
    if (!Array.isArray(value)) {
      fail(
        file,
        `has no "${key}" list.`,
        key === 'annotations'
          ? 'Ground truth needs its annotations; an image-info file (test set) cannot be evaluated.'
          : 'A COCO dataset has "images", "annotations" and "categories" lists.',
      );
    }
    lists[key] = value;
  }
  return lists as { images: unknown[]; categories: unknown[]; annotations: unknown[] };
}

function sortedOrder(ids: number[]): Int32Array {
  const order = Int32Array.from(ids.keys());
  return order.sort((a, b) => ids[a]! - ids[b]! || a - b);
}

/** Images sorted by id; a duplicated id keeps its last entry (pycocotools' `imgs` dict). */
function readImages(list: unknown[], file: string, warnings: string[]): CocoImages {
  const byId = new Map<number, Json>();
  const bad = new Offenders();
  const duplicate = new Offenders();
  list.forEach((image, i) => {
    if (!isObject(image) || typeof image.id !== 'number') bad.add(i);
    else {
      if (byId.has(image.id)) duplicate.add(image.id);
      byId.set(image.id, image);
    }
  });
  if (bad.count > 0)
    fail(
      file,
      `${bad.describe()} images have no numeric "id" (indices listed).`,
      'Every image needs a numeric id.',
    );
  if (duplicate.count > 0)
    warnings.push(
      `${file}: ${duplicate.describe()} image ids appear more than once; the last entry is used.`,
    );
  const ids = [...byId.keys()];
  const order = sortedOrder(ids);
  const n = ids.length;
  const images: CocoImages = {
    count: n,
    ids: new Float64Array(n),
    heights: new Float64Array(n),
    widths: new Float64Array(n),
    fileNames: [],
  };
  order.forEach((from, to) => {
    const image = byId.get(ids[from]!)!;
    images.ids[to] = ids[from]!;
    images.heights[to] = typeof image.height === 'number' ? image.height : Number.NaN;
    images.widths[to] = typeof image.width === 'number' ? image.width : Number.NaN;
    images.fileNames.push(typeof image.file_name === 'string' ? image.file_name : '');
  });
  return images;
}

function readCategories(list: unknown[], file: string): CocoCategories {
  const byId = new Map<number, string>();
  const bad = new Offenders();
  list.forEach((category, i) => {
    if (!isObject(category) || typeof category.id !== 'number') bad.add(i);
    else byId.set(category.id, typeof category.name === 'string' ? category.name : String(category.id));
  });
  if (bad.count > 0)
    fail(
      file,
      `${bad.describe()} categories have no numeric "id" (indices listed).`,
      'Every category needs a numeric id.',
    );
  const ids = [...byId.keys()];
  const order = sortedOrder(ids);
  return {
    count: ids.length,
    ids: Float64Array.from(order, (i) => ids[i]!),
    names: Array.from(order, (i) => byId.get(ids[i]!)!),
  };
}

/** Problems met while reading annotations, reported together. */
class GtProblems {
  readonly record = new Offenders();
  readonly box = new Offenders();
  readonly keypoints = new Offenders();
  readonly segm = new Offenders();
  readonly unknownImage = new Offenders();
  readonly unknownCategory = new Offenders();
  readonly noArea = new Offenders();
  readonly noNumKeypoints = new Offenders();
  readonly duplicateId = new Offenders();
  segmReason = '';
}

function throwGtProblems(p: GtProblems, file: string, iouType: CocoIouType): void {
  if (p.record.count > 0)
    fail(
      file,
      `${p.record.describe()} annotations lack a numeric "id", "image_id" or "category_id" (indices listed).`,
      'Every annotation needs numeric id, image_id and category_id.',
    );
  if (p.box.count > 0)
    fail(
      file,
      `${p.box.describe()} annotations have no valid "bbox" (ids listed).`,
      'A bbox is [x, y, width, height]: 4 finite numbers.',
    );
  if (p.keypoints.count > 0)
    fail(
      file,
      `${p.keypoints.describe()} annotations have no valid "keypoints" (ids listed).`,
      'Keypoints are [x1, y1, v1, ...]: 3 finite numbers per keypoint, 17 for COCO people.',
    );
  if (p.segm.count > 0)
    fail(
      file,
      `${p.segm.describe()} annotations have an unreadable "segmentation" (ids listed): ${p.segmReason}.`,
      `Evaluating ${iouType} needs polygons or RLE masks on every ground truth.`,
    );
}

function gtWarnings(p: GtProblems, file: string, warnings: string[]): void {
  const say = (o: Offenders, text: string) =>
    o.count > 0 && warnings.push(`${file}: ${o.describe()} ${text}`);
  say(
    p.unknownImage,
    'annotations refer to image ids not in "images"; they are not evaluated (as in pycocotools).',
  );
  say(
    p.unknownCategory,
    'annotations have category ids not in "categories"; they are not evaluated (as in pycocotools).',
  );
  say(p.noArea, 'annotations have no "area"; their box (or mask) area is used for the area ranges.');
  say(p.noNumKeypoints, 'annotations have no "num_keypoints"; the number of visible keypoints is used.');
  say(
    p.duplicateId,
    'annotation ids appear more than once; pycocotools would evaluate the last annotation with an id in place of every one of them.',
  );
}

export function loadCocoGroundTruth(
  json: unknown,
  options: LoadCocoGroundTruthOptions = {},
): CocoEvalDataset {
  const file = options.file ?? 'ground truth';
  const iouType = options.iouType ?? 'bbox';
  const lists = rootLists(json, file);
  const warnings: string[] = [];
  const images = readImages(lists.images, file, warnings);
  const categories = readCategories(lists.categories, file);
  const gt = readAnnotations(lists.annotations, images, categories, iouType, file, warnings);
  return { images, categories, gt, warnings };
}

function readAnnotations(
  list: unknown[],
  images: CocoImages,
  categories: CocoCategories,
  iouType: CocoIouType,
  file: string,
  warnings: string[],
): CocoObjects {
  const imageIndex = indexOfIds(images.ids);
  const categoryIndex = indexOfIds(categories.ids);
  const kpts = iouType === 'keypoints' ? 17 : 0;
  const gt = allocCocoObjects(list.length, kpts);
  const masks = iouType === 'segm' ? new CocoMasks(list.length) : undefined;
  const p = new GtProblems();
  const seen = new Set<number>();
  for (let i = 0; i < list.length; i++) {
    const ann = list[i];
    if (
      !isObject(ann) ||
      typeof ann.id !== 'number' ||
      typeof ann.image_id !== 'number' ||
      typeof ann.category_id !== 'number'
    ) {
      p.record.add(i);
      continue;
    }
    const id = ann.id;
    if (seen.has(id)) p.duplicateId.add(id);
    seen.add(id);
    gt.ids[i] = id;
    gt.categoryIds[i] = ann.category_id;
    const img = imageIndex.get(ann.image_id) ?? -1;
    gt.imageIndex[i] = img;
    gt.categoryIndex[i] = categoryIndex.get(ann.category_id) ?? -1;
    if (img < 0) p.unknownImage.add(id);
    else if (gt.categoryIndex[i]! < 0) p.unknownCategory.add(ann.category_id);
    gt.iscrowd[i] = ann.iscrowd ? 1 : 0;
    if (!setBox(gt, i, ann.bbox) && iouType !== 'segm') p.box.add(id);
    if (kpts > 0) readGtKeypoints(gt, i, ann, p);
    if (masks && img >= 0) {
      const reason = addGtMask(masks, gt, i, ann.segmentation, images.heights[img]!, images.widths[img]!);
      if (reason) {
        p.segm.add(id);
        p.segmReason ||= reason;
      }
    }
    gt.areas[i] = typeof ann.area === 'number' ? ann.area : Number.NaN;
  }
  throwGtProblems(p, file, iouType);
  if (masks) gt.masks = masks;
  fillMissingAreas(gt, p);
  gtWarnings(p, file, warnings);
  return gt;
}

function readGtKeypoints(gt: CocoObjects, i: number, ann: Json, p: GtProblems): void {
  if (!setKeypoints(gt, i, ann.keypoints)) {
    p.keypoints.add(gt.ids[i]!);
    return;
  }
  if (typeof ann.num_keypoints === 'number') {
    gt.numKeypoints[i] = ann.num_keypoints;
    return;
  }
  p.noNumKeypoints.add(gt.ids[i]!);
  let visible = 0;
  for (let k = 0; k < gt.keypointsPerObject; k++)
    if (gt.keypoints![(i * gt.keypointsPerObject + k) * 3 + 2]! > 0) visible++;
  gt.numKeypoints[i] = visible;
}

/** Records the mask of ground truth i; without segmentation (a box-only annotation) it is its box. */
function addGtMask(
  masks: CocoMasks,
  gt: CocoObjects,
  i: number,
  segm: unknown,
  h: number,
  w: number,
): string | undefined {
  const missing = segm === undefined || segm === null || (Array.isArray(segm) && segm.length === 0);
  let source = segm;
  if (missing) {
    if (!(h > 0 && w > 0)) return 'neither a segmentation nor an image size to draw its box';
    if (!Number.isFinite(gt.boxes[4 * i]!)) return 'neither a segmentation nor a bbox';
    source = [Array.from(gt.boxes.subarray(4 * i, 4 * i + 4))];
  }
  const reason = segmentationProblem(source, h, w);
  if (reason) return reason;
  if (Array.isArray(source)) masks.set(i, source, h, w);
  else {
    const size = (source as { size: [number, number] }).size;
    masks.set(i, source, size[0], size[1]);
  }
  return undefined;
}

function fillMissingAreas(gt: CocoObjects, p: GtProblems): void {
  for (let i = 0; i < gt.count; i++) {
    if (!Number.isNaN(gt.areas[i]!)) continue;
    if (gt.imageIndex[i]! >= 0) p.noArea.add(gt.ids[i]!);
    if (gt.masks) {
      gt.areas[i] = gt.masks.area(i);
    } else {
      gt.areas[i] = gt.boxes[4 * i + 2]! * gt.boxes[4 * i + 3]!;
    }
  }
}
