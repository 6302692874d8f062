import type { GreyImage } from './grey-image.js';
import { BRIGHTNESS_BINS, rgbTonePass } from './rgb-tone-pass.js';
import type { PixelImage } from './sample-metrics.js';

export interface BrightnessStats {
  mean: number;
  p5: number;
  p50: number;
  p95: number;
  p99: number;
}

const PERCENTILES = [5, 50, 95, 99] as const;

/** Histograms of the last call, reused (the kernels are synchronous, and the counts never leave toneStats). */
const counts = { brightness: new Uint32Array(BRIGHTNESS_BINS + 1), grey: new Uint32Array(256) };

export interface ColourStats {
  /** Hasler–Süsstrunk colourfulness on 0..255 channels. */
  colourfulness: number;
  /** Every pixel has |R − G| and |G − B| at most the tolerance. */
  grey: boolean;
}

export interface ToneStats {
  brightness: BrightnessStats;
  grey: GreyStats;
  colour: ColourStats;
  /**
   * Grey levels 0..255 by Rec. 601 luma (0.299 R + 0.587 G + 0.114 B, rounded), as libvips and
   * PIL "L"; the image itself when it has one channel. `grey` describes it.
   */
  greyImage: GreyImage<Uint8Array>;
}

export interface ToneStatsOptions {
  /** Where the grey image of an RGB image is written (at least width·height long); default a new array. */
  greyOut?: Uint8Array;
  /** Largest |R − G| and |G − B| of a grey pixel; default 1. */
  tolerance?: number;
}

/**
 * Brightness, grey and colour statistics in one pass over the pixels (see brightnessStats,
 * greyStats, colourStats), also yielding the grey image.
 */
export function toneStats(image: PixelImage, options: ToneStatsOptions = {}): ToneStats {
  const n = image.width * image.height;
  const brightnessCounts = counts.brightness;
  if (image.channels === 1) {
    brightnessCounts.fill(0);
    const { data, width, height } = image;
    return {
      brightness: brightnessFrom(greyBrightness(data, n, brightnessCounts), brightnessCounts, n),
      grey: greyStatsFrom(greyHistogram(data), n),
      colour: { colourfulness: 0, grey: true },
      greyImage: { data, width, height },
    };
  }
  const grey = options.greyOut === undefined ? new Uint8Array(n) : options.greyOut.subarray(0, n);
  const greyCounts = counts.grey;
  // the channels are integers, |R − G| ≤ 255: this tolerance gives the same answers, in 32 bits
  const tolerance = Math.max(-1, Math.min(512, Math.floor(options.tolerance ?? 1)));
  const sums = new Float64Array(5);
  const allGrey = rgbTonePass(image.data, n, tolerance, grey, greyCounts, brightnessCounts, sums);
  return {
    brightness: brightnessFrom(sums[0]!, brightnessCounts, n),
    grey: greyStatsFrom(greyCounts, n),
    colour: colourFrom(sums, allGrey, n),
    greyImage: { data: grey, width: image.width, height: image.height },
  };
}

/**
 * Perceived brightness per pixel, sqrt(0.241 R² + 0.691 G² + 0.068 B²) / 255 (the HSP model
 * CleanVision uses for dark/light; a grey pixel v gives v / 255), its mean and percentiles. Percentiles
 * interpolate linearly between ranks like numpy.percentile, on values binned to 1/4096.
 */
export function brightnessStats(image: PixelImage): BrightnessStats {
  return toneStats(image).brightness;
}

function brightnessFrom(sum: number, counts: Uint32Array, n: number): BrightnessStats {
  const [p5, p50, p95, p99] = histogramPercentiles(counts, n, PERCENTILES).map((v) => v / BRIGHTNESS_BINS);
  return { mean: n > 0 ? sum / n : 0, p5: p5!, p50: p50!, p95: p95!, p99: p99! };
}

/** As the brightness part of rgbTonePass for grey pixels, whose brightness is v / 255. */
function greyBrightness(data: Uint8Array, n: number, counts: Uint32Array): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = data[i]! / 255;
    sum += v;
    counts[(v * BRIGHTNESS_BINS + 0.5) | 0]!++;
  }
  return sum;
}

/** The q-th percentile (0..100) of values given as counts per integer bin, interpolated like numpy. */
export function histogramPercentile(counts: Uint32Array, n: number, q: number): number {
  return histogramPercentiles(counts, n, [q])[0]!;
}

/**
 * histogramPercentile for several q in ascending order, in one walk over the bins: the values at
 * ranks ⌊r⌋ and ⌊r⌋ + 1 (r = q/100·(n − 1)), interpolated linearly.
 */
export function histogramPercentiles(counts: Uint32Array, n: number, qs: readonly number[]): number[] {
  if (n === 0) return qs.map(() => 0);
  const ranks: number[] = [];
  for (const q of qs) {
    const rank = (q / 100) * (n - 1);
    const lo = Math.floor(rank);
    ranks.push(lo, rank > lo ? lo + 1 : lo);
  }
  const order = ranks.map((_, i) => i).sort((a, b) => ranks[a]! - ranks[b]!);
  const values = new Array<number>(ranks.length).fill(counts.length - 1);
  let seen = 0;
  let b = 0;
  for (const i of order) {
    while (b < counts.length && seen + counts[b]! <= ranks[i]!) seen += counts[b++]!;
    if (b < counts.length) values[i] = b;
  }
  return qs.map((q, j) => {
    const rank = (q / 100) * (n - 1);
    const lo = Math.floor(rank);
    const a = values[2 * j]!;
    return a + (values[2 * j + 1]! - a) * (rank - lo);
  });
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
  return greyStatsFrom(greyHistogram(grey.data), grey.data.length);
}

function greyStatsFrom(counts: Uint32Array, n: number): GreyStats {
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

/** Counts of the 256 grey levels, in four interleaved histograms so that runs of one level do not wait on each other. */
function greyHistogram(data: Uint8Array): Uint32Array {
  const four = new Uint32Array(1024);
  const n = data.length;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    four[data[i]!]!++;
    four[256 + data[i + 1]!]!++;
    four[512 + data[i + 2]!]!++;
    four[768 + data[i + 3]!]!++;
  }
  for (; i < n; i++) four[data[i]!]!++;
  const counts = four.subarray(0, 256);
  for (let v = 0; v < 256; v++) counts[v]! += four[256 + v]! + four[512 + v]! + four[768 + v]!;
  return counts;
}

/**
 * Hasler & Süsstrunk (2003) colourfulness: with rg = R − G and yb = (R + G)/2 − B over pixels,
 * sqrt(σ_rg² + σ_yb²) + 0.3·sqrt(μ_rg² + μ_yb²), on 0..255 channels. Also whether every pixel is grey
 * (|R − G| and |G − B| at most `tolerance`).
 */
export function colourStats(image: PixelImage, tolerance = 1): ColourStats {
  return toneStats(image, { tolerance }).colour;
}

function colourFrom(sums: Float64Array, grey: boolean, n: number): ColourStats {
  if (n === 0) return { colourfulness: 0, grey: true };
  const mRg = sums[1]! / n;
  const mYb = sums[2]! / n;
  const vRg = Math.max(0, sums[3]! / n - mRg * mRg);
  const vYb = Math.max(0, sums[4]! / n - mYb * mYb);
  return { colourfulness: Math.sqrt(vRg + vYb) + 0.3 * Math.sqrt(mRg * mRg + mYb * mYb), grey };
}
