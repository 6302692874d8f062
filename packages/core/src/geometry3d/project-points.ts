import type { Cuboid } from '../model/annotation.js';
import type { CameraIntrinsics } from '../model/sensor.js';
import { cuboidCorners } from './cuboid-geometry.js';
import type { Mat34 } from './mat34.js';

/** Points closer to the camera than this (metres along its optical axis) are not projected. */
export const MIN_DEPTH = 0.1;

/** Pixel coordinates of the points that fall in the image, with their depth and index in the cloud. */
export interface ProjectedPoints {
  count: number;
  u: Float32Array;
  v: Float32Array;
  depth: Float32Array;
  index: Uint32Array;
}

export interface ProjectPointsOptions {
  /** Image size; points outside it are left out (default: the intrinsics' size, else no clipping). */
  width?: number;
  height?: number;
  /** Keep every `stride`-th point only (default 1). */
  stride?: number;
}

/**
 * Projects LiDAR points into a camera image: p_cam = toCamera · p, then the pinhole model. Points behind
 * the camera (depth < MIN_DEPTH) or outside the image are left out. Typed arrays in and out.
 */
export function projectPoints(
  x: Float32Array,
  y: Float32Array,
  z: Float32Array,
  count: number,
  toCamera: Mat34,
  k: CameraIntrinsics,
  options: ProjectPointsOptions = {},
): ProjectedPoints {
  const width = options.width ?? k.width ?? Number.POSITIVE_INFINITY;
  const height = options.height ?? k.height ?? Number.POSITIVE_INFINITY;
  const stride = Math.max(1, Math.floor(options.stride ?? 1));
  const cap = Math.ceil(count / stride);
  const u = new Float32Array(cap);
  const v = new Float32Array(cap);
  const depth = new Float32Array(cap);
  const index = new Uint32Array(cap);
  const m = toCamera;
  const skew = k.skew ?? 0;
  let n = 0;
  for (let i = 0; i < count; i += stride) {
    const px = x[i]!;
    const py = y[i]!;
    const pz = z[i]!;
    const cz = m[8]! * px + m[9]! * py + m[10]! * pz + m[11]!;
    if (!(cz >= MIN_DEPTH)) continue;
    const cx = m[0]! * px + m[1]! * py + m[2]! * pz + m[3]!;
    const cy = m[4]! * px + m[5]! * py + m[6]! * pz + m[7]!;
    const pu = (k.fx * cx + skew * cy) / cz + k.cx;
    const pv = (k.fy * cy) / cz + k.cy;
    if (!(pu >= 0 && pv >= 0 && pu < width && pv < height)) continue;
    u[n] = pu;
    v[n] = pv;
    depth[n] = cz;
    index[n] = i;
    n++;
  }
  return {
    count: n,
    u: u.subarray(0, n),
    v: v.subarray(0, n),
    depth: depth.subarray(0, n),
    index: index.subarray(0, n),
  };
}

/**
 * The image box [x, y, w, h] of a cuboid seen by a camera: the extent of its corners that lie in front
 * of the camera, clipped to the image. Undefined when no corner is in front or the box misses the image.
 * (Corners behind the camera are left out rather than clipped against the near plane: for boxes cut by
 * the image plane the box is then smaller than the true outline, as KITTI's devkit draws it.)
 */
export function projectCuboidBox(
  c: Cuboid,
  toCamera: Mat34,
  k: CameraIntrinsics,
  width: number,
  height: number,
): [number, number, number, number] | undefined {
  const corners = cuboidCorners(c, toCamera);
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  const skew = k.skew ?? 0;
  for (let j = 0; j < 8; j++) {
    const cz = corners[j * 3 + 2]!;
    if (cz < MIN_DEPTH) continue;
    const u = (k.fx * corners[j * 3]! + skew * corners[j * 3 + 1]!) / cz + k.cx;
    const v = (k.fy * corners[j * 3 + 1]!) / cz + k.cy;
    x0 = Math.min(x0, u);
    y0 = Math.min(y0, v);
    x1 = Math.max(x1, u);
    y1 = Math.max(y1, v);
  }
  if (x0 > x1) return undefined;
  x0 = Math.max(0, x0);
  y0 = Math.max(0, y0);
  x1 = Math.min(width, x1);
  y1 = Math.min(height, y1);
  if (x1 <= x0 || y1 <= y0) return undefined;
  return [x0, y0, x1 - x0, y1 - y0];
}
