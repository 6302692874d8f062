import type { CocoObjects } from './types.js';

/** Allocates the arrays of n objects (boxes NaN until set, categories unknown, no keypoints). */
export function allocCocoObjects(n: number, keypointsPerObject = 0): CocoObjects {
  const objects: CocoObjects = {
    count: n,
    ids: new Float64Array(n),
    imageIndex: new Int32Array(n).fill(-1),
    categoryIndex: new Int32Array(n).fill(-1),
    categoryIds: new Float64Array(n),
    boxes: new Float64Array(4 * n).fill(Number.NaN),
    areas: new Float64Array(n),
    iscrowd: new Uint8Array(n),
    scores: new Float64Array(n),
    numKeypoints: new Int32Array(n).fill(-1),
    keypointsPerObject,
  };
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
