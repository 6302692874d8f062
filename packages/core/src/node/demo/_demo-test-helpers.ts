import sharp from 'sharp';

export { hashTree } from '../../test-kit/hash-tree.js';

import type { Box } from './shape-geometry.js';

/** Test helpers shared by the demo tests (not exported from the package). */
export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
  channels: number;
}

export async function readRaw(path: string | Buffer): Promise<RawImage> {
  const { data, info } = await sharp(path).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

export function pixel(img: RawImage, x: number, y: number): number[] {
  const i = (Math.round(y) * img.width + Math.round(x)) * img.channels;
  return [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!];
}

export const colorDistance = (a: number[], b: number[]): number =>
  Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));

/** The extent (as a box in pixel-edge coordinates) of the pixels inside `window` where `hit(x, y)`. */
function extentWhere(img: RawImage, window: Box, hit: (x: number, y: number) => boolean): Box | undefined {
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = -1;
  let y1 = -1;
  const xs = Math.max(0, Math.floor(window.x));
  const ys = Math.max(0, Math.floor(window.y));
  const xe = Math.min(img.width, Math.ceil(window.x + window.w));
  const ye = Math.min(img.height, Math.ceil(window.y + window.h));
  for (let y = ys; y < ye; y++) {
    for (let x = xs; x < xe; x++) {
      if (!hit(x, y)) continue;
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
  }
  return x1 < 0 ? undefined : { x: x0, y: y0, w: x1 + 1 - x0, h: y1 + 1 - y0 };
}

/** The extent of pixels inside `window` that differ from `background` by more than `threshold` in some channel. */
export function extentOf(
  img: RawImage,
  window: Box,
  background: number[],
  threshold: number,
): Box | undefined {
  return extentWhere(img, window, (x, y) => colorDistance(pixel(img, x, y), background) > threshold);
}

/** The extent of pixels inside `window` where `img` differs from `reference` by more than `threshold`. */
export function differenceExtent(
  img: RawImage,
  reference: RawImage,
  window: Box,
  threshold: number,
): Box | undefined {
  return extentWhere(
    img,
    window,
    (x, y) => colorDistance(pixel(img, x, y), pixel(reference, x, y)) > threshold,
  );
}

export function assertBoxClose(actual: Box, expected: Box, tolerance: number, what: string): void {
  const edges = (b: Box) => [b.x, b.y, b.x + b.w, b.y + b.h];
  const a = edges(actual);
  const e = edges(expected);
  const worst = Math.max(...a.map((v, i) => Math.abs(v - e[i]!)));
  if (worst > tolerance) {
    throw new Error(
      `${what}: drawn extent ${JSON.stringify(actual)} vs box ${JSON.stringify(expected)} (off by ${worst.toFixed(2)} px)`,
    );
  }
}

export async function meanAbsDiff(a: RawImage, b: RawImage): Promise<number> {
  if (a.width !== b.width || a.height !== b.height) throw new Error('meanAbsDiff needs equal sizes');
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs(a.data[i]! - b.data[i]!);
  return sum / a.data.length;
}
