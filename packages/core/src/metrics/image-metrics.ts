import { imageHashes } from './perceptual-hash.js';
import type { PixelImage, SampleMetrics } from './sample-metrics.js';
import { sharpnessStats } from './sharpness.js';
import { toneStats } from './tone-stats.js';

export interface ImageMetricsInput {
  /** The decoded (shrunk) image, oriented as displayed. */
  image: PixelImage;
  /** Displayed size of the full image, for the aspect ratio. */
  width: number;
  height: number;
  /** Colour channels of the file (1 or 2 = grey, with or without alpha); from the header. */
  fileChannels?: number;
}

/** The grey image of the last call, reused (grown when an image needs more). */
let greyScratch = new Uint8Array(256 * 256);

/** Every metric but the decoded-pixel hash (which needs a cryptographic hash: the node layer adds it). */
export function imageMetrics(input: ImageMetricsInput): Omit<SampleMetrics, 'pixelHash'> {
  const { image } = input;
  const pixels = image.width * image.height;
  if (greyScratch.length < pixels) greyScratch = new Uint8Array(pixels);
  const tone = toneStats(image, { greyOut: greyScratch });
  const grey = tone.greyImage;
  const hashes = imageHashes(grey);
  const sharpness = sharpnessStats(grey);
  return {
    decodedWidth: image.width,
    decodedHeight: image.height,
    brightness: tone.brightness.mean,
    brightnessP5: tone.brightness.p5,
    brightnessP50: tone.brightness.p50,
    brightnessP95: tone.brightness.p95,
    brightnessP99: tone.brightness.p99,
    contrast: tone.grey.contrast,
    sharpness: sharpness.laplacianVariance,
    edgeStd: sharpness.edgeStd,
    greyHistogramStd: tone.grey.histogramStd,
    entropy: tone.grey.entropy,
    colourfulness: tone.colour.colourfulness,
    grayscale: (input.fileChannels !== undefined && input.fileChannels <= 2) || tone.colour.grey,
    aspectRatio: input.width / input.height,
    ...hashes,
  };
}
