import type { Rle } from '../../model/annotation.js';

/**
 * CVAT `<mask>`: `rle` is a comma-separated list of run lengths over the mask's own box
 * (`left`, `top`, `width`, `height`), row by row, starting with a run of background pixels.
 * The canonical model stores COCO RLE (column-major over the whole image, uncompressed counts here).
 */
export interface CvatMask {
  rle: number[];
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Decodes CVAT box runs into a row-major 0/1 bitmap of the box, or a reason it cannot. */
function cvatBitmap(mask: CvatMask): Uint8Array | string {
  const size = mask.width * mask.height;
  const bits = new Uint8Array(size);
  let at = 0;
  for (let i = 0; i < mask.rle.length; i++) {
    const run = mask.rle[i] ?? 0;
    if (i % 2 === 1) bits.fill(1, at, Math.min(size, at + run));
    at += run;
  }
  return at === size
    ? bits
    : `the mask runs cover ${at} pixels, its ${mask.width}x${mask.height} box has ${size}`;
}

/** Converts a CVAT mask into a COCO RLE over the image; a string is the reason it cannot. */
export function rleFromCvatMask(mask: CvatMask, imageWidth: number, imageHeight: number): Rle | string {
  const { left, top, width, height } = mask;
  if (left < 0 || top < 0 || left + width > imageWidth || top + height > imageHeight) {
    return `the mask box ${left},${top} ${width}x${height} leaves the ${imageWidth}x${imageHeight} image`;
  }
  const bits = cvatBitmap(mask);
  if (typeof bits === 'string') return bits;
  return rleFromBoxBits(bits, mask, imageWidth, imageHeight);
}

/**
 * A row-major 0/1 bitmap of a box inside an image (`bits[y * width + x]`) as a COCO RLE over the whole
 * image (column-major, uncompressed counts). The box must lie inside the image.
 */
export function rleFromBoxBits(
  bits: Uint8Array,
  box: { left: number; top: number; width: number; height: number },
  imageWidth: number,
  imageHeight: number,
): Rle {
  const { left, top, width, height } = box;
  const counts: number[] = [];
  let current = 0;
  let run = 0;
  const push = (value: number, n: number): void => {
    if (n <= 0) return;
    if (value === current) {
      run += n;
      return;
    }
    counts.push(run);
    current = value;
    run = n;
  };
  push(0, left * imageHeight);
  for (let x = 0; x < width; x++) {
    push(0, top);
    for (let y = 0; y < height; y++) push(bits[y * width + x] ?? 0, 1);
    push(0, imageHeight - top - height);
  }
  push(0, (imageWidth - left - width) * imageHeight);
  counts.push(run);
  return { size: [imageHeight, imageWidth], counts };
}

/** Decodes COCO's compressed counts string (6-bit chunks, sign bit, delta against counts[i-2]). */
function decodeCounts(text: string): number[] {
  const counts: number[] = [];
  let p = 0;
  while (p < text.length) {
    let value = 0;
    let shift = 0;
    let more = true;
    let chunk = 0;
    while (more && p < text.length) {
      chunk = text.charCodeAt(p++) - 48;
      value |= (chunk & 0x1f) << shift;
      more = (chunk & 0x20) !== 0;
      shift += 5;
    }
    if ((chunk & 0x10) !== 0) value |= -1 << shift;
    const i = counts.length;
    counts.push(i > 2 ? value + (counts[i - 2] ?? 0) : value);
  }
  return counts;
}

/** Converts a COCO RLE into a CVAT mask on its tight box; undefined for an empty mask. */
export function cvatMaskFromRle(rle: Rle): CvatMask | undefined {
  const [h, w] = rle.size;
  const counts = typeof rle.counts === 'string' ? decodeCounts(rle.counts) : rle.counts;
  const ink = new Uint8Array(w * h);
  let at = 0;
  counts.forEach((run, i) => {
    if (i % 2 === 1) ink.fill(1, at, Math.min(ink.length, at + run));
    at += run;
  });
  let x0 = w;
  let y0 = h;
  let x1 = -1;
  let y1 = -1;
  for (let i = 0; i < ink.length; i++) {
    if (!ink[i]) continue;
    const x = Math.floor(i / h);
    const y = i % h;
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  if (x1 < 0) return undefined;
  const out: number[] = [];
  let current = 0;
  let run = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const v = ink[x * h + y] ?? 0;
      if (v === current) run++;
      else {
        out.push(run);
        current = v;
        run = 1;
      }
    }
  }
  out.push(run);
  return { rle: out, left: x0, top: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}
