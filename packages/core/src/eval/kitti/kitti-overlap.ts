import type { KittiObjects } from './kitti-objects.js';

/**
 * The three overlaps of the KITTI object devkit (cpp/evaluate_object.cpp: imageBoxOverlap,
 * groundBoxOverlap, box3DOverlap), detection `a` against ground truth (or a DontCare area) `b`.
 * `criterion` -1 is intersection over union; 0 is intersection over the detection's own area or
 * volume (how the devkit assigns detections to DontCare areas).
 */
export type KittiOverlapCriterion = -1 | 0;

export type KittiMetric = 'image' | 'bev' | '3d';

/** Axis-aligned 2D boxes in the image, as the devkit (areas from the corners, no +1). */
export function boxImageOverlap(
  a: KittiObjects,
  i: number,
  b: KittiObjects,
  j: number,
  criterion: KittiOverlapCriterion,
): number {
  const ax1 = a.x1[i] as number;
  const ay1 = a.y1[i] as number;
  const ax2 = a.x2[i] as number;
  const ay2 = a.y2[i] as number;
  const bx1 = b.x1[j] as number;
  const by1 = b.y1[j] as number;
  const bx2 = b.x2[j] as number;
  const by2 = b.y2[j] as number;
  const w = Math.min(ax2, bx2) - Math.max(ax1, bx1);
  const h = Math.min(ay2, by2) - Math.max(ay1, by1);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  const aArea = (ax2 - ax1) * (ay2 - ay1);
  if (criterion === 0) return inter / aArea;
  const bArea = (bx2 - bx1) * (by2 - by1);
  return inter / (aArea + bArea - inter);
}

/**
 * Bird's-eye-view footprints (x, z) of every object: 4 corners per object (8 numbers), computed as the
 * devkit's toPolygon: the rotation [[cos ry, sin ry], [-sin ry, cos ry]] applied to (±l/2, ±w/2), then
 * shifted by (x, z).
 */
export function bevCorners(objects: KittiObjects): Float64Array {
  const out = new Float64Array(objects.count * 8);
  const cx = [0.5, 0.5, -0.5, -0.5];
  const cz = [0.5, -0.5, -0.5, 0.5];
  for (let k = 0; k < objects.count; k++) {
    const ry = objects.ry[k] as number;
    const c = Math.cos(ry);
    const s = Math.sin(ry);
    const l = objects.l[k] as number;
    const w = objects.w[k] as number;
    for (let p = 0; p < 4; p++) {
      const x = (cx[p] as number) * l;
      const z = (cz[p] as number) * w;
      out[k * 8 + p * 2] = c * x + s * z + (objects.tx[k] as number);
      out[k * 8 + p * 2 + 1] = -s * x + c * z + (objects.tz[k] as number);
    }
  }
  return out;
}

/** Signed shoelace area of a closed ring of `n` points (x, z interleaved). */
function ringArea(ring: Float64Array | number[], n: number): number {
  let sum = 0;
  for (let p = 0; p < n; p++) {
    const q = (p + 1) % n;
    sum +=
      (ring[p * 2] as number) * (ring[q * 2 + 1] as number) -
      (ring[q * 2] as number) * (ring[p * 2 + 1] as number);
  }
  return sum / 2;
}

/** Absolute area of object k's footprint. */
export function bevArea(corners: Float64Array, k: number): number {
  return Math.abs(ringArea(corners.subarray(k * 8, k * 8 + 8), 4));
}

/**
 * Area of the intersection of two convex quadrilaterals (Sutherland-Hodgman clipping of `a` by each
 * edge of `b`, taken counter-clockwise whatever the input's winding).
 */
export function convexIntersectionArea(a: Float64Array, b: Float64Array): number {
  let subject: number[] = Array.from(a);
  const bSign = ringArea(b, 4) >= 0 ? 1 : -1;
  for (let e = 0; e < 4 && subject.length >= 6; e++) {
    const f = bSign > 0 ? e : 3 - e;
    const g = bSign > 0 ? (e + 1) % 4 : (6 - e) % 4;
    const ex = b[f * 2] as number;
    const ez = b[f * 2 + 1] as number;
    const dx = (b[g * 2] as number) - ex;
    const dz = (b[g * 2 + 1] as number) - ez;
    const side = (x: number, z: number) => dx * (z - ez) - dz * (x - ex);
    const next: number[] = [];
    const n = subject.length / 2;
    for (let p = 0; p < n; p++) {
      const px = subject[p * 2] as number;
      const pz = subject[p * 2 + 1] as number;
      const q = (p + 1) % n;
      const qx = subject[q * 2] as number;
      const qz = subject[q * 2 + 1] as number;
      const sp = side(px, pz);
      const sq = side(qx, qz);
      if (sp >= 0) next.push(px, pz);
      if ((sp >= 0 && sq < 0) || (sp < 0 && sq >= 0)) {
        const t = sp / (sp - sq);
        next.push(px + t * (qx - px), pz + t * (qz - pz));
      }
    }
    subject = next;
  }
  return subject.length >= 6 ? Math.abs(ringArea(subject, subject.length / 2)) : 0;
}

/** Footprints and their areas, computed once per side of an evaluation. */
export interface BevShapes {
  corners: Float64Array;
  areas: Float64Array;
}

export function bevShapes(objects: KittiObjects): BevShapes {
  const corners = bevCorners(objects);
  const areas = new Float64Array(objects.count);
  for (let k = 0; k < objects.count; k++) areas[k] = bevArea(corners, k);
  return { corners, areas };
}

/** Footprint intersection of object i of `a` and object j of `b` (0 at once when their circumcircles are apart). */
export function bevIntersection(a: BevShapes, i: number, b: BevShapes, j: number): number {
  const ca = a.corners;
  const cb = b.corners;
  // Centre = mean of opposite corners 0 and 2; radius = half that diagonal.
  const ax = ((ca[i * 8] as number) + (ca[i * 8 + 4] as number)) / 2;
  const az = ((ca[i * 8 + 1] as number) + (ca[i * 8 + 5] as number)) / 2;
  const bx = ((cb[j * 8] as number) + (cb[j * 8 + 4] as number)) / 2;
  const bz = ((cb[j * 8 + 1] as number) + (cb[j * 8 + 5] as number)) / 2;
  const ra = Math.hypot((ca[i * 8] as number) - ax, (ca[i * 8 + 1] as number) - az);
  const rb = Math.hypot((cb[j * 8] as number) - bx, (cb[j * 8 + 1] as number) - bz);
  if (Math.hypot(ax - bx, az - bz) > (ra + rb) * 1.000001 + 1e-9) return 0;
  return convexIntersectionArea(a.corners.subarray(i * 8, i * 8 + 8), b.corners.subarray(j * 8, j * 8 + 8));
}

/** Bird's-eye-view overlap (rotated footprints), as groundBoxOverlap. */
export function boxBevOverlap(
  a: BevShapes,
  i: number,
  b: BevShapes,
  j: number,
  criterion: KittiOverlapCriterion,
): number {
  const inter = bevIntersection(a, i, b, j);
  if (criterion === 0) return inter / (a.areas[i] as number);
  return inter / ((a.areas[i] as number) + (b.areas[j] as number) - inter);
}

/** 3D overlap: footprint intersection times the overlap of the height ranges y - h .. y, as box3DOverlap. */
export function box3dOverlap(
  a: KittiObjects,
  as: BevShapes,
  i: number,
  b: KittiObjects,
  bs: BevShapes,
  j: number,
  criterion: KittiOverlapCriterion,
): number {
  const inter = bevIntersection(as, i, bs, j);
  const ay = a.ty[i] as number;
  const by = b.ty[j] as number;
  const ah = a.h[i] as number;
  const bh = b.h[j] as number;
  const yMax = Math.min(ay, by);
  const yMin = Math.max(ay - ah, by - bh);
  const interVol = inter * Math.max(0, yMax - yMin);
  const aVol = ah * (a.l[i] as number) * (a.w[i] as number);
  if (criterion === 0) return interVol / aVol;
  const bVol = bh * (b.l[j] as number) * (b.w[j] as number);
  return interVol / (aVol + bVol - interVol);
}
