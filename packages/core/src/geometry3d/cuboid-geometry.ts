import type { Cuboid } from '../model/annotation.js';
import { type Mat34, mat34Apply, mat34FromRigid } from './mat34.js';

/** Box → its frame: rotation (full when given, else yaw about +z) and the centre. */
export function cuboidPose(c: Cuboid): Mat34 {
  const rotation = c.rotation ?? [Math.cos(c.yaw / 2), 0, 0, Math.sin(c.yaw / 2)];
  return mat34FromRigid({ rotation, translation: c.center });
}

/**
 * The 8 corners (x, y, z interleaved, 24 numbers) in the box's frame, transformed by `m` when given:
 * bottom face first (z − h/2), counter-clockwise from (+l/2, +w/2), then the top face in the same order.
 */
export function cuboidCorners(c: Cuboid, m?: Mat34): Float64Array {
  const pose = cuboidPose(c);
  const [l, w, h] = c.size;
  const out = new Float64Array(24);
  const xs = [l / 2, -l / 2, -l / 2, l / 2];
  const ys = [w / 2, w / 2, -w / 2, -w / 2];
  for (let k = 0; k < 8; k++) {
    const z = k < 4 ? -h / 2 : h / 2;
    let p = mat34Apply(pose, xs[k % 4]!, ys[k % 4]!, z);
    if (m !== undefined) p = mat34Apply(m, p[0], p[1], p[2]);
    out[k * 3] = p[0];
    out[k * 3 + 1] = p[1];
    out[k * 3 + 2] = p[2];
  }
  return out;
}

/**
 * How many of the points (in the box's frame) lie inside the box (surface included). Points are tested
 * in the box's own axes: a rotation by −yaw (or the inverse of the full rotation) of p − centre.
 */
export function pointsInCuboid(
  x: Float32Array,
  y: Float32Array,
  z: Float32Array,
  count: number,
  c: Cuboid,
): number {
  return pointsInCuboidRanges(x, y, z, [0, count], c);
}

/** pointsInCuboid over the points in the ranges [from, to) given as a flat list (pointGridRanges). */
export function pointsInCuboidRanges(
  x: Float32Array,
  y: Float32Array,
  z: Float32Array,
  ranges: readonly number[],
  c: Cuboid,
): number {
  const pose = cuboidPose(c);
  const [l, w, h] = c.size;
  const hl = l / 2;
  const hw = w / 2;
  const hh = h / 2;
  const [cx, cy, cz] = c.center;
  // Rows of R^T are the box axes: local = R^T (p − c).
  const r00 = pose[0]!;
  const r10 = pose[4]!;
  const r20 = pose[8]!;
  const r01 = pose[1]!;
  const r11 = pose[5]!;
  const r21 = pose[9]!;
  const r02 = pose[2]!;
  const r12 = pose[6]!;
  const r22 = pose[10]!;
  const radius = Math.hypot(hl, hw, hh);
  let n = 0;
  for (let r = 0; r + 1 < ranges.length; r += 2) {
    const to = ranges[r + 1]!;
    for (let i = ranges[r]!; i < to; i++) {
      const dx = x[i]! - cx;
      const dy = y[i]! - cy;
      const dz = z[i]! - cz;
      if (dx > radius || dx < -radius || dy > radius || dy < -radius || dz > radius || dz < -radius) continue;
      const u = r00 * dx + r10 * dy + r20 * dz;
      if (u > hl || u < -hl) continue;
      const v = r01 * dx + r11 * dy + r21 * dz;
      if (v > hw || v < -hw) continue;
      const t = r02 * dx + r12 * dy + r22 * dz;
      if (t <= hh && t >= -hh) n++;
    }
  }
  return n;
}
