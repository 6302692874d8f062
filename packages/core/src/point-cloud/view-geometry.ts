import { mat34FromRigid } from '../geometry3d/mat34.js';
import type { Cuboid } from '../model/annotation.js';
import type { CameraIntrinsics, RigidTransform } from '../model/sensor.js';

/**
 * Small rigid-transform helpers for the viewer: 3×4 row-major matrices [R | t] (12 numbers), cuboid
 * corners and the camera matrix that takes a LiDAR point to image pixels.
 */
export type Affine34 = Float64Array;

/** [R | t] of a unit quaternion [w, x, y, z] and a translation (geometry3d/mat34.ts). */
export function affineFromRigid(r: RigidTransform): Affine34 {
  return mat34FromRigid(r);
}

export function affineIdentity(): Affine34 {
  return Float64Array.of(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0);
}

/** a ∘ b: apply b, then a. */
export function affineMultiply(a: Affine34, b: Affine34): Affine34 {
  const out = new Float64Array(12);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 4; c++) {
      let v = c === 3 ? (a[r * 4 + 3] as number) : 0;
      for (let k = 0; k < 3; k++) v += (a[r * 4 + k] as number) * (b[k * 4 + c] as number);
      out[r * 4 + c] = v;
    }
  }
  return out;
}

/** Inverse of a rigid [R | t]: [Rᵀ | -Rᵀ t]. */
export function affineInvertRigid(m: Affine34): Affine34 {
  const out = new Float64Array(12);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) out[r * 4 + c] = m[c * 4 + r] as number;
    out[r * 4 + 3] = -(
      (m[r] as number) * (m[3] as number) +
      (m[4 + r] as number) * (m[7] as number) +
      (m[8 + r] as number) * (m[11] as number)
    );
  }
  return out;
}

/** The 8 corners of a cuboid (x, y, z each) in its frame, then mapped by `m`: bottom face 0-3, top 4-7. */
export function cuboidCorners(c: Cuboid, m: Affine34 = affineIdentity()): Float64Array {
  const [l, w, h] = c.size;
  const pose = c.rotation
    ? affineFromRigid({ rotation: c.rotation, translation: c.center })
    : affineFromRigid({
        rotation: [Math.cos(c.yaw / 2), 0, 0, Math.sin(c.yaw / 2)],
        translation: c.center,
      });
  const full = affineMultiply(m, pose);
  const out = new Float64Array(24);
  const signs = [
    [1, 1],
    [1, -1],
    [-1, -1],
    [-1, 1],
  ];
  for (let k = 0; k < 8; k++) {
    const [sx, sy] = signs[k % 4] as number[];
    const px = ((sx as number) * l) / 2;
    const py = ((sy as number) * w) / 2;
    const pz = k < 4 ? -h / 2 : h / 2;
    for (let r = 0; r < 3; r++) {
      out[k * 3 + r] =
        (full[r * 4] as number) * px +
        (full[r * 4 + 1] as number) * py +
        (full[r * 4 + 2] as number) * pz +
        (full[r * 4 + 3] as number);
    }
  }
  return out;
}

/** Corner pairs of the 12 edges of `cuboidCorners`. */
export const CUBOID_EDGES: readonly (readonly [number, number])[] = [
  [0, 1],
  [1, 2],
  [2, 3],
  [3, 0],
  [4, 5],
  [5, 6],
  [6, 7],
  [7, 4],
  [0, 4],
  [1, 5],
  [2, 6],
  [3, 7],
];

/**
 * The 3×4 camera matrix K · [R | t] taking a point of the source frame (where `toCamera` maps it into
 * the camera's optical frame: x right, y down, z forward) to homogeneous pixels (u·d, v·d, d).
 */
export function cameraMatrix(k: CameraIntrinsics, toCamera: Affine34): Affine34 {
  const kk = Float64Array.of(k.fx, k.skew ?? 0, k.cx, 0, 0, k.fy, k.cy, 0, 0, 0, 1, 0);
  const out = new Float64Array(12);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 4; c++) {
      let v = 0;
      for (let q = 0; q < 3; q++) v += (kk[r * 4 + q] as number) * (toCamera[q * 4 + c] as number);
      out[r * 4 + c] = v;
    }
  }
  return out;
}
