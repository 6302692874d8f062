/**
 * COCO run-length encoding helpers. An RLE mask is an image of `size = [height, width]` read in
 * column-major order as alternating runs of 0s and 1s, starting with 0s (a first count of 0 means the
 * mask starts with 1s). pycocotools stores the counts either as a number list ("uncompressed") or as a
 * compact ASCII string ("compressed"): each count, minus the count two places before it from the third
 * on, is written as little-endian groups of 5 bits, one character per group (value + 48), bit 0x20
 * meaning "another group follows" and bit 0x10 of the last group carrying the sign.
 */
import type { Rle } from '../model/annotation.js';

/** Decodes a pycocotools compressed counts string into run lengths. Throws RangeError on a bad string. */
export function rleDecodeString(text: string): number[] {
  const counts: number[] = [];
  let p = 0;
  while (p < text.length) {
    let value = 0;
    let scale = 1;
    let more = true;
    let group = 0;
    while (more) {
      if (p >= text.length) throw new RangeError(`RLE string ends inside a count (at ${p})`);
      group = text.charCodeAt(p++) - 48;
      if (group < 0 || group > 63) throw new RangeError(`RLE string has an invalid character at ${p - 1}`);
      value += (group & 0x1f) * scale;
      scale *= 32;
      more = (group & 0x20) !== 0;
    }
    // The sign bit of the last group extends to every higher bit (two's complement).
    if (group & 0x10) value -= scale;
    const n = counts.length;
    counts.push(n > 2 ? value + (counts[n - 2] as number) : value);
  }
  return counts;
}

/** Encodes run lengths as a pycocotools compressed counts string (the inverse of rleDecodeString). */
export function rleEncodeString(counts: ArrayLike<number>): string {
  const chars: number[] = [];
  for (let i = 0; i < counts.length; i++) {
    let value = (counts[i] as number) - (i > 2 ? (counts[i - 2] as number) : 0);
    let more = true;
    while (more) {
      const low = value - Math.floor(value / 32) * 32;
      value = Math.floor(value / 32);
      more = (low & 0x10) !== 0 ? value !== -1 : value !== 0;
      chars.push((more ? low | 0x20 : low) + 48);
    }
  }
  let out = '';
  for (let i = 0; i < chars.length; i += 8192) {
    out += String.fromCharCode(...chars.slice(i, i + 8192));
  }
  return out;
}

/** Run lengths of an RLE, whichever way its counts are stored. */
export function rleCounts(rle: Rle): number[] {
  return typeof rle.counts === 'string' ? rleDecodeString(rle.counts) : rle.counts;
}

/** The compressed (string counts) form of an RLE; returns the same object when it already is. */
export function rleFromUncompressed(rle: Rle): Rle {
  if (typeof rle.counts === 'string') return rle;
  return { size: [rle.size[0], rle.size[1]], counts: rleEncodeString(rle.counts) };
}

/** The uncompressed (number[] counts) form of an RLE; returns the same object when it already is. */
export function rleToUncompressed(rle: Rle): Rle {
  if (typeof rle.counts !== 'string') return rle;
  return { size: [rle.size[0], rle.size[1]], counts: rleDecodeString(rle.counts) };
}

/** Number of foreground pixels (the sum of the runs of 1s). */
export function rleArea(rle: Rle): number {
  const counts = rleCounts(rle);
  let area = 0;
  for (let i = 1; i < counts.length; i += 2) area += counts[i] as number;
  return area;
}

/**
 * Tight box [x, y, w, h] around the foreground, in whole pixels, as pycocotools `toBbox` computes it:
 * a run of 1s that wraps from one column into the next widens the box to the full image height.
 * An empty mask gives [0, 0, 0, 0].
 */
export function rleToBbox(rle: Rle): [number, number, number, number] {
  const h = rle.size[0];
  const counts = rleCounts(rle);
  let xMin = Number.POSITIVE_INFINITY;
  let yMin = Number.POSITIVE_INFINITY;
  let xMax = -1;
  let yMax = -1;
  let at = 0;
  for (let i = 0; i < counts.length; i++) {
    const run = counts[i] as number;
    if (i % 2 === 1 && run > 0 && h > 0) {
      const first = at;
      const last = at + run - 1;
      const x0 = Math.floor(first / h);
      const x1 = Math.floor(last / h);
      xMin = Math.min(xMin, x0);
      xMax = Math.max(xMax, x1);
      if (x1 > x0) {
        yMin = 0;
        yMax = h - 1;
      } else {
        yMin = Math.min(yMin, first - x0 * h);
        yMax = Math.max(yMax, last - x1 * h);
      }
    }
    at += run;
  }
  if (xMax < 0) return [0, 0, 0, 0];
  return [xMin, yMin, xMax - xMin + 1, yMax - yMin + 1];
}

/** Checks the counts add up to height × width; returns the reason when they do not. */
export function rleCheck(rle: Rle): string | undefined {
  const [h, w] = rle.size;
  let counts: number[];
  try {
    counts = rleCounts(rle);
  } catch (error) {
    return (error as Error).message;
  }
  let total = 0;
  for (const c of counts) {
    if (!Number.isInteger(c) || c < 0) return `RLE count ${c} is not a non-negative integer`;
    total += c;
  }
  return total === h * w ? undefined : `RLE counts add up to ${total}, not height × width = ${h * w}`;
}
