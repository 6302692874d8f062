import type { CocoMasks } from './coco-masks.js';
import type { CocoObjects } from './types.js';

/**
 * The arrays of n objects, set by a constructor rather than an object literal: V8 forgets the types of
 * a literal's fields when it runs a second time (the detections after the ground truth), which
 * de-optimised the code compiled while the ground truth was read.
 */
class Objects implements CocoObjects {
  count: number;
  ids: Float64Array;
  imageIndex: Int32Array;
  categoryIndex: Int32Array;
  categoryIds: Float64Array;
  boxes: Float64Array;
  areas: Float64Array;
  iscrowd: Uint8Array;
  scores: Float64Array;
  numKeypoints: Int32Array;
  keypointsPerObject: number;
  // Set later when there are any (not own properties until then, as before).
  declare keypoints?: Float64Array;
  declare masks?: CocoMasks;

  constructor(n: number, keypointsPerObject: number) {
    this.count = n;
    this.ids = new Float64Array(n);
    this.imageIndex = new Int32Array(n).fill(-1);
    this.categoryIndex = new Int32Array(n).fill(-1);
    this.categoryIds = new Float64Array(n);
    this.boxes = new Float64Array(4 * n).fill(Number.NaN);
    this.areas = new Float64Array(n);
    this.iscrowd = new Uint8Array(n);
    this.scores = new Float64Array(n);
    this.numKeypoints = new Int32Array(n).fill(-1);
    this.keypointsPerObject = keypointsPerObject;
  }
}

/** Allocates the arrays of n objects (boxes NaN until set, categories unknown, no keypoints). */
export function allocCocoObjects(n: number, keypointsPerObject = 0): CocoObjects {
  const objects: CocoObjects = new Objects(n, keypointsPerObject);
  if (keypointsPerObject > 0)
    objects.keypoints = new Float64Array(3 * keypointsPerObject * n).fill(Number.NaN);
  return objects;
}

/** Writes `box` (4 finite numbers) at object i; returns false when it is not such a box. */
export function setBox(objects: CocoObjects, i: number, box: unknown): boolean {
  if (!Array.isArray(box) || box.length !== 4) return false;
  for (let j = 0; j < 4; j++) {
    const v = box[j];
    if (typeof v !== 'number' || !Number.isFinite(v)) return false;
    objects.boxes[4 * i + j] = v;
  }
  return true;
}

/** Writes keypoint triplets at object i; returns false unless `values` has 3 × keypointsPerObject numbers. */
export function setKeypoints(objects: CocoObjects, i: number, values: unknown): boolean {
  const k = objects.keypointsPerObject;
  if (!objects.keypoints || !Array.isArray(values) || values.length !== 3 * k) return false;
  for (let j = 0; j < 3 * k; j++) {
    const v = values[j];
    if (typeof v !== 'number' || !Number.isFinite(v)) return false;
    objects.keypoints[3 * k * i + j] = v;
  }
  return true;
}

/** Index of each id in a sorted id list (for integer-keyed lookups). */
export function indexOfIds(sortedIds: Float64Array): Map<number, number> {
  const map = new Map<number, number>();
  for (let i = 0; i < sortedIds.length; i++) map.set(sortedIds[i]!, i);
  return map;
}

/**
 * indexOfIds' lookups through a table when the ids are small non-negative integers (COCO's image and
 * category ids usually are: no hashing per lookup), else through its Map; `get` gives the Map's answer.
 */
export class IdIndex {
  private readonly table: Int32Array | undefined;
  private readonly map: Map<number, number> | undefined;

  constructor(sortedIds: Float64Array) {
    const n = sortedIds.length;
    const last = n === 0 ? 0 : sortedIds[n - 1]!;
    const small = n > 0 && sortedIds[0]! >= 0 && last <= 4 * n + 4096 && sortedIds.every(Number.isInteger);
    if (small) {
      this.table = new Int32Array(last + 1).fill(-1);
      for (let i = 0; i < n; i++) this.table[sortedIds[i]!] = i;
    } else this.map = indexOfIds(sortedIds);
  }

  /** The index of `id` (as Map.get: -0 finds 0), or undefined. */
  get(id: number): number | undefined {
    const table = this.table;
    if (table === undefined) return this.map!.get(id);
    // An id outside the table, or not an integer, is none of the ids.
    const i = id >= 0 && id < table.length ? table[id] : undefined;
    return i === undefined || i < 0 ? undefined : i;
  }
}
