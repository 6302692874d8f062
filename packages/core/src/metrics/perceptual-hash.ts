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

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface TrimOptions {
  /** A border row/column has a grey standard deviation below this; default 10 levels. */
  flatStd?: number;
  /** ... and a mean within this of the outermost row/column; default 16 levels. */
  meanTolerance?: number;
  /** Never trim more than this share of a side; default 0.25. */
  maxShare?: number;
}

/**
 * The box left after cutting flat borders (letterboxing, frames, padding): from each side, rows or
 * columns that are nearly uniform and close in level to the outermost one.
 */
export function trimFlatBorders(grey: GreyImage, options: TrimOptions = {}): Box {
  const flatStd = options.flatStd ?? 10;
  const tolerance = options.meanTolerance ?? 16;
  const maxShare = options.maxShare ?? 0.25;
  const { width: w, height: h, data } = grey;
  const line = (fixed: number, along: number, horizontal: boolean) => {
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < along; i++) {
      const v = horizontal ? data[fixed * w + i]! : data[i * w + fixed]!;
      sum += v;
      sq += v * v;
    }
    const mean = sum / along;
    return { mean, std: Math.sqrt(Math.max(0, sq / along - mean * mean)) };
  };
  const walk = (count: number, along: number, horizontal: boolean, from: number, step: number) => {
    const edge = line(from, along, horizontal);
    if (edge.std >= flatStd) return 0;
    let trimmed = 0;
    while (trimmed < Math.floor(count * maxShare)) {
      const l = line(from + step * trimmed, along, horizontal);
      if (l.std >= flatStd || Math.abs(l.mean - edge.mean) > tolerance) break;
      trimmed++;
    }
    return trimmed;
  };
  return {
    y0: walk(h, w, true, 0, 1),
    y1: h - walk(h, w, true, h - 1, -1),
    x0: walk(w, h, false, 0, 1),
    x1: w - walk(w, h, false, w - 1, -1),
  };
}

/**
 * pHash of the centre of the image after trimming flat borders: the middle (1 − 2·margin) of the
 * trimmed box on each axis. Borders and light crops move the whole-image hash; they move this one less.
 */
export function centrePhash(grey: GreyImage, margin = 0.1, trim: TrimOptions = {}): bigint {
  const box = trimFlatBorders(grey, trim);
  const bw = box.x1 - box.x0;
  const bh = box.y1 - box.y0;
  const x0 = Math.round(box.x0 + bw * margin);
  const y0 = Math.round(box.y0 + bh * margin);
  const x1 = Math.round(box.x1 - bw * margin);
  const y1 = Math.round(box.y1 - bh * margin);
  return phash(cropGrey(grey, x0, y0, x1, y1));
}
