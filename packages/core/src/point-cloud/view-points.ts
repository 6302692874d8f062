import type { PointCloud } from '../model/point-cloud.js';

/** What the viewer colours points by: z (height), the `intensity` field, or a `label` field. */
export type PointColorBy = 'height' | 'intensity' | 'label';
export const POINT_COLOR_BY: readonly PointColorBy[] = ['height', 'intensity', 'label'];

export interface ViewPoints {
  /** Points kept. */
  count: number;
  /** Points in the cloud. */
  total: number;
  /** The attribute written: the one asked for, or `height` when the cloud has no such field. */
  attribute: PointColorBy;
  /** `count` × (x, y, z) interleaved, then `count` attribute values: one buffer for the wire. */
  data: Float32Array;
}

const FIELD: Record<PointColorBy, string[]> = {
  height: ['z'],
  intensity: ['intensity', 'remission', 'reflectance', 'i'],
  // Then the other per-point label fields the point file readers take (point-files-read.ts LABEL_FIELDS):
  // LAS's classification among them.
  label: [
    'label',
    'class',
    'semantic',
    'object',
    'semantic_label',
    'scalar_label',
    'classification',
    'scalar_classification',
    'sem_class',
  ],
};

/**
 * The points a viewer draws: every point when there are at most `maxPoints`, else an even stride
 * through the file order (points 0, k, 2k, ... with k = ceil(total / maxPoints)), so a sweep keeps its
 * shape; non-finite points are dropped. Packed as xyz then one attribute, Float32.
 */
export function viewPoints(cloud: PointCloud, maxPoints: number, colorBy: PointColorBy): ViewPoints {
  const x = cloud.fields.x;
  const y = cloud.fields.y;
  const z = cloud.fields.z;
  if (!x || !y || !z) throw new RangeError('viewPoints: the cloud has no x, y, z fields');
  // Names match whatever their case (CloudCompare's `scalar_Label`).
  const keys = Object.keys(cloud.fields);
  const name = FIELD[colorBy]
    .map((f) => keys.find((k) => k.toLowerCase() === f))
    .find((k) => k !== undefined);
  const attribute = name === undefined ? 'height' : colorBy;
  const attr = cloud.fields[name ?? 'z'] as Float32Array;
  const total = cloud.count;
  const stride = Math.max(1, Math.ceil(total / Math.max(1, maxPoints)));
  const room = Math.ceil(total / stride);
  const xyz = new Float32Array(room * 3);
  const values = new Float32Array(room);
  let n = 0;
  for (let i = 0; i < total; i += stride) {
    const px = x[i] as number;
    const py = y[i] as number;
    const pz = z[i] as number;
    if (!Number.isFinite(px) || !Number.isFinite(py) || !Number.isFinite(pz)) continue;
    xyz[n * 3] = px;
    xyz[n * 3 + 1] = py;
    xyz[n * 3 + 2] = pz;
    values[n] = attr[i] as number;
    n++;
  }
  const data = new Float32Array(n * 4);
  data.set(xyz.subarray(0, n * 3));
  data.set(values.subarray(0, n), n * 3);
  return { count: n, total, attribute, data };
}
