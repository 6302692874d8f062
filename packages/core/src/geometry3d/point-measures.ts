import type { Cuboid } from '../model/annotation.js';
import type { PointCloud } from '../model/point-cloud.js';
import { vecQuantileSorted } from '../stats/summarize.js';
import { pointsInCuboidRanges } from './cuboid-geometry.js';
import { type GridRegion, type PointGrid, pointGridBuild, pointGridRanges } from './point-grid.js';

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

/** Half the side of the square around a box's centre that holds its points and its ground ring. */
function reach(b: Cuboid): number {
  return Math.max(Math.hypot(b.size[0], b.size[1]) / 2 + GROUND_RING_M, Math.hypot(...b.size) / 2);
}

/** The square covering every box's reach (undefined when no box has a finite one). */
function boxesRegion(boxes: readonly Cuboid[]): GridRegion | undefined {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const b of boxes) {
    const r = reach(b);
    const [cx, cy] = b.center;
    if (!Number.isFinite(r + cx + cy)) continue;
    minX = Math.min(minX, cx - r);
    minY = Math.min(minY, cy - r);
    maxX = Math.max(maxX, cx + r);
    maxY = Math.max(maxY, cy + r);
  }
  return minX <= maxX ? { minX, minY, maxX, maxY } : undefined;
}

/** The ground height around a box: a low quantile of the points' z in the ring around its footprint. */
function groundAround(grid: PointGrid, ranges: readonly number[], b: Cuboid): number {
  const r0 = Math.hypot(b.size[0], b.size[1]) / 2;
  const r1 = r0 + GROUND_RING_M;
  const [cx, cy] = b.center;
  const { x, y, z } = grid;
  const heights: number[] = [];
  for (let r = 0; r + 1 < ranges.length; r += 2) {
    const to = ranges[r + 1]!;
    for (let i = ranges[r]!; i < to; i++) {
      const dx = x[i]! - cx;
      if (dx > r1 || dx < -r1) continue;
      const dy = y[i]! - cy;
      if (dy > r1 || dy < -r1) continue;
      const d = dx * dx + dy * dy;
      if (d >= r0 * r0 && d <= r1 * r1) heights.push(z[i]!);
    }
  }
  return heights.length >= GROUND_MIN_POINTS
    ? vecQuantileSorted(Float64Array.from(heights).sort(), GROUND_QUANTILE)
    : Number.NaN;
}

/**
 * Points in each box, the ground around each box, and the sweep's size and median range (boxes in the
 * sweep's frame). One pass over the sweep for all boxes: the points near the boxes are binned into a
 * bird's-eye-view grid (point-grid.ts), and each box then tests only the cells its reach covers.
 */
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
  const region = boxesRegion(boxes);
  if (region === undefined) return { count: n, medianRange, inside, ground };
  const grid = pointGridBuild(x, y, z, n, region);
  boxes.forEach((b, k) => {
    const r = reach(b);
    const [cx, cy] = b.center;
    const near = pointGridRanges(grid, cx - r, cy - r, cx + r, cy + r);
    inside[k] = pointsInCuboidRanges(grid.x, grid.y, grid.z, near, b);
    ground[k] = groundAround(grid, near, b);
  });
  return { count: n, medianRange, inside, ground };
}
