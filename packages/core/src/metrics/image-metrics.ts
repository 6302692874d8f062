import { greyFromPixels } from './grey-image.js';
import { imageHashes } from './perceptual-hash.js';
import type { PixelImage, SampleMetrics } from './sample-metrics.js';
import { edgeStd, laplacianVariance } from './sharpness.js';
import { brightnessStats, colourStats, greyStats } from './tone-stats.js';

export interface ImageMetricsInput {
  /** The decoded (shrunk) image, oriented as displayed. */
  image: PixelImage;
  /** Displayed size of the full image, for the aspect ratio. */
  width: number;
  height: number;
  /** Colour channels of the file (1 or 2 = grey, with or without alpha); from the header. */
  fileChannels?: number;
}

/** Every metric but the decoded-pixel hash (which needs a cryptographic hash: the node layer adds it). */
export function imageMetrics(input: ImageMetricsInput): Omit<SampleMetrics, 'pixelHash'> {
  const { image } = input;
  const grey = greyFromPixels(image);
  const brightness = brightnessStats(image);
  const tone = greyStats(grey);
  const colour = colourStats(image);
  const hashes = imageHashes(grey);
  return {
    decodedWidth: image.width,
    decodedHeight: image.height,
    brightness: brightness.mean,
    brightnessP5: brightness.p5,
    brightnessP50: brightness.p50,
    brightnessP95: brightness.p95,
    brightnessP99: brightness.p99,
    contrast: tone.contrast,
    sharpness: laplacianVariance(grey),
    edgeStd: edgeStd(grey),
    greyHistogramStd: tone.histogramStd,
    entropy: tone.entropy,
    colourfulness: colour.colourfulness,
    grayscale: (input.fileChannels !== undefined && input.fileChannels <= 2) || colour.grey,
    aspectRatio: input.width / input.height,
    ...hashes,
  };
}
