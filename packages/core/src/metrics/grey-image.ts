import type { PixelImage } from './sample-metrics.js';

/** A single-channel image of any numeric type, row-major. */
export interface GreyImage<T extends Uint8Array | Float64Array = Uint8Array | Float64Array> {
  data: T;
  width: number;
  height: number;
}

/** Grey levels 0..255 by Rec. 601 luma (0.299 R + 0.587 G + 0.114 B, rounded), as libvips and PIL "L". */
export function greyFromPixels(image: PixelImage): GreyImage<Uint8Array> {
  const { data, width, height, channels } = image;
  if (channels === 1) return { data, width, height };
  const out = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < out.length; i++, p += 3) {
    out[i] = (data[p]! * 19595 + data[p + 1]! * 38470 + data[p + 2]! * 7471 + 32768) >>> 16;
  }
  return { data: out, width, height };
}

/**
 * Area-average resample (each output pixel the mean of the input area it covers, fractional edges
 * weighted): the box filter that keeps hashes stable when the source was resized.
 */
export function resizeArea(src: GreyImage, width: number, height: number): GreyImage<Float64Array> {
  const rows = areaWeights(src.height, height);
  const cols = areaWeights(src.width, width);
  const tmp = new Float64Array(src.height * width);
  for (let y = 0; y < src.height; y++) {
    const row = y * src.width;
    for (let x = 0; x < width; x++) {
      const { first, weights } = cols[x]!;
      let sum = 0;
      for (let k = 0; k < weights.length; k++) sum += src.data[row + first + k]! * weights[k]!;
      tmp[y * width + x] = sum;
    }
  }
  const out = new Float64Array(width * height);
  for (let y = 0; y < height; y++) {
    const { first, weights } = rows[y]!;
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let k = 0; k < weights.length; k++) sum += tmp[(first + k) * width + x]! * weights[k]!;
      out[y * width + x] = sum;
    }
  }
  return { data: out, width, height };
}

/** For each output cell, the first input index it covers and the normalised weights. */
function areaWeights(from: number, to: number): { first: number; weights: Float64Array }[] {
  const scale = from / to;
  const cells: { first: number; weights: Float64Array }[] = [];
  for (let o = 0; o < to; o++) {
    const start = o * scale;
    const end = Math.min(from, (o + 1) * scale);
    const first = Math.min(from - 1, Math.floor(start));
    const last = Math.max(first, Math.ceil(end) - 1);
    const weights = new Float64Array(last - first + 1);
    for (let i = first; i <= last; i++) {
      weights[i - first] = Math.max(0, Math.min(end, i + 1) - Math.max(start, i));
    }
    const total = weights.reduce((a, b) => a + b, 0);
    for (let k = 0; k < weights.length; k++) weights[k]! /= total > 0 ? total : 1;
    cells.push({ first, weights });
  }
  return cells;
}

/** The sub-image [x0, x1) × [y0, y1) (clamped), copied. */
export function cropGrey(
  src: GreyImage,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): GreyImage<Float64Array> {
  const left = Math.max(0, Math.min(src.width - 1, x0));
  const top = Math.max(0, Math.min(src.height - 1, y0));
  const width = Math.max(1, Math.min(src.width, x1) - left);
  const height = Math.max(1, Math.min(src.height, y1) - top);
  const out = new Float64Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) out[y * width + x] = src.data[(top + y) * src.width + left + x]!;
  }
  return { data: out, width, height };
}
