import type { Bounds3, PointCloud, PointCloudFormat, PointCloudInfo } from '../model/point-cloud.js';
import { type DecodePointsOptions, decodePoints } from './decode-points.js';

/** Running bounds of the finite points seen so far (min > max while none was seen). */
export function emptyBounds(): Bounds3 {
  const inf = Number.POSITIVE_INFINITY;
  return { min: [inf, inf, inf], max: [-inf, -inf, -inf] };
}

/** Widens `into` by the finite points of `cloud` (a point with a NaN or infinite coordinate is left out). */
export function pointBounds(cloud: PointCloud, into: Bounds3 = emptyBounds()): Bounds3 {
  const { x, y, z } = cloud.fields;
  if (x === undefined || y === undefined || z === undefined) return into;
  let [x0, y0, z0] = into.min;
  let [x1, y1, z1] = into.max;
  for (let i = 0; i < cloud.count; i++) {
    const a = x[i]!;
    const b = y[i]!;
    const c = z[i]!;
    if (!(Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c))) continue;
    if (a < x0) x0 = a;
    if (a > x1) x1 = a;
    if (b < y0) y0 = b;
    if (b > y1) y1 = b;
    if (c < z0) z0 = c;
    if (c > z1) z1 = c;
  }
  into.min = [x0, y0, z0];
  into.max = [x1, y1, z1];
  return into;
}

export interface SummarizePointsOptions extends DecodePointsOptions {
  /** Count the points per value of this field (a per-point class label) into `counts`. */
  countField?: string;
  counts?: Map<number, number>;
}

/**
 * Format, point count, fields and bounds of a point file, read as a stream (nothing kept but the bounds);
 * with the local origin subtracted (`origin`: `auto` chooses one when the coordinates need it).
 */
export async function summarizePoints(
  chunks: AsyncIterable<Uint8Array>,
  format: PointCloudFormat,
  options: SummarizePointsOptions = {},
): Promise<PointCloudInfo> {
  const bounds = emptyBounds();
  const it = decodePoints(chunks, format, options);
  let next = await it.next();
  while (!next.done) {
    pointBounds(next.value, bounds);
    const values = options.countField === undefined ? undefined : next.value.fields[options.countField];
    if (values !== undefined && options.counts !== undefined) {
      for (const v of values) options.counts.set(v, (options.counts.get(v) ?? 0) + 1);
    }
    next = await it.next();
  }
  const layout = next.value;
  const info: PointCloudInfo = { format, count: layout.count ?? 0, fields: layout.fields.map((f) => f.name) };
  if (bounds.min[0] <= bounds.max[0]) info.bounds = bounds;
  if (layout.origin !== undefined) info.origin = layout.origin;
  return info;
}
