/** 0.241·v², 0.691·v², 0.068·v² for v = 0..255. */
const table = (w: number) => Float64Array.from({ length: 256 }, (_, v) => w * v * v);
const SQUARE_R = table(0.241);
const SQUARE_G = table(0.691);
const SQUARE_B = table(0.068);

/** Bins of the brightness histogram (resolution 1/4096); `brightnessCounts` has one more. */
export const BRIGHTNESS_BINS = 4096;
const BINS = BRIGHTNESS_BINS + 1;

/** Pixels whose colour sums are kept in 32 bits: 4096·(2·255)² < 2^31. A multiple of 4. */
const RUN = 4096;

/** Whether a Uint32Array reads bytes 0, 1, 2, 3 as its low to high bits. */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** Scratch, reused by every call (grown when an image needs more): aligned pixels, split histograms. */
let aligned = new Uint32Array((256 * 256 * 3) / 4);
const brightnessTwo = new Uint32Array(2 * BINS);
const greyFour = new Uint32Array(4 * 256);

/**
 * The passes over RGB pixels of toneStats: brightness and its 1/4096 bin; then grey level and its
 * count, the colourfulness sums and the grey test. Written for speed, same values as the plain loops:
 * - pixels are read four at a time as three 32-bit words (on little-endian hosts; on others, and for
 *   the last n mod 4 pixels, one byte at a time), four grey levels written as one word;
 * - brightness v = sqrt(0.241 R² + 0.691 G² + 0.068 B²) / 255 is summed pixel by pixel in order, and
 *   binned as floor(v·4096 + 0.5): Math.round(v·4096) for every v ≥ 0 but those in (0.49999…, 0.5)/4096,
 *   and the smallest non-zero brightness times 4096 is sqrt(0.068)·4096/255 ≈ 4.2;
 * - histograms are split in two (brightness) or four (grey) counted in turn and then added, so that
 *   runs of one bin do not wait on each other;
 * - rg = R − G, yb = (R + G)/2 − B and their squares are summed as integers (yb doubled) in 32 bits
 *   over runs of RUN pixels, then added up: exact, so the same in any order;
 * - a pixel is not grey when rg + t, t − rg, (G − B) + t or t − (G − B) is negative: their OR over
 *   all pixels is negative exactly when some pixel is not grey.
 * The sums go to `sums`: brightness, rg, yb, rg², yb². `levels` gets the grey image.
 */
export function rgbTonePass(
  data: Uint8Array,
  n: number,
  tolerance: number,
  levels: Uint8Array,
  greyCounts: Uint32Array,
  brightnessCounts: Uint32Array,
  sums: Float64Array,
): boolean {
  const quads = LITTLE_ENDIAN ? n >>> 2 : 0;
  const words = wordsOf(data, quads);
  sums[0] = brightnessPass(data, words, n, quads);
  for (let k = 0; k < BINS; k++) brightnessCounts[k] = brightnessTwo[k]! + brightnessTwo[BINS + k]!;
  const levelWords =
    levels.byteOffset % 4 === 0 ? new Uint32Array(levels.buffer, levels.byteOffset, quads) : null;
  const allGrey = levelPass(data, words, n, quads, tolerance, levels, levelWords, sums);
  for (let v = 0; v < 256; v++) {
    greyCounts[v] = greyFour[v]! + greyFour[256 + v]! + greyFour[512 + v]! + greyFour[768 + v]!;
  }
  return allGrey;
}

/** The first 12·quads bytes of `data` as 32-bit words, copied to aligned scratch when not aligned. */
function wordsOf(data: Uint8Array, quads: number): Uint32Array {
  if (data.byteOffset % 4 === 0) return new Uint32Array(data.buffer, data.byteOffset, 3 * quads);
  if (aligned.length < 3 * quads) aligned = new Uint32Array(3 * quads);
  new Uint8Array(aligned.buffer, 0, 12 * quads).set(data.subarray(0, 12 * quads));
  return aligned.subarray(0, 3 * quads);
}

/** Sum of the brightness of the n pixels, in order; their bins counted into brightnessTwo. */
function brightnessPass(data: Uint8Array, words: Uint32Array, n: number, quads: number): number {
  const counts = brightnessTwo;
  counts.fill(0);
  let sum = 0;
  for (let q = 0, at = 0; q < quads; q++, at += 3) {
    const w0 = words[at]!;
    const w1 = words[at + 1]!;
    const w2 = words[at + 2]!;
    const v0 =
      Math.sqrt(SQUARE_R[w0 & 255]! + SQUARE_G[(w0 >>> 8) & 255]! + SQUARE_B[(w0 >>> 16) & 255]!) / 255;
    const v1 = Math.sqrt(SQUARE_R[w0 >>> 24]! + SQUARE_G[w1 & 255]! + SQUARE_B[(w1 >>> 8) & 255]!) / 255;
    const v2 = Math.sqrt(SQUARE_R[(w1 >>> 16) & 255]! + SQUARE_G[w1 >>> 24]! + SQUARE_B[w2 & 255]!) / 255;
    const v3 =
      Math.sqrt(SQUARE_R[(w2 >>> 8) & 255]! + SQUARE_G[(w2 >>> 16) & 255]! + SQUARE_B[w2 >>> 24]!) / 255;
    sum += v0;
    sum += v1;
    sum += v2;
    sum += v3;
    counts[(v0 * BRIGHTNESS_BINS + 0.5) | 0]!++;
    counts[BINS + ((v1 * BRIGHTNESS_BINS + 0.5) | 0)]!++;
    counts[(v2 * BRIGHTNESS_BINS + 0.5) | 0]!++;
    counts[BINS + ((v3 * BRIGHTNESS_BINS + 0.5) | 0)]!++;
  }
  for (let p = 12 * quads, end = 3 * n; p < end; p += 3) {
    const v = Math.sqrt(SQUARE_R[data[p]!]! + SQUARE_G[data[p + 1]!]! + SQUARE_B[data[p + 2]!]!) / 255;
    sum += v;
    counts[(v * BRIGHTNESS_BINS + 0.5) | 0]!++;
  }
  return sum;
}

/** A run's 32-bit sums of rg, yb (doubled), rg², yb² (doubled²), then the OR of the grey tests. */
const run = new Int32Array(5);

/**
 * Grey levels (Rec. 601 in 16-bit fixed point) into `levels` and greyFour, the colour sums into
 * sums[1..4], and whether every pixel is grey. Pixels go by runs of RUN, each run four at a time
 * up to `quads`, then one at a time.
 */
function levelPass(
  data: Uint8Array,
  words: Uint32Array,
  n: number,
  quads: number,
  t: number,
  levels: Uint8Array,
  levelWords: Uint32Array | null,
  sums: Float64Array,
): boolean {
  greyFour.fill(0);
  run[4] = 0;
  let sRg = 0;
  let sYb = 0;
  let qRg = 0;
  let qYb = 0;
  for (let start = 0; start < n; start += RUN) {
    const stop = Math.min(n, start + RUN);
    const quadStop = Math.max(start >>> 2, Math.min(quads, stop >>> 2));
    run.fill(0, 0, 4);
    quadRun(words, start >>> 2, quadStop, t, levels, levelWords);
    pixelRun(data, 4 * quadStop, stop, t, levels);
    sRg += run[0]!;
    sYb += run[1]!;
    qRg += run[2]!;
    qYb += run[3]!;
  }
  sums[1] = sRg;
  sums[2] = sYb / 2;
  sums[3] = qRg;
  sums[4] = qYb / 4;
  return run[4]! >= 0;
}

/** levelPass for quads `from` to `to` (pixels 4·from to 4·to), adding to `run`. */
function quadRun(
  words: Uint32Array,
  from: number,
  to: number,
  t: number,
  levels: Uint8Array,
  levelWords: Uint32Array | null,
): void {
  const counts = greyFour;
  let rgs = 0;
  let ybs = 0;
  let rg2s = 0;
  let yb2s = 0;
  let bad = run[4]!;
  for (let q = from, at = 3 * from; q < to; q++, at += 3) {
    const w0 = words[at]!;
    const w1 = words[at + 1]!;
    const w2 = words[at + 2]!;
    const r0 = w0 & 255;
    const g0 = (w0 >>> 8) & 255;
    const b0 = (w0 >>> 16) & 255;
    const r1 = w0 >>> 24;
    const g1 = w1 & 255;
    const b1 = (w1 >>> 8) & 255;
    const r2 = (w1 >>> 16) & 255;
    const g2 = w1 >>> 24;
    const b2 = w2 & 255;
    const r3 = (w2 >>> 8) & 255;
    const g3 = (w2 >>> 16) & 255;
    const b3 = w2 >>> 24;
    const l0 = (r0 * 19595 + g0 * 38470 + b0 * 7471 + 32768) >>> 16;
    const l1 = (r1 * 19595 + g1 * 38470 + b1 * 7471 + 32768) >>> 16;
    const l2 = (r2 * 19595 + g2 * 38470 + b2 * 7471 + 32768) >>> 16;
    const l3 = (r3 * 19595 + g3 * 38470 + b3 * 7471 + 32768) >>> 16;
    if (levelWords === null) {
      levels[4 * q] = l0;
      levels[4 * q + 1] = l1;
      levels[4 * q + 2] = l2;
      levels[4 * q + 3] = l3;
    } else levelWords[q] = l0 | (l1 << 8) | (l2 << 16) | (l3 << 24);
    counts[l0]!++;
    counts[256 + l1]!++;
    counts[512 + l2]!++;
    counts[768 + l3]!++;
    const rg0 = r0 - g0;
    const rg1 = r1 - g1;
    const rg2 = r2 - g2;
    const rg3 = r3 - g3;
    const gb0 = g0 - b0;
    const gb1 = g1 - b1;
    const gb2 = g2 - b2;
    const gb3 = g3 - b3;
    const yb0 = rg0 + 2 * gb0;
    const yb1 = rg1 + 2 * gb1;
    const yb2 = rg2 + 2 * gb2;
    const yb3 = rg3 + 2 * gb3;
    rgs = (rgs + rg0 + rg1 + rg2 + rg3) | 0;
    ybs = (ybs + yb0 + yb1 + yb2 + yb3) | 0;
    rg2s = (rg2s + rg0 * rg0 + rg1 * rg1 + rg2 * rg2 + rg3 * rg3) | 0;
    yb2s = (yb2s + yb0 * yb0 + yb1 * yb1 + yb2 * yb2 + yb3 * yb3) | 0;
    if (bad >= 0) {
      // once a pixel is not grey, the image is not: the test stops
      bad |= (rg0 + t) | (t - rg0) | (gb0 + t) | (t - gb0) | (rg1 + t) | (t - rg1) | (gb1 + t) | (t - gb1);
      bad |= (rg2 + t) | (t - rg2) | (gb2 + t) | (t - gb2) | (rg3 + t) | (t - rg3) | (gb3 + t) | (t - gb3);
    }
  }
  run[0]! += rgs;
  run[1]! += ybs;
  run[2]! += rg2s;
  run[3]! += yb2s;
  run[4] = bad;
}

/** levelPass for pixels `from` to `to` one at a time, adding to `run`. */
function pixelRun(data: Uint8Array, from: number, to: number, t: number, levels: Uint8Array): void {
  for (let i = from, p = 3 * from; i < to; i++, p += 3) {
    const r = data[p]!;
    const g = data[p + 1]!;
    const b = data[p + 2]!;
    const level = (r * 19595 + g * 38470 + b * 7471 + 32768) >>> 16;
    levels[i] = level;
    greyFour[level]!++;
    const rg = r - g;
    const gb = g - b;
    const yb = rg + 2 * gb;
    run[0]! += rg;
    run[1]! += yb;
    run[2]! += rg * rg;
    run[3]! += yb * yb;
    run[4]! |= (rg + t) | (t - rg) | (gb + t) | (t - gb);
  }
}
