import { cropGrey, type GreyImage, resizeArea } from './grey-image.js';

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

/** The 64 bits as a bigint, bit 63 first (bits[0] is the most significant). */
function bitsToBigint(bits: ArrayLike<boolean>): bigint {
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 32; i++) hi = ((hi << 1) | (bits[i] ? 1 : 0)) >>> 0;
  for (let i = 32; i < 64; i++) lo = ((lo << 1) | (bits[i] ? 1 : 0)) >>> 0;
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/**
 * 64-bit DCT perceptual hash as the `imagehash` package computes it (phash, hash_size 8): the image
 * resampled to 32×32 grey (here by area averaging), its 2-D DCT-II, the 8×8 lowest frequencies
 * (the DC term included), each bit = coefficient above their median. Row-major, bit 63 first.
 */
export function phash(grey: GreyImage): bigint {
  const small = resizeArea(grey, PHASH_SIDE, PHASH_SIDE).data;
  // rows: T = B·X (8×32), then coefficients = T·Bᵀ (8×8)
  const t = new Float64Array(PHASH_LOW * PHASH_SIDE);
  for (let k = 0; k < PHASH_LOW; k++) {
    for (let x = 0; x < PHASH_SIDE; x++) {
      let sum = 0;
      for (let n = 0; n < PHASH_SIDE; n++) sum += DCT_BASIS[k * PHASH_SIDE + n]! * small[n * PHASH_SIDE + x]!;
      t[k * PHASH_SIDE + x] = sum;
    }
  }
  const coefficients = new Float64Array(PHASH_LOW * PHASH_LOW);
  for (let k = 0; k < PHASH_LOW; k++) {
    for (let l = 0; l < PHASH_LOW; l++) {
      let sum = 0;
      for (let n = 0; n < PHASH_SIDE; n++) sum += t[k * PHASH_SIDE + n]! * DCT_BASIS[l * PHASH_SIDE + n]!;
      coefficients[k * PHASH_LOW + l] = sum;
    }
  }
  const sorted = Float64Array.from(coefficients).sort();
  const median = (sorted[31]! + sorted[32]!) / 2;
  return bitsToBigint(Array.from(coefficients, (c) => c > median));
}

/**
 * 64-bit difference hash as `imagehash.dhash` (hash_size 8): the image resampled to 9×8 grey, each
 * bit = a pixel is brighter than its left neighbour. Row-major, bit 63 first.
 */
export function dhash(grey: GreyImage): bigint {
  const small = resizeArea(grey, 9, 8).data;
  const bits: boolean[] = [];
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) bits.push(small[y * 9 + x + 1]! > small[y * 9 + x]!);
  }
  return bitsToBigint(bits);
}

/** Share of each side the crop views keep. */
export const VIEW_SHARE = 0.9;
/** Side of the square grey image all hashes start from (views are 72×72 crops of it). */
export const HASH_BASE = 80;

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
 */
export function imageHashes(grey: GreyImage): ImageHashes {
  const base = resizeArea(grey, HASH_BASE, HASH_BASE);
  const side = Math.round(HASH_BASE * VIEW_SHARE);
  const far = HASH_BASE - side;
  const mid = Math.round(far / 2);
  const corners: [number, number][] = [
    [mid, mid],
    [0, 0],
    [far, 0],
    [0, far],
    [far, far],
  ];
  const crops = corners.map(([x, y]) => cropGrey(base, x, y, x + side, y + side));
  return {
    phash: phash(base),
    dhash: dhash(base),
    viewPhashes: crops.map(phash),
    viewDhashes: crops.map(dhash),
  };
}
