/**
 * Decoded mask pixels as COCO RLEs: a mask patch placed on its image (Supervisely bitmaps, LabelMe mask
 * shapes), and a map of ids (panoptic PNGs, colour-coded class and instance PNGs) as one RLE per id.
 */

import type { Rle } from '../model/annotation.js';
import { rleFromBoxBits } from './cvat/cvat-mask.js';
import type { PngMask } from './png-mask.js';

/** Base64 text as bytes (whitespace ignored), or undefined when it is not base64. */
export function base64Bytes(text: string): Uint8Array | undefined {
  try {
    const bin = atob(text.replace(/\s+/g, ''));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return undefined;
  }
}

/**
 * A mask patch whose top-left pixel lies at (ox, oy) of a `width`×`height` image, as an RLE over the
 * image: the part past the image's edge is cropped (`cropped`). The reason when no part of it is on
 * the image.
 */
export function placeMask(
  mask: PngMask,
  ox: number,
  oy: number,
  width: number,
  height: number,
): { rle: Rle; cropped: boolean } | string {
  const left = Math.max(0, ox);
  const top = Math.max(0, oy);
  const w = Math.min(width, ox + mask.width) - left;
  const h = Math.min(height, oy + mask.height) - top;
  if (w <= 0 || h <= 0)
    return `the mask at ${ox},${oy} (${mask.width}×${mask.height}) lies outside the ${width}×${height} image`;
  const bits = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      bits[y * w + x] = mask.bits[(y + top - oy) * mask.width + (x + left - ox)] ?? 0;
  return {
    rle: rleFromBoxBits(bits, { left, top, width: w, height: h }, width, height),
    cropped: w !== mask.width || h !== mask.height,
  };
}

/** One COCO RLE (column-major, uncompressed counts) per id present in `ids` (row-major, `width`×`height`). */
export function rlesById(ids: Uint32Array, width: number, height: number): Map<number, Rle> {
  // Per id: its runs so far (background, set, background, …) and the index just past its last pixel.
  const runs = new Map<number, { counts: number[]; end: number }>();
  let lastId = -1;
  let last: { counts: number[]; end: number } | undefined;
  for (let x = 0; x < width; x++)
    for (let y = 0; y < height; y++) {
      const id = ids[y * width + x] as number;
      const at = x * height + y;
      // Neighbouring pixels of a column are mostly one segment: the last one's runs, without a lookup.
      const r = id === lastId ? last : runs.get(id);
      if (!r) {
        last = { counts: [at, 1], end: at + 1 };
        lastId = id;
        runs.set(id, last);
      } else if (r.end === at) {
        r.counts[r.counts.length - 1] = (r.counts[r.counts.length - 1] as number) + 1;
        r.end++;
      } else {
        r.counts.push(at - r.end, 1);
        r.end = at + 1;
      }
      if (r) {
        last = r;
        lastId = id;
      }
    }
  const out = new Map<number, Rle>();
  for (const [id, r] of runs)
    out.set(id, { size: [height, width], counts: [...r.counts, width * height - r.end] });
  return out;
}

/** A mask scaled to `width`×`height` by nearest neighbour (each pixel takes the source pixel it falls in). */
export function resizeMask(mask: PngMask, width: number, height: number): PngMask {
  if (mask.width === width && mask.height === height) return mask;
  const bits = new Uint8Array(width * height);
  const xs = Uint32Array.from({ length: width }, (_, x) => Math.floor(((x + 0.5) * mask.width) / width));
  for (let y = 0; y < height; y++) {
    const row = Math.floor(((y + 0.5) * mask.height) / height) * mask.width;
    for (let x = 0; x < width; x++) bits[y * width + x] = mask.bits[row + (xs[x] as number)] ?? 0;
  }
  return { width, height, bits };
}
