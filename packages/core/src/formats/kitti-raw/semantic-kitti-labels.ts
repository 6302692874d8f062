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

/** Points per class value. */
export function labelCounts(labels: Uint16Array): Map<number, number> {
  const counts = new Map<number, number>();
  for (const v of labels) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}
