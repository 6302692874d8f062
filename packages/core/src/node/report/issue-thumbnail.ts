import { join } from 'node:path';
import sharp, { type OutputInfo } from 'sharp';
import type { Thumbnail, ThumbnailBox } from '../../report/report-data.js';
import type { StoredAnnotation, StoredSample } from '../../store/project-store.js';
import { mediaRefusal, realRoot } from '../media-path.js';

export interface IssueThumbnailOptions {
  /** Largest thumbnail width and height in px (default 160 × 120). */
  maxWidth?: number;
  maxHeight?: number;
  /** JPEG quality (default 72). */
  quality?: number;
  /** Refuse to decode more pixels than this (default 100 million, as scan). */
  maxPixels?: number;
}

/** A box to draw: the annotation, and whether it is the one the issue is about. */
export interface ThumbnailAnnotation {
  annotation: StoredAnnotation;
  highlight: boolean;
}

/**
 * A small JPEG of the sample as a data: URI, EXIF orientation applied, with its boxes scaled to the
 * thumbnail. Annotation coordinates are in the sample's declared size (else its scanned size, turned by
 * the orientation). Returns a reason instead when the file cannot be shown.
 */
export async function issueThumbnail(
  sample: StoredSample,
  imagesRoot: string,
  annotations: ThumbnailAnnotation[],
  options: IssueThumbnailOptions = {},
): Promise<{ thumbnail: Thumbnail } | { reason: string }> {
  if (sample.probe.status !== 'ok') return { reason: `image ${sample.probe.status}` };
  const maxWidth = options.maxWidth ?? 160;
  const maxHeight = options.maxHeight ?? 120;
  let data: Buffer;
  let info: OutputInfo;
  const path = join(imagesRoot, sample.key);
  try {
    const refusal = mediaRefusal(path, [realRoot(imagesRoot)]);
    if (refusal !== undefined) return { reason: `not shown: the file ${refusal.reason}` };
  } catch (error) {
    return {
      reason: `cannot read: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    };
  }
  try {
    ({ data, info } = await sharp(path, {
      failOn: 'none',
      limitInputPixels: options.maxPixels ?? 100_000_000,
    })
      .rotate()
      .resize(maxWidth, maxHeight, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: options.quality ?? 72, mozjpeg: false })
      .toBuffer({ resolveWithObject: true }));
  } catch (error) {
    return {
      reason: `cannot decode: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    };
  }
  const turned = (sample.probe.orientation ?? 1) >= 5;
  const shownW = (turned ? sample.probe.height : sample.probe.width) ?? info.width;
  const shownH = (turned ? sample.probe.width : sample.probe.height) ?? info.height;
  const sx = info.width / (sample.width ?? shownW);
  const sy = info.height / (sample.height ?? shownH);
  const boxes: ThumbnailBox[] = [];
  for (const { annotation: a, highlight } of annotations) {
    if (!a.bbox || a.kind === 'classification') continue;
    const [x, y, w, h] = a.bbox;
    const box: ThumbnailBox = { x: x * sx, y: y * sy, w: w * sx, h: h * sy, highlight };
    if (a.label !== undefined) box.label = a.source === 'ground_truth' ? a.label : `${a.label} (${a.source})`;
    boxes.push(box);
  }
  // The issue's box last, so it is drawn on top.
  boxes.sort((a, b) => Number(a.highlight ?? false) - Number(b.highlight ?? false));
  return {
    thumbnail: {
      src: `data:image/jpeg;base64,${data.toString('base64')}`,
      width: info.width,
      height: info.height,
      boxes,
    },
  };
}
