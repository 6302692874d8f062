import type { GreyImage } from './grey-image.js';
import type { PixelImage } from './sample-metrics.js';

export interface BrightnessStats {
  mean: number;
  p5: number;
  p50: number;
  p95: number;
  p99: number;
}

/** 0.241·v², 0.691·v², 0.068·v² for v = 0..255. */
const SQUARES = (() => {
  const table = (w: number) => Float64Array.from({ length: 256 }, (_, v) => w * v * v);
  return { r: table(0.241), g: table(0.691), b: table(0.068) };
})();

/** Bins of the brightness histogram the percentiles are read from (resolution 1/4096). */
const BRIGHTNESS_BINS = 4096;

/**
 * Perceived brightness per pixel, sqrt(0.241 R² + 0.691 G² + 0.068 B²) / 255 (the HSP model
 * CleanVision uses for dark/light; a grey pixel v gives v / 255), its mean and percentiles. Percentiles
 * interpolate linearly between ranks like numpy.percentile, on values binned to 1/4096.
 */
export function brightnessStats(image: PixelImage): BrightnessStats {
  const { data, channels } = image;
  const n = image.width * image.height;
  const counts = new Uint32Array(BRIGHTNESS_BINS + 1);
  let sum = 0;
  for (let i = 0, p = 0; i < n; i++, p += channels) {
    const r = data[p]!;
    const v =
      channels === 1
        ? r / 255
        : Math.sqrt(SQUARES.r[r]! + SQUARES.g[data[p + 1]!]! + SQUARES.b[data[p + 2]!]!) / 255;
    sum += v;
    counts[Math.round(v * BRIGHTNESS_BINS)]!++;
  }
  const at = (q: number) => histogramPercentile(counts, n, q) / BRIGHTNESS_BINS;
  return { mean: n > 0 ? sum / n : 0, p5: at(5), p50: at(50), p95: at(95), p99: at(99) };
}

/** The q-th percentile (0..100) of values given as counts per integer bin, interpolated like numpy. */
export function histogramPercentile(counts: Uint32Array, n: number, q: number): number {
  if (n === 0) return 0;
  const rank = (q / 100) * (n - 1);
  const lo = Math.floor(rank);
  const valueAt = (r: number): number => {
    let seen = 0;
    for (let b = 0; b < counts.length; b++) {
      seen += counts[b]!;
      if (seen > r) return b;
    }
    return counts.length - 1;
  };
  const a = valueAt(lo);
  const b = rank > lo ? valueAt(lo + 1) : a;
  return a + (b - a) * (rank - lo);
}

export interface GreyStats {
  /** RMS contrast: standard deviation of grey / 255. */
  contrast: number;
  /** Shannon entropy of the 256-bin histogram, bits. */
  entropy: number;
  /** Population standard deviation of the 256 bin counts (numpy.std of PIL's histogram). */
  histogramStd: number;
}

export function greyStats(grey: GreyImage<Uint8Array>): GreyStats {
  const counts = new Float64Array(256);
  for (const v of grey.data) counts[v]!++;
  const n = grey.data.length;
  if (n === 0) return { contrast: 0, entropy: 0, histogramStd: 0 };
  let mean = 0;
  for (let v = 0; v < 256; v++) mean += v * counts[v]!;
  mean /= n;
  let variance = 0;
  let entropy = 0;
  for (let v = 0; v < 256; v++) {
    const c = counts[v]!;
    if (c === 0) continue;
    variance += c * (v - mean) ** 2;
    const p = c / n;
    entropy -= p * Math.log2(p);
  }
  const binMean = n / 256;
  let binVariance = 0;
  for (let v = 0; v < 256; v++) binVariance += (counts[v]! - binMean) ** 2;
  return {
    contrast: Math.sqrt(variance / n) / 255,
    entropy: entropy === 0 ? 0 : entropy,
    histogramStd: Math.sqrt(binVariance / 256),
  };
}

/**
 * Hasler & Süsstrunk (2003) colourfulness: with rg = R − G and yb = (R + G)/2 − B over pixels,
 * sqrt(σ_rg² + σ_yb²) + 0.3·sqrt(μ_rg² + μ_yb²), on 0..255 channels. Also whether every pixel is grey
 * (|R − G| and |G − B| at most `tolerance`).
 */
export function colourStats(image: PixelImage, tolerance = 1): { colourfulness: number; grey: boolean } {
  if (image.channels === 1) return { colourfulness: 0, grey: true };
  const { data } = image;
  const n = image.width * image.height;
  let sRg = 0;
  let sYb = 0;
  let qRg = 0;
  let qYb = 0;
  let grey = true;
  for (let p = 0; p < n * 3; p += 3) {
    const r = data[p]!;
    const g = data[p + 1]!;
    const b = data[p + 2]!;
    const rg = r - g;
    const yb = 0.5 * (r + g) - b;
    sRg += rg;
    sYb += yb;
    qRg += rg * rg;
    qYb += yb * yb;
    if (grey && (Math.abs(rg) > tolerance || Math.abs(g - b) > tolerance)) grey = false;
  }
  if (n === 0) return { colourfulness: 0, grey: true };
  const mRg = sRg / n;
  const mYb = sYb / n;
  const vRg = Math.max(0, qRg / n - mRg * mRg);
  const vYb = Math.max(0, qYb / n - mYb * mYb);
  return { colourfulness: Math.sqrt(vRg + vYb) + 0.3 * Math.sqrt(mRg * mRg + mYb * mYb), grey };
}
