import type { Cuboid } from '../model/annotation.js';
import type { PointCloud } from '../model/point-cloud.js';
import { vecQuantileSorted } from '../stats/summarize.js';
import { pointsInCuboid } from './cuboid-geometry.js';

/** Width of the ring around a box's footprint whose low points give the local ground, metres. */
const GROUND_RING_M = 3;
/** The ground is this quantile of the ring's heights (low, so that cars and walls nearby do not lift it). */
const GROUND_QUANTILE = 0.1;
/** Fewest ring points for a ground estimate. */
const GROUND_MIN_POINTS = 10;

export interface SweepMeasures {
  count: number;
  /** Median horizontal distance of the points from the sensor, metres (every 8th point). */
  medianRange: number;
  /** Points inside each box, in the order given. */
  inside: Int32Array;
  /** Local ground height around each box (NaN when too few points lie around it). */
  ground: Float64Array;
}

/** Points in each box, the ground around each box, and the sweep's size and median range (boxes in the sweep's frame). */
export function measureSweep(cloud: PointCloud, boxes: readonly Cuboid[]): SweepMeasures {
  const { x, y, z } = cloud.fields;
  const n = cloud.count;
  const inside = new Int32Array(boxes.length);
  const ground = new Float64Array(boxes.length).fill(Number.NaN);
  if (x === undefined || y === undefined || z === undefined)
    return { count: n, medianRange: Number.NaN, inside, ground };
  const ranges: number[] = [];
  for (let i = 0; i < n; i += 8) ranges.push(Math.hypot(x[i]!, y[i]!));
  const medianRange = ranges.length === 0 ? 0 : vecQuantileSorted(Float64Array.from(ranges).sort(), 0.5);
  boxes.forEach((b, k) => {
    inside[k] = pointsInCuboid(x, y, z, n, b);
    const r0 = Math.hypot(b.size[0], b.size[1]) / 2;
    const r1 = r0 + GROUND_RING_M;
    const [cx, cy] = b.center;
    const heights: number[] = [];
    for (let i = 0; i < n; i++) {
      const dx = x[i]! - cx;
      if (dx > r1 || dx < -r1) continue;
      const dy = y[i]! - cy;
      if (dy > r1 || dy < -r1) continue;
      const d = dx * dx + dy * dy;
      if (d >= r0 * r0 && d <= r1 * r1) heights.push(z[i]!);
    }
    if (heights.length >= GROUND_MIN_POINTS)
      ground[k] = vecQuantileSorted(Float64Array.from(heights).sort(), GROUND_QUANTILE);
  });
  return { count: n, medianRange, inside, ground };
}
