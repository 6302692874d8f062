import { AssayError } from '../../errors.js';

/**
 * SemanticKITTI's label names (semantic-kitti.yaml `labels`, semantic-kitti-api): the value in the
 * lower 16 bits of each point's uint32 label; the upper 16 bits hold the instance id.
 */
export const SEMANTIC_KITTI_LABELS: Readonly<Record<number, string>> = {
  0: 'unlabeled',
  1: 'outlier',
  10: 'car',
  11: 'bicycle',
  13: 'bus',
  15: 'motorcycle',
  16: 'on-rails',
  18: 'truck',
  20: 'other-vehicle',
  30: 'person',
  31: 'bicyclist',
  32: 'motorcyclist',
  40: 'road',
  44: 'parking',
  48: 'sidewalk',
  49: 'other-ground',
  50: 'building',
  51: 'fence',
  52: 'other-structure',
  60: 'lane-marking',
  70: 'vegetation',
  71: 'trunk',
  72: 'terrain',
  80: 'pole',
  81: 'traffic-sign',
  99: 'other-object',
  252: 'moving-car',
  253: 'moving-bicyclist',
  254: 'moving-person',
  255: 'moving-motorcyclist',
  256: 'moving-on-rails',
  257: 'moving-bus',
  258: 'moving-truck',
  259: 'moving-other-vehicle',
};

/** A label value's class name: SemanticKITTI's, else the number. */
export const semanticKittiName = (value: number): string => SEMANTIC_KITTI_LABELS[value] ?? String(value);

/**
 * The semantic class of each point of a `.label` file (little-endian uint32 per point, class = the lower
 * 16 bits). `points` is the sweep's point count: a file of another length is a PARSE_ERROR naming it.
 */
export function decodeSemanticKittiLabels(bytes: Uint8Array, file: string, points?: number): Uint16Array {
  if (bytes.byteLength % 4 !== 0 || (points !== undefined && bytes.byteLength !== points * 4)) {
    const what =
      bytes.byteLength % 4 !== 0
        ? `${bytes.byteLength} bytes, not a whole number of uint32 labels`
        : `${bytes.byteLength / 4} labels for a sweep of ${points} points`;
    throw new AssayError('PARSE_ERROR', `${file}: ${what}.`, {
      hint: 'A SemanticKITTI .label file holds one little-endian uint32 per point of the sweep of the same name (4 bytes each); it is truncated or belongs to another sweep.',
      details: { file, bytes: bytes.byteLength, ...(points === undefined ? {} : { points }) },
    });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Uint16Array(bytes.byteLength / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getUint32(i * 4, true) & 0xffff;
  return out;
}

/** Points per class value. */
export function labelCounts(labels: Uint16Array): Map<number, number> {
  const counts = new Map<number, number>();
  for (const v of labels) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}
