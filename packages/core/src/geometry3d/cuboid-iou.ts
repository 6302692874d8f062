import type { Cuboid } from '../model/annotation.js';

/** The 4 footprint corners (x, y) of a box seen from above, counter-clockwise. */
export function cuboidFootprint(c: Cuboid): number[] {
  const [l, w] = c.size;
  const cos = Math.cos(c.yaw);
  const sin = Math.sin(c.yaw);
  const out: number[] = [];
  for (const [u, v] of [
    [l / 2, w / 2],
    [-l / 2, w / 2],
    [-l / 2, -w / 2],
    [l / 2, -w / 2],
  ] as const) {
    out.push(c.center[0] + u * cos - v * sin, c.center[1] + u * sin + v * cos);
  }
  return out;
}

function polygonArea(p: number[]): number {
  let a = 0;
  for (let i = 0; i < p.length; i += 2) {
    const j = (i + 2) % p.length;
    a += p[i]! * p[j + 1]! - p[j]! * p[i + 1]!;
  }
  return Math.abs(a) / 2;
}

/** Sutherland–Hodgman: the part of convex polygon `subject` inside convex counter-clockwise polygon `clip`. */
function clipPolygon(subject: number[], clip: number[]): number[] {
  let out = subject;
  for (let i = 0; i < clip.length && out.length > 0; i += 2) {
    const ax = clip[i]!;
    const ay = clip[i + 1]!;
    const bx = clip[(i + 2) % clip.length]!;
    const by = clip[(i + 3) % clip.length]!;
    const side = (x: number, y: number) => (bx - ax) * (y - ay) - (by - ay) * (x - ax);
    const input = out;
    out = [];
    for (let j = 0; j < input.length; j += 2) {
      const px = input[j]!;
      const py = input[j + 1]!;
      const qx = input[(j + 2) % input.length]!;
      const qy = input[(j + 3) % input.length]!;
      const sp = side(px, py);
      const sq = side(qx, qy);
      if (sp >= 0) out.push(px, py);
      if (sp >= 0 !== sq >= 0) {
        const t = sp / (sp - sq);
        out.push(px + t * (qx - px), py + t * (qy - py));
      }
    }
  }
  return out;
}

/** Area of the intersection of two boxes' footprints (yaw-only boxes, seen from above). */
export function cuboidBevIntersection(a: Cuboid, b: Cuboid): number {
  const dx = a.center[0] - b.center[0];
  const dy = a.center[1] - b.center[1];
  const reach = (Math.hypot(a.size[0], a.size[1]) + Math.hypot(b.size[0], b.size[1])) / 2;
  if (dx * dx + dy * dy > reach * reach) return 0;
  const part = clipPolygon(cuboidFootprint(a), cuboidFootprint(b));
  return part.length < 6 ? 0 : polygonArea(part);
}

/** Bird's-eye-view IoU of two boxes (footprints; heights ignored). */
export function cuboidIouBev(a: Cuboid, b: Cuboid): number {
  const inter = cuboidBevIntersection(a, b);
  if (inter === 0) return 0;
  return inter / (a.size[0] * a.size[1] + b.size[0] * b.size[1] - inter);
}

/** 3D IoU of two yaw-only boxes: footprint intersection × overlap of their vertical extents. */
export function cuboidIou3d(a: Cuboid, b: Cuboid): number {
  const inter = cuboidBevIntersection(a, b);
  if (inter === 0) return 0;
  const top = Math.min(a.center[2] + a.size[2] / 2, b.center[2] + b.size[2] / 2);
  const bottom = Math.max(a.center[2] - a.size[2] / 2, b.center[2] - b.size[2] / 2);
  const volume = inter * Math.max(0, top - bottom);
  if (volume === 0) return 0;
  const va = a.size[0] * a.size[1] * a.size[2];
  const vb = b.size[0] * b.size[1] * b.size[2];
  return volume / (va + vb - volume);
}
