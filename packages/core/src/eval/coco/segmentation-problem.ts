import { type CountsStrings, countsRangeOk } from './counts-strings.js';

function isNumberArray(value: unknown): value is number[] {
  if (!Array.isArray(value)) return false;
  // Indexed: `for...of` makes an iterator result (and boxes its number) per element.
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) return false;
  }
  return true;
}

function polygonsProblem(parts: unknown[]): string | undefined {
  const first = parts[0];
  if (!isNumberArray(first)) return 'a polygon is not a list of numbers';
  if (parts.length === 1 && first.length > 4) return undefined;
  // A first part of 4 numbers makes every part a box, as pycocotools' `frPyObjects` reads them.
  const asBoxes = first.length === 4;
  if (!asBoxes && first.length < 4) return 'a polygon has fewer than 3 points';
  for (const part of parts) {
    if (!isNumberArray(part)) return 'a polygon is not a list of numbers';
    if (asBoxes && part.length !== 4) return 'polygons mix boxes (4 numbers) and polygons';
  }
  return undefined;
}

/**
 * Why a COCO `segmentation` (polygon list, uncompressed or compressed RLE) cannot become a mask as
 * pycocotools' `annToRLE` makes one (polygons on the image's h × w, RLEs with their own size), or
 * undefined when it can. Only checks: the mask itself is made when needed (CocoMasks). With
 * `strings`, a number in `counts` is one of those strings.
 */
export function segmentationProblem(
  segm: unknown,
  h: number,
  w: number,
  strings?: CountsStrings,
): string | undefined {
  if (Array.isArray(segm)) {
    if (segm.length === 0) return 'the polygon list is empty';
    if (!(h > 0 && w > 0)) return 'its image has no height/width';
    return polygonsProblem(segm);
  }
  if (segm === null || typeof segm !== 'object') return 'segmentation is neither polygons nor RLE';
  const { counts, size } = segm as { counts?: unknown; size?: unknown };
  if (!isNumberArray(size) || size.length !== 2) return 'RLE size is not [height, width]';
  if (typeof counts === 'string')
    return countsRangeOk(counts, 0, counts.length) ? undefined : 'RLE counts string is malformed';
  // A string left in the file's text (checked there): see extractCountsStrings.
  if (
    typeof counts === 'number' &&
    strings &&
    Number.isInteger(counts) &&
    counts >= 0 &&
    counts < strings.count
  )
    return undefined;
  if (isNumberArray(counts)) {
    for (let i = 0; i < counts.length; i++)
      if (counts[i]! < 0 || !Number.isInteger(counts[i])) return 'RLE counts are not whole numbers ≥ 0';
    return undefined;
  }
  return 'RLE counts are neither a string nor a list of numbers';
}
