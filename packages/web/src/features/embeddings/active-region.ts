import type { MapRegion } from '@assay/api';
import { pointsInPolygon } from './lasso-region.js';

/** The filter's map region as the map shows it. */
export type ActiveRegion =
  | { stale: false; count: number; outline: [number, number][][] }
  /** Drawn on an earlier projection (its `projection` is not the shown one's fingerprint). */
  | { stale: true };

/**
 * The filter's region on the shown projection: its polygons in the plot's coordinates (normalisePoints'
 * cx, cy, span) and the number of points inside one of them (the server's rule, lasso-region.ts), or
 * stale when it names another fingerprint; null without a region or when it is of another projection.
 */
export function activeRegion(
  region: MapRegion | undefined,
  points: {
    model: string | null;
    method: string | null;
    fingerprint: string | null;
    x: Float32Array;
    y: Float32Array;
  },
  view: { cx: number; cy: number; span: number },
): ActiveRegion | null {
  if (!region || region.model !== points.model || region.method !== points.method) return null;
  if (region.projection !== undefined && region.projection !== points.fingerprint) return { stale: true };
  const inside = new Set<number>();
  for (const polygon of region.polygons)
    for (const i of pointsInPolygon(points.x, points.y, polygon)) inside.add(i);
  const k = 1.9 / view.span;
  const outline = region.polygons.map((polygon) =>
    polygon.map(([x, y]): [number, number] => [(x - view.cx) * k, (y - view.cy) * k]),
  );
  return { stale: false, count: inside.size, outline };
}
