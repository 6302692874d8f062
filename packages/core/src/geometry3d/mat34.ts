import type { RigidTransform } from '../model/sensor.js';

/**
 * A 3D affine transform as a 3×4 row-major matrix [R | t] in a Float64Array(12):
 * p' = R · p + t. Rigid transforms (rotation + translation) and KITTI's projection chains both fit.
 */
export type Mat34 = Float64Array;

export function mat34Identity(): Mat34 {
  return Float64Array.of(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0);
}

/** Rotation matrix of a unit quaternion [w, x, y, z] (normalised first), with translation t. */
export function mat34FromRigid(r: RigidTransform): Mat34 {
  let [w, x, y, z] = r.rotation;
  const n = Math.hypot(w, x, y, z) || 1;
  w /= n;
  x /= n;
  y /= n;
  z /= n;
  const [tx, ty, tz] = r.translation;
  return Float64Array.of(
    1 - 2 * (y * y + z * z),
    2 * (x * y - z * w),
    2 * (x * z + y * w),
    tx,
    2 * (x * y + z * w),
    1 - 2 * (x * x + z * z),
    2 * (y * z - x * w),
    ty,
    2 * (x * z - y * w),
    2 * (y * z + x * w),
    1 - 2 * (x * x + y * y),
    tz,
  );
}

/** The rigid transform (quaternion with w ≥ 0, translation) of a matrix whose 3×3 part is a rotation. */
export function mat34ToRigid(m: Mat34): RigidTransform {
  const [m00, m01, m02, tx, m10, m11, m12, ty, m20, m21, m22, tz] = m as unknown as number[];
  const trace = m00! + m11! + m22!;
  let w: number;
  let x: number;
  let y: number;
  let z: number;
  if (trace > 0) {
    const s = Math.sqrt(trace + 1) * 2;
    w = s / 4;
    x = (m21! - m12!) / s;
    y = (m02! - m20!) / s;
    z = (m10! - m01!) / s;
  } else if (m00! > m11! && m00! > m22!) {
    const s = Math.sqrt(1 + m00! - m11! - m22!) * 2;
    w = (m21! - m12!) / s;
    x = s / 4;
    y = (m01! + m10!) / s;
    z = (m02! + m20!) / s;
  } else if (m11! > m22!) {
    const s = Math.sqrt(1 + m11! - m00! - m22!) * 2;
    w = (m02! - m20!) / s;
    x = (m01! + m10!) / s;
    y = s / 4;
    z = (m12! + m21!) / s;
  } else {
    const s = Math.sqrt(1 + m22! - m00! - m11!) * 2;
    w = (m10! - m01!) / s;
    x = (m02! + m20!) / s;
    y = (m12! + m21!) / s;
    z = s / 4;
  }
  if (w < 0) [w, x, y, z] = [-w, -x, -y, -z];
  const n = Math.hypot(w, x, y, z);
  return { rotation: [w / n, x / n, y / n, z / n], translation: [tx!, ty!, tz!] };
}

/** a ∘ b: first b, then a. */
export function mat34Multiply(a: Mat34, b: Mat34): Mat34 {
  const out = new Float64Array(12);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 4; c++) {
      let v = a[r * 4]! * b[c]! + a[r * 4 + 1]! * b[4 + c]! + a[r * 4 + 2]! * b[8 + c]!;
      if (c === 3) v += a[r * 4 + 3]!;
      out[r * 4 + c] = v;
    }
  }
  return out;
}

/** The inverse of a rigid transform (R^T, −R^T t); for a general affine part use mat34InvertAffine. */
export function mat34InvertRigid(m: Mat34): Mat34 {
  const out = new Float64Array(12);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) out[r * 4 + c] = m[c * 4 + r]!;
  for (let r = 0; r < 3; r++) {
    out[r * 4 + 3] = -(out[r * 4]! * m[3]! + out[r * 4 + 1]! * m[7]! + out[r * 4 + 2]! * m[11]!);
  }
  return out;
}

/** The inverse of any invertible affine transform (3×3 inverse by cofactors). */
export function mat34InvertAffine(m: Mat34): Mat34 {
  const [a, b, c, , d, e, f, , g, h, i] = m as unknown as number[];
  const A = e! * i! - f! * h!;
  const B = -(d! * i! - f! * g!);
  const C = d! * h! - e! * g!;
  const det = a! * A + b! * B + c! * C;
  const inv = [
    A / det,
    -(b! * i! - c! * h!) / det,
    (b! * f! - c! * e!) / det,
    B / det,
    (a! * i! - c! * g!) / det,
    -(a! * f! - c! * d!) / det,
    C / det,
    -(a! * h! - b! * g!) / det,
    (a! * e! - b! * d!) / det,
  ];
  const out = new Float64Array(12);
  for (let r = 0; r < 3; r++) {
    out[r * 4] = inv[r * 3]!;
    out[r * 4 + 1] = inv[r * 3 + 1]!;
    out[r * 4 + 2] = inv[r * 3 + 2]!;
    out[r * 4 + 3] = -(inv[r * 3]! * m[3]! + inv[r * 3 + 1]! * m[7]! + inv[r * 3 + 2]! * m[11]!);
  }
  return out;
}

/** m · p for one point. */
export function mat34Apply(m: Mat34, x: number, y: number, z: number): [number, number, number] {
  return [
    m[0]! * x + m[1]! * y + m[2]! * z + m[3]!,
    m[4]! * x + m[5]! * y + m[6]! * z + m[7]!,
    m[8]! * x + m[9]! * y + m[10]! * z + m[11]!,
  ];
}

/** Quaternion [w, x, y, z] of a rotation by `yaw` radians about +z. */
export function quatFromYaw(yaw: number): [number, number, number, number] {
  return [Math.cos(yaw / 2), 0, 0, Math.sin(yaw / 2)];
}

/** Heading about +z of a rotation (the angle of its x axis seen from above). */
export function yawOfQuat(q: readonly [number, number, number, number]): number {
  const [w, x, y, z] = q;
  return Math.atan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z));
}

/** Angle in (−π, π]. */
export function wrapAngle(a: number): number {
  const t = a - 2 * Math.PI * Math.floor((a + Math.PI) / (2 * Math.PI));
  return t <= -Math.PI ? t + 2 * Math.PI : t;
}

export type Quat = [w: number, x: number, y: number, z: number];

/** Hamilton product a ⊗ b (rotate by b, then by a). */
export function quatMultiply(a: readonly number[], b: readonly number[]): Quat {
  const [aw, ax, ay, az] = a as Quat;
  const [bw, bx, by, bz] = b as Quat;
  return [
    aw * bw - ax * bx - ay * by - az * bz,
    aw * bx + ax * bw + ay * bz - az * by,
    aw * by - ax * bz + ay * bw + az * bx,
    aw * bz + ax * by - ay * bx + az * bw,
  ];
}

/** The inverse rotation of a unit quaternion. */
export function quatConjugate(q: readonly number[]): Quat {
  return [q[0]!, -q[1]!, -q[2]!, -q[3]!];
}
