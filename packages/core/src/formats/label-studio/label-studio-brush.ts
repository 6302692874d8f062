import { rleEncodeString } from '../../geometry/rle.js';
import type { Rle } from '../../model/annotation.js';

/** The most values a brush rle may hold: RGBA of a 16,384 × 16,384 image. */
const MAX_VALUES = 4 * 16384 * 16384;

/** Reads an MSB-first bit stream (the packing of Label Studio's brush RLE). */
class BitReader {
  private bit = 0;

  constructor(private readonly bytes: ArrayLike<number>) {}

  /** The next `n` bits (n ≤ 32) as an unsigned number, or undefined past the end. */
  read(n: number): number | undefined {
    if (this.bit + n > this.bytes.length * 8) return undefined;
    let out = 0;
    for (let k = 0; k < n; k++, this.bit++) {
      const byte = this.bytes[this.bit >>> 3] ?? 0;
      out = out * 2 + ((byte >>> (7 - (this.bit & 7))) & 1);
    }
    return out;
  }
}

/**
 * Decodes a Label Studio brush `rle` (the run-length packing of thi.ng's rle-pack, which Label Studio's
 * editor writes: a 32-bit value count, a 5-bit word size − 1, four 4-bit run-length sizes − 1, then runs:
 * 1 bit repeat-or-literal, 2 bits choosing the run-length size, the length − 1, then one value to repeat
 * or that many values) into its values: RGBA bytes of the W×H image, row by row; or the reason when the
 * bytes end early, are not bytes, or hold another number of values than `expected`.
 */
export function decodeLsRle(
  rle: readonly unknown[],
  expected?: number,
): { values: Uint32Array } | { refused: string } {
  if (!rle.every((b) => typeof b === 'number' && Number.isInteger(b) && b >= 0 && b <= 255))
    return { refused: 'the brush rle is not a list of bytes (0–255)' };
  const input = new BitReader(rle as number[]);
  const num = input.read(32);
  const word = input.read(5);
  const sizes = [input.read(4), input.read(4), input.read(4), input.read(4)];
  if (num === undefined || word === undefined || sizes.some((s) => s === undefined))
    return { refused: 'the brush rle ends inside its header' };
  // Checked before allocating: a damaged header could ask for 4 billion values.
  if (expected !== undefined && num !== expected)
    return { refused: `the brush rle holds ${num} values, not ${expected} (RGBA of the image)` };
  if (num > MAX_VALUES)
    return { refused: `the brush rle holds ${num} values, more than an image Assay reads` };
  const wordSize = word + 1;
  const rleSizes = sizes.map((s) => (s as number) + 1);
  const out = new Uint32Array(num);
  let i = 0;
  while (i < num) {
    const repeat = input.read(1);
    const which = input.read(2);
    const length = which === undefined ? undefined : input.read(rleSizes[which] as number);
    if (repeat === undefined || length === undefined)
      return { refused: `the brush rle ends after ${i} of ${num} values` };
    const end = Math.min(num, i + 1 + length);
    if (repeat === 1) {
      const value = input.read(wordSize);
      if (value === undefined) return { refused: `the brush rle ends after ${i} of ${num} values` };
      out.fill(value, i, end);
      i = end;
    } else {
      for (; i < end; i++) {
        const value = input.read(wordSize);
        if (value === undefined) return { refused: `the brush rle ends after ${i} of ${num} values` };
        out[i] = value;
      }
    }
  }
  return { values: out };
}

/**
 * A brush result's mask: the decoded RGBA image's alpha channel > 0 (as label-studio-converter reads
 * it), as a COCO RLE of the W×H image (column-major counts, compressed string), or the reason it cannot be.
 */
export function lsBrushMask(
  rle: readonly unknown[],
  width: number,
  height: number,
): Rle | { refused: string } {
  const decoded = decodeLsRle(rle, width * height * 4);
  if ('refused' in decoded) return decoded;
  const { values } = decoded;
  const counts: number[] = [];
  let current = 0;
  let run = 0;
  for (let x = 0; x < width; x++)
    for (let y = 0; y < height; y++) {
      const on = (values[(y * width + x) * 4 + 3] as number) > 0 ? 1 : 0;
      if (on === current) run++;
      else {
        counts.push(run);
        current = on;
        run = 1;
      }
    }
  counts.push(run);
  return { size: [height, width], counts: rleEncodeString(counts) };
}
