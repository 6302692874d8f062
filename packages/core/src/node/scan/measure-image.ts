import { createHash } from 'node:crypto';
import { imageMetrics } from '../../metrics/image-metrics.js';
import type { PixelImage, SampleMetrics } from '../../metrics/sample-metrics.js';
import type { MediaProbe } from '../../model/sample.js';

/**
 * All metrics of one decoded image: the pure ones (core/metrics) plus the decoded-pixel hash,
 * SHA-256 of "width×height×channels:" then the pixels of the shrunk decode. Two files with the same
 * pixels (a lossless re-encode, other PNG compression, stripped metadata) get the same hash; for
 * images larger than the decode size the pixels compared are those at the decode size.
 */
export function measureImage(image: PixelImage, probe: MediaProbe): SampleMetrics {
  const rotated = (probe.orientation ?? 1) >= 5;
  const width = (rotated ? probe.height : probe.width) ?? image.width;
  const height = (rotated ? probe.width : probe.height) ?? image.height;
  const pixelHash = createHash('sha256')
    .update(`${image.width}x${image.height}x${image.channels}:`)
    .update(image.data)
    .digest('hex');
  return {
    ...imageMetrics({
      image,
      width,
      height,
      ...(probe.channels === undefined ? {} : { fileChannels: probe.channels }),
    }),
    pixelHash,
  };
}
