/**
 * Per-image metrics computed during scan from one small decode of the file (see docs/metrics.md for
 * each definition, its source and the check threshold that uses it). Intensities are in [0, 1]
 * unless said otherwise; the pixels are those of the image as displayed (EXIF orientation applied),
 * shrunk so that the longer side is at most METRICS_SIDE (256) pixels.
 */
export interface SampleMetrics {
  /** Width and height of the decoded image the metrics come from (longer side ≤ 256). */
  decodedWidth: number;
  decodedHeight: number;
  /** Mean perceived brightness sqrt(0.241 R² + 0.691 G² + 0.068 B²) / 255 over pixels (CleanVision). */
  brightness: number;
  /** Percentiles of the per-pixel perceived brightness; p99 drives `dark`, p5 drives `overexposed`. */
  brightnessP5: number;
  brightnessP50: number;
  brightnessP95: number;
  brightnessP99: number;
  /** RMS contrast: standard deviation of the grey level (Rec. 601 luma / 255). */
  contrast: number;
  /** Variance of the 4-neighbour Laplacian of the grey image (0..255 levels); low means blurry. */
  sharpness: number;
  /** CleanVision blurriness: standard deviation of the 8-neighbour edge image, clipped to 0..255. */
  edgeStd: number;
  /** Standard deviation of the 256-bin grey histogram counts (CleanVision's blurry colour term). */
  greyHistogramStd: number;
  /** Shannon entropy of the 256-bin grey histogram, in bits (0..8). */
  entropy: number;
  /** Hasler–Süsstrunk colourfulness on 0..255 channels (0 for grey images). */
  colourfulness: number;
  /** True when the file has one colour channel or every decoded pixel has R = G = B (±1). */
  grayscale: boolean;
  /** Displayed width / height of the full image. */
  aspectRatio: number;
  /** 64-bit DCT perceptual hash of the whole image (32×32 grey, 8×8 low frequencies vs median). */
  phash: bigint;
  /** 64-bit difference hash (9×8 grey, each pixel brighter than its right neighbour). */
  dhash: bigint;
  /**
   * pHash and dHash of five crops keeping 90% of each side (centre, top-left, top-right,
   * bottom-left, bottom-right): what lets near-duplicate search see through frames and light crops.
   */
  viewPhashes: bigint[];
  viewDhashes: bigint[];
  /** SHA-256 (hex) of the decoded pixels at the decoded size, with that size and channel count. */
  pixelHash: string;
}

/** A decoded image: row-major 8-bit pixels, `channels` interleaved (1 grey or 3 RGB). */
export interface PixelImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3;
}

/** Longer side of the image the scan decodes for metrics (shrink-on-load where the codec allows). */
export const METRICS_SIDE = 256;
