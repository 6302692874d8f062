import { rleArea, rleToBbox } from '../../geometry/rle.js';
import type { Rle } from '../../model/annotation.js';
import { cvatMaskFromRle } from '../cvat/cvat-mask.js';
import { base64Bytes, placeMask } from '../mask-bits.js';
import { bytesBase64, encodeMaskPng } from '../png-encode.js';
import { decodePngMask } from '../png-mask.js';
import { previewJson } from '../preview-json.js';

/** A LabelMe mask shape read from its PNG: the mask over the image, its tight box and area. */
export interface LabelMeMask {
  mask: Rle;
  bbox: [number, number, number, number];
  area: number;
  cropped: boolean;
}

/**
 * The `mask` of a LabelMe mask shape (labelme ≥ 5.3: a base64 PNG of the box between its two points,
 * set where the PNG's pixel is not 0) placed on the `width`×`height` image as labelme places it: its
 * top-left pixel at the first point rounded; with whole-pixel points the patch is the points' box, one
 * pixel more each way (labelme's own crop), else the PNG's own size. The reason when it cannot be read.
 */
export async function readLabelMeMask(
  shape: Record<string, unknown>,
  points: number[],
  width: number | undefined,
  height: number | undefined,
): Promise<LabelMeMask | string> {
  const text = shape.mask;
  if (typeof text !== 'string') return `"mask" is not a base64 PNG: ${previewJson(text)}`;
  if (width === undefined || height === undefined)
    return 'a mask shape needs the image size (imageWidth, imageHeight), which this file lacks';
  const bytes = base64Bytes(text);
  if (!bytes) return '"mask" is not base64';
  const decoded = await decodePngMask(bytes);
  if (typeof decoded === 'string') return `"mask": ${decoded}`;
  const [x1, y1, x2, y2] = points as [number, number, number, number];
  const ox = Math.round(x1);
  const oy = Math.round(y1);
  let mask = decoded;
  if (points.every(Number.isInteger)) {
    // labelme crops the PNG to the points' box (x2 − x1 + 1 by y2 − y1 + 1).
    const w = Math.min(decoded.width, Math.max(0, x2 - x1 + 1));
    const h = Math.min(decoded.height, Math.max(0, y2 - y1 + 1));
    if (w !== decoded.width || h !== decoded.height) {
      const bits = new Uint8Array(w * h);
      for (let y = 0; y < h; y++)
        bits.set(decoded.bits.subarray(y * decoded.width, y * decoded.width + w), y * w);
      mask = { width: w, height: h, bits };
    }
  }
  const placed = placeMask(mask, ox, oy, width, height);
  if (typeof placed === 'string') return placed;
  const area = rleArea(placed.rle);
  if (area === 0) return 'the mask sets no pixel';
  return { mask: placed.rle, bbox: rleToBbox(placed.rle), area, cropped: placed.cropped };
}

/**
 * A mask as labelme (≥ 5.3) writes a mask shape: its two points the corners of the mask's tight box in
 * whole pixels ([left, top], [right, bottom], both inside), `mask` a base64 8-bit greyscale PNG of that
 * box, 1 where the pixel is set. Undefined for a mask without a pixel.
 */
export async function writeLabelMeMask(
  mask: Rle,
): Promise<{ points: [[number, number], [number, number]]; mask: string } | undefined> {
  const box = cvatMaskFromRle(mask);
  if (!box) return undefined;
  const bits = new Uint8Array(box.width * box.height);
  let at = 0;
  for (const [i, run] of box.rle.entries()) {
    if (i % 2 === 1) bits.fill(1, at, at + run);
    at += run;
  }
  const png = await encodeMaskPng({ width: box.width, height: box.height, bits });
  return {
    points: [
      [box.left, box.top],
      [box.left + box.width - 1, box.top + box.height - 1],
    ],
    mask: bytesBase64(png),
  };
}
