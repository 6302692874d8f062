import type { PixelImage, SampleMetrics } from '../../../metrics/sample-metrics.js';

/**
 * The metric definitions of docs/metrics.md written the plain way (one loop per metric, a sort for
 * the median, per-cell weight lists for the area resample, copied crops): the reference the fast
 * kernels of core/metrics must match to the last bit. Each sum runs in the order the definition
 * reads, which is the order the kernels keep.
 */
export function referenceMetrics(image: PixelImage): Omit<
  SampleMetrics,
  'pixelHash' | 'aspectRatio' | 'grayscale'
> & {
  grey: boolean;
} {
  const n = image.width * image.height;
  const grey = new Uint8Array(n);
  const pixel = (i: number, c: number) => image.data[i * image.channels + (image.channels === 1 ? 0 : c)]!;
  for (let i = 0; i < n; i++)
    grey[i] = (pixel(i, 0) * 19595 + pixel(i, 1) * 38470 + pixel(i, 2) * 7471 + 32768) >>> 16;
  const g = { data: grey, width: image.width, height: image.height };
  const bright = brightness(image);
  const tone = greyTone(grey);
  const colour = image.channels === 1 ? { colourfulness: 0, grey: true } : colourfulness(image);
  const base = resize(g, 80, 80);
  const crops = [
    [4, 4],
    [0, 0],
    [8, 0],
    [0, 8],
    [8, 8],
  ].map(([x, y]) => crop(base, x!, y!, 72));
  return {
    decodedWidth: image.width,
    decodedHeight: image.height,
    brightness: bright.mean,
    brightnessP5: bright.p[0]!,
    brightnessP50: bright.p[1]!,
    brightnessP95: bright.p[2]!,
    brightnessP99: bright.p[3]!,
    contrast: tone.contrast,
    sharpness: laplacian(g),
    edgeStd: edges(g),
    greyHistogramStd: tone.histogramStd,
    entropy: tone.entropy,
    colourfulness: colour.colourfulness,
    grey: colour.grey,
    phash: phash(base),
    dhash: dhash(base),
    viewPhashes: crops.map(phash),
    viewDhashes: crops.map(dhash),
  };
}

interface Grey {
  data: ArrayLike<number>;
  width: number;
  height: number;
}

/** Per-pixel HSP brightness; percentiles of the values rounded to 1/4096, numpy-interpolated on the sorted list. */
function brightness(image: PixelImage): { mean: number; p: number[] } {
  const n = image.width * image.height;
  const bins: number[] = [];
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const at = i * image.channels;
    const [r, g, b] =
      image.channels === 1 ? [0, 0, 0] : [image.data[at]!, image.data[at + 1]!, image.data[at + 2]!];
    const v =
      image.channels === 1
        ? image.data[at]! / 255
        : Math.sqrt(0.241 * r * r + 0.691 * g * g + 0.068 * b * b) / 255;
    sum += v;
    bins.push(Math.round(v * 4096));
  }
  bins.sort((a, b) => a - b);
  const p = [5, 50, 95, 99].map((q) => {
    const rank = (q / 100) * (n - 1);
    const lo = Math.floor(rank);
    const a = bins[lo]!;
    const b = rank > lo ? bins[lo + 1]! : a;
    return (a + (b - a) * (rank - lo)) / 4096;
  });
  return { mean: sum / n, p };
}

function greyTone(grey: Uint8Array): { contrast: number; entropy: number; histogramStd: number } {
  const n = grey.length;
  const counts = new Array<number>(256).fill(0);
  for (const v of grey) counts[v]!++;
  let mean = 0;
  for (let v = 0; v < 256; v++) mean += v * counts[v]!;
  mean /= n;
  let variance = 0;
  let entropy = 0;
  for (let v = 0; v < 256; v++) {
    if (counts[v] === 0) continue;
    variance += counts[v]! * (v - mean) ** 2;
    entropy -= (counts[v]! / n) * Math.log2(counts[v]! / n);
  }
  let binVariance = 0;
  for (let v = 0; v < 256; v++) binVariance += (counts[v]! - n / 256) ** 2;
  return {
    contrast: Math.sqrt(variance / n) / 255,
    entropy: entropy === 0 ? 0 : entropy,
    histogramStd: Math.sqrt(binVariance / 256),
  };
}

function colourfulness(image: PixelImage): { colourfulness: number; grey: boolean } {
  const n = image.width * image.height;
  let [sRg, sYb, qRg, qYb] = [0, 0, 0, 0];
  let grey = true;
  for (let p = 0; p < 3 * n; p += 3) {
    const [r, g, b] = [image.data[p]!, image.data[p + 1]!, image.data[p + 2]!];
    const rg = r - g;
    const yb = 0.5 * (r + g) - b;
    sRg += rg;
    sYb += yb;
    qRg += rg * rg;
    qYb += yb * yb;
    if (Math.abs(rg) > 1 || Math.abs(g - b) > 1) grey = false;
  }
  const [mRg, mYb] = [sRg / n, sYb / n];
  const v = Math.max(0, qRg / n - mRg * mRg) + Math.max(0, qYb / n - mYb * mYb);
  return { colourfulness: Math.sqrt(v) + 0.3 * Math.sqrt(mRg * mRg + mYb * mYb), grey };
}

function laplacian({ data, width: w, height: h }: Grey): number {
  if (w < 3 || h < 3) return 0;
  let [sum, sq] = [0, 0];
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const v = 4 * data[i]! - data[i - 1]! - data[i + 1]! - data[i - w]! - data[i + w]!;
      sum += v;
      sq += v * v;
    }
  }
  const m = (w - 2) * (h - 2);
  const mean = sum / m;
  return Math.max(0, sq / m - mean * mean);
}

function edges({ data, width: w, height: h }: Grey): number {
  let [sum, sq] = [0, 0];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      let v = data[i]!;
      if (y > 0 && y < h - 1 && x > 0 && x < w - 1) {
        let ring = 0;
        for (const d of [-w - 1, -w, -w + 1, -1, 1, w - 1, w, w + 1]) ring += data[i + d]!;
        v = Math.min(255, Math.max(0, 8 * data[i]! - ring));
      }
      sum += v;
      sq += v * v;
    }
  }
  const mean = sum / (w * h);
  return Math.sqrt(Math.max(0, sq / (w * h) - mean * mean));
}

/** Area-average resample, rows then columns, each output the sum of its weighted inputs in order. */
function resize(src: Grey, width: number, height: number): Grey {
  const cols = weights(src.width, width);
  const rows = weights(src.height, height);
  const tmp = new Float64Array(src.height * width);
  for (let y = 0; y < src.height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      cols[x]!.w.forEach((w, k) => {
        sum += src.data[y * src.width + cols[x]!.first + k]! * w;
      });
      tmp[y * width + x] = sum;
    }
  }
  const out = new Float64Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      rows[y]!.w.forEach((w, k) => {
        sum += tmp[(rows[y]!.first + k) * width + x]! * w;
      });
      out[y * width + x] = sum;
    }
  }
  return { data: out, width, height };
}

function weights(from: number, to: number): { first: number; w: number[] }[] {
  const scale = from / to;
  return Array.from({ length: to }, (_, o) => {
    const start = o * scale;
    const end = Math.min(from, (o + 1) * scale);
    const first = Math.min(from - 1, Math.floor(start));
    const last = Math.max(first, Math.ceil(end) - 1);
    const w: number[] = [];
    for (let i = first; i <= last; i++) w.push(Math.max(0, Math.min(end, i + 1) - Math.max(start, i)));
    const total = w.reduce((a, b) => a + b, 0);
    return { first, w: w.map((v) => v / (total > 0 ? total : 1)) };
  });
}

function crop(src: Grey, left: number, top: number, side: number): Grey {
  const data = new Float64Array(side * side);
  for (let y = 0; y < side; y++)
    for (let x = 0; x < side; x++) data[y * side + x] = src.data[(top + y) * src.width + left + x]!;
  return { data, width: side, height: side };
}

function bits(values: boolean[]): bigint {
  return values.reduce((h, bit) => (h << 1n) | (bit ? 1n : 0n), 0n);
}

function phash(grey: Grey): bigint {
  const small = resize(grey, 32, 32).data;
  const basis = (k: number, n: number) => Math.cos((Math.PI * k * (2 * n + 1)) / 64);
  const t: number[][] = [];
  for (let k = 0; k < 8; k++) {
    t.push([]);
    for (let x = 0; x < 32; x++) {
      let sum = 0;
      for (let n = 0; n < 32; n++) sum += basis(k, n) * small[n * 32 + x]!;
      t[k]!.push(sum);
    }
  }
  const coefficients: number[] = [];
  for (let k = 0; k < 8; k++) {
    for (let l = 0; l < 8; l++) {
      let sum = 0;
      for (let n = 0; n < 32; n++) sum += t[k]![n]! * basis(l, n);
      coefficients.push(sum);
    }
  }
  const sorted = [...coefficients].sort((a, b) => a - b);
  const median = (sorted[31]! + sorted[32]!) / 2;
  return bits(coefficients.map((c) => c > median));
}

function dhash(grey: Grey): bigint {
  const small = resize(grey, 9, 8).data;
  const out: boolean[] = [];
  for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) out.push(small[y * 9 + x + 1]! > small[y * 9 + x]!);
  return bits(out);
}
