import {
  type PolygonScratch,
  rleFromBox,
  rleFromPolygon,
  rleFromPolygonInto,
} from '../../geometry/rle-from-polygon.js';
import { rleMerge } from '../../geometry/rle-merge.js';
import type { RlePoolBuilder } from './rle-pool-builder.js';

function isNumberArray(value: unknown): value is number[] {
  if (!Array.isArray(value)) return false;
  for (const v of value) if (typeof v !== 'number' || !Number.isFinite(v)) return false;
  return true;
}

/** Polygons (or, as pycocotools' `frPyObjects` reads a first part of 4 numbers, boxes) → one mask. */
function polygonsMask(parts: unknown[], h: number, w: number, scratch: PolygonScratch): Uint32Array | string {
  const first = parts[0];
  if (!isNumberArray(first)) return 'a polygon is not a list of numbers';
  const asBoxes = first.length === 4;
  if (!asBoxes && first.length < 4) return 'a polygon has fewer than 3 points';
  const masks: Uint32Array[] = [];
  for (const part of parts) {
    if (!isNumberArray(part)) return 'a polygon is not a list of numbers';
    if (asBoxes && part.length !== 4) return 'polygons mix boxes (4 numbers) and polygons';
    masks.push(asBoxes ? rleFromBox(part, h, w, scratch) : rleFromPolygon(part, h, w, scratch));
  }
  return rleMerge(masks);
}

/**
 * Adds a COCO `segmentation` (polygon list, uncompressed RLE or compressed RLE) to the pool as
 * pycocotools' `annToRLE` converts it: polygons on the image's h × w, RLEs with their own size.
 * Returns the reason when it cannot (nothing is added then).
 */
export function addSegmentation(
  pool: RlePoolBuilder,
  segm: unknown,
  h: number,
  w: number,
): string | undefined {
  if (Array.isArray(segm)) {
    if (segm.length === 0) return 'the polygon list is empty';
    if (!(h > 0 && w > 0)) return 'its image has no height/width';
    const first = segm[0];
    if (segm.length === 1 && isNumberArray(first) && first.length > 4) {
      const m = rleFromPolygonInto(first, h, w, pool.scratch);
      pool.addRuns(pool.scratch.runs.subarray(0, m), h, w);
      return undefined;
    }
    const mask = polygonsMask(segm, h, w, pool.scratch);
    if (typeof mask === 'string') return mask;
    pool.addRuns(mask, h, w);
    return undefined;
  }
  if (segm === null || typeof segm !== 'object') return 'segmentation is neither polygons nor RLE';
  const { counts, size } = segm as { counts?: unknown; size?: unknown };
  if (!isNumberArray(size) || size.length !== 2) return 'RLE size is not [height, width]';
  const [rh, rw] = size as [number, number];
  if (typeof counts === 'string') {
    return pool.addString(counts, rh, rw) ? undefined : 'RLE counts string is malformed';
  }
  if (isNumberArray(counts)) {
    for (const c of counts) if (c < 0 || !Number.isInteger(c)) return 'RLE counts are not whole numbers ≥ 0';
    pool.addRuns(counts, rh, rw);
    return undefined;
  }
  return 'RLE counts are neither a string nor a list of numbers';
}
