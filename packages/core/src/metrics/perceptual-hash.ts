import { areaPlan, type GreyImage, resizeArea, resizeColumns, resizeRows } from './grey-image.js';

const PHASH_SIDE = 32;
const PHASH_LOW = 8;

/** cos(π·k·(2n+1) / 2N) for k < 8, n < 32: the low rows of the DCT-II basis. */
const DCT_BASIS = (() => {
  const basis = new Float64Array(PHASH_LOW * PHASH_SIDE);
  for (let k = 0; k < PHASH_LOW; k++) {
    for (let n = 0; n < PHASH_SIDE; n++) {
      basis[k * PHASH_SIDE + n] = Math.cos((Math.PI * k * (2 * n + 1)) / (2 * PHASH_SIDE));
    }
  }
  return basis;
})();

/** Scratch buffers reused by every call (the kernels are synchronous, so never shared in flight). */
const scratch = {
  dctRows: new Float64Array(PHASH_LOW * PHASH_SIDE),
  coefficients: new Float64Array(PHASH_LOW * PHASH_LOW),
  sorted: new Float64Array(PHASH_LOW * PHASH_LOW),
};

/** 64 bits given as two unsigned 32-bit halves, as a bigint. */
function wordsToBigint(hi: number, lo: number): bigint {
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/**
 * The pHash bits of a 32×32 image: its 2-D DCT-II, the 8×8 lowest frequencies (the DC term
 * included), each bit = coefficient above their median. Row-major, bit 63 first.
 */
function phashOf32(small: Float64Array): bigint {
  // rows: T = B·X (8×32), then coefficients = T·Bᵀ (8×8); eight or four outputs at a time, each its
  // own sum over n in ascending order (independent chains instead of one waiting on the last add)
  const { dctRows: t, coefficients, sorted } = scratch;
  for (let k = 0; k < PHASH_LOW; k += 2) {
    const b = k * PHASH_SIDE;
    const c = b + PHASH_SIDE;
    for (let x = 0; x < PHASH_SIDE; x += 4) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let r0 = 0;
      let r1 = 0;
      let r2 = 0;
      let r3 = 0;
      for (let n = 0, at = x; n < PHASH_SIDE; n++, at += PHASH_SIDE) {
        const p = DCT_BASIS[b + n]!;
        const q = DCT_BASIS[c + n]!;
        const x0 = small[at]!;
        const x1 = small[at + 1]!;
        const x2 = small[at + 2]!;
        const x3 = small[at + 3]!;
        s0 += p * x0;
        s1 += p * x1;
        s2 += p * x2;
        s3 += p * x3;
        r0 += q * x0;
        r1 += q * x1;
        r2 += q * x2;
        r3 += q * x3;
      }
      t[b + x] = s0;
      t[b + x + 1] = s1;
      t[b + x + 2] = s2;
      t[b + x + 3] = s3;
      t[c + x] = r0;
      t[c + x + 1] = r1;
      t[c + x + 2] = r2;
      t[c + x + 3] = r3;
    }
  }
  for (let k = 0; k < PHASH_LOW; k++) {
    const a = k * PHASH_SIDE;
    for (let l = 0; l < PHASH_LOW; l += 4) {
      const b = l * PHASH_SIDE;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let n = 0; n < PHASH_SIDE; n++) {
        const row = t[a + n]!;
        s0 += row * DCT_BASIS[b + n]!;
        s1 += row * DCT_BASIS[b + PHASH_SIDE + n]!;
        s2 += row * DCT_BASIS[b + 2 * PHASH_SIDE + n]!;
        s3 += row * DCT_BASIS[b + 3 * PHASH_SIDE + n]!;
      }
      coefficients[k * PHASH_LOW + l] = s0;
      coefficients[k * PHASH_LOW + l + 1] = s1;
      coefficients[k * PHASH_LOW + l + 2] = s2;
      coefficients[k * PHASH_LOW + l + 3] = s3;
    }
  }
  const median = middleOf64(coefficients, sorted);
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 32; i++) hi = ((hi << 1) | (coefficients[i]! > median ? 1 : 0)) >>> 0;
  for (let i = 32; i < 64; i++) lo = ((lo << 1) | (coefficients[i]! > median ? 1 : 0)) >>> 0;
  return wordsToBigint(hi, lo);
}

/**
 * The median of 64 values: the mean of the 32nd and 33rd in ascending order, found by an insertion
 * sort into `sorted` (a few times quicker than TypedArray sort on 64 values). Only ±0 can land in
 * another order than sort() puts them in, and the median is compared with >, to which they are equal.
 */
function middleOf64(values: Float64Array, sorted: Float64Array): number {
  sorted[0] = values[0]!;
  for (let i = 1; i < 64; i++) {
    const v = values[i]!;
    let j = i - 1;
    for (; j >= 0 && sorted[j]! > v; j--) sorted[j + 1] = sorted[j]!;
    sorted[j + 1] = v;
  }
  return (sorted[31]! + sorted[32]!) / 2;
}

/** The dHash bits of a 9×8 image: each bit = a pixel is brighter than its left neighbour. */
function dhashOf9x8(small: Float64Array): bigint {
  let hi = 0;
  let lo = 0;
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) {
      const bit = small[y * 9 + x + 1]! > small[y * 9 + x]! ? 1 : 0;
      if (y < 4) hi = ((hi << 1) | bit) >>> 0;
      else lo = ((lo << 1) | bit) >>> 0;
    }
  }
  return wordsToBigint(hi, lo);
}

/**
 * 64-bit DCT perceptual hash as the `imagehash` package computes it (phash, hash_size 8): the image
 * resampled to 32×32 grey (here by area averaging), its 2-D DCT-II, the 8×8 lowest frequencies
 * (the DC term included), each bit = coefficient above their median. Row-major, bit 63 first.
 */
export function phash(grey: GreyImage): bigint {
  return phashOf32(resizeArea(grey, PHASH_SIDE, PHASH_SIDE).data);
}

/**
 * 64-bit difference hash as `imagehash.dhash` (hash_size 8): the image resampled to 9×8 grey, each
 * bit = a pixel is brighter than its left neighbour. Row-major, bit 63 first.
 */
export function dhash(grey: GreyImage): bigint {
  return dhashOf9x8(resizeArea(grey, 9, 8).data);
}

/** Share of each side the crop views keep. */
export const VIEW_SHARE = 0.9;
/** Side of the square grey image all hashes start from (views are 72×72 crops of it). */
export const HASH_BASE = 80;
const VIEW_SIDE = Math.round(HASH_BASE * VIEW_SHARE);
const VIEW_FAR = HASH_BASE - VIEW_SIDE;
const VIEW_MID = Math.round(VIEW_FAR / 2);
/** Top-left corners of the crop views: centre, top-left, top-right, bottom-left, bottom-right. */
const VIEW_CORNERS: readonly (readonly [number, number])[] = [
  [VIEW_MID, VIEW_MID],
  [0, 0],
  [VIEW_FAR, 0],
  [0, VIEW_FAR],
  [VIEW_FAR, VIEW_FAR],
];

export interface ImageHashes {
  phash: bigint;
  dhash: bigint;
  /** Centre, top-left, top-right, bottom-left, bottom-right crops keeping 90% of each side. */
  viewPhashes: bigint[];
  viewDhashes: bigint[];
}

/**
 * pHash and dHash of the whole image and of five crops that keep 90% of each side. A copy with a
 * frame added matches the other's centre view; a copy cut on one or two sides matches a corner
 * view (the whole-image hashes move too much in both cases). All start from one 80×80 area-average
 * of the image (squeezed, as the hashes squeeze anyway), so the twelve hashes cost little.
 *
 * Same values as cropping each view out of the base and calling phash/dhash on it: the row pass of
 * a crop depends only on its left edge, so it runs once per distinct left edge over all base rows
 * and each view's column pass reads the rows it covers.
 */
export function imageHashes(grey: GreyImage): ImageHashes {
  const { base, small, tiny, rows } = views;
  resizeArea(grey, HASH_BASE, HASH_BASE, base);
  resizeRows(base, 0, HASH_BASE, HASH_BASE, areaPlan(HASH_BASE, PHASH_SIDE), rows.p[0]!);
  resizeColumns(rows.p[0]!, 0, PHASH_SIDE, areaPlan(HASH_BASE, PHASH_SIDE), small);
  const phashWhole = phashOf32(small);
  resizeRows(base, 0, HASH_BASE, HASH_BASE, areaPlan(HASH_BASE, 9), rows.d[0]!);
  resizeColumns(rows.d[0]!, 0, 9, areaPlan(HASH_BASE, 8), tiny);
  const dhashWhole = dhashOf9x8(tiny);
  VIEW_LEFTS.forEach((left, i) => {
    resizeRows(base, left, HASH_BASE, HASH_BASE, areaPlan(VIEW_SIDE, PHASH_SIDE), rows.p[i]!);
    resizeRows(base, left, HASH_BASE, HASH_BASE, areaPlan(VIEW_SIDE, 9), rows.d[i]!);
  });
  const viewPhashes: bigint[] = [];
  const viewDhashes: bigint[] = [];
  for (const [left, top] of VIEW_CORNERS) {
    const i = VIEW_LEFTS.indexOf(left);
    resizeColumns(rows.p[i]!, top, PHASH_SIDE, areaPlan(VIEW_SIDE, PHASH_SIDE), small);
    viewPhashes.push(phashOf32(small));
    resizeColumns(rows.d[i]!, top, 9, areaPlan(VIEW_SIDE, 8), tiny);
    viewDhashes.push(dhashOf9x8(tiny));
  }
  return { phash: phashWhole, dhash: dhashWhole, viewPhashes, viewDhashes };
}

/** The distinct left edges of the views. */
const VIEW_LEFTS = [...new Set(VIEW_CORNERS.map(([left]) => left))];

/** Buffers of imageHashes, reused: the base, one row pass per left edge, the 32×32 and 9×8 images. */
const views = {
  base: new Float64Array(HASH_BASE * HASH_BASE),
  small: new Float64Array(PHASH_SIDE * PHASH_SIDE),
  tiny: new Float64Array(9 * 8),
  rows: {
    p: VIEW_LEFTS.map(() => new Float64Array(HASH_BASE * PHASH_SIDE)),
    d: VIEW_LEFTS.map(() => new Float64Array(HASH_BASE * 9)),
  },
};
