import type { PointCloud, Vec3 } from '../model/point-cloud.js';
import type { LayoutField, PointLayout } from './point-layout.js';

const AXES = ['x', 'y', 'z'] as const;

/**
 * The precision a double coordinate (PLY `double`, PCD `F 8`) is kept to when it has no grid of its
 * own: a centimetre, which float32 holds below 131,072 (2^17).
 */
const DOUBLE_PRECISION = 0.01;

/** The distance between neighbouring float32 values at magnitude `m` (0 for 0 or non-finite). */
export function float32Step(m: number): number {
  return m > 0 && Number.isFinite(m) ? 2 ** (Math.floor(Math.log2(m)) - 23) : 0;
}

/** The precision axis k's values are stored to, or undefined when they are float32 already (nothing to keep). */
function storedPrecision(layout: PointLayout, f: LayoutField, k: number): number | undefined {
  if (layout.grid !== undefined) return layout.grid.scale[k];
  return f.type === 'f64' ? DOUBLE_PRECISION : undefined;
}

/**
 * A local origin for a file whose x, y, z are stored more precisely than float32 holds them where they
 * lie (LAS integers on a survey grid, doubles), or undefined when float32 keeps them: per axis, whole
 * kilometres below the header's minimum (LAS; when it holds the first point) or below the first point,
 * where float32's step at the axis' largest magnitude is not finer than the stored precision; 0 elsewhere.
 */
export function chooseOrigin(layout: PointLayout, first: Vec3 | undefined): Vec3 | undefined {
  const origin: Vec3 = [0, 0, 0];
  const extent = layout.extent;
  const holdsFirst = extent && first?.every((v, k) => v >= extent.min[k]! - 1 && v <= extent.max[k]! + 1);
  AXES.forEach((name, k) => {
    const f = layout.fields.find((l) => l.name === name);
    const want = f === undefined ? undefined : storedPrecision(layout, f, k);
    if (want === undefined) return;
    const low = holdsFirst ? extent.min[k]! : first?.[k];
    const high = holdsFirst ? extent.max[k]! : first?.[k];
    if (low === undefined || high === undefined || !Number.isFinite(low) || !Number.isFinite(high)) return;
    const m = Math.max(Math.abs(low), Math.abs(high));
    if (float32Step(m) >= want) origin[k] = Math.floor(low / 1000) * 1000;
  });
  return origin.some((v) => v !== 0) ? origin : undefined;
}

/** `layout` with `origin` subtracted from x, y, z as they are decoded (in float64, before float32). */
export function shiftLayout(layout: PointLayout, origin: Vec3): PointLayout {
  const fields = layout.fields.map((f) => {
    const k = AXES.indexOf(f.name as (typeof AXES)[number]);
    if (k < 0 || origin[k] === 0) return f;
    return { ...f, scale: f.scale ?? 1, add: (f.add ?? 0) - origin[k]! };
  });
  return { ...layout, fields, origin };
}

/**
 * Axis `k` (0 = x) of a cloud's points in the file's own coordinates, float64: the origin added back and,
 * on a grid (LAS), snapped to it (integer × scale + offset, as a LAS reader computes it), so that a value
 * the file stored comes back exactly.
 */
export function worldColumn(cloud: PointCloud, k: 0 | 1 | 2): Float64Array {
  const col = cloud.fields[AXES[k]];
  const out = new Float64Array(cloud.count);
  if (col === undefined) return out;
  const o = cloud.origin?.[k] ?? 0;
  const grid = cloud.grid;
  if (grid === undefined) {
    for (let i = 0; i < cloud.count; i++) out[i] = col[i]! + o;
    return out;
  }
  const scale = grid.scale[k];
  const offset = grid.offset[k];
  for (let i = 0; i < cloud.count; i++) out[i] = Math.round((col[i]! + o - offset) / scale) * scale + offset;
  return out;
}
