import { AssayError } from '../../errors.js';
import { type Mat34, mat34InvertAffine, mat34Multiply, mat34ToRigid } from '../../geometry3d/mat34.js';
import type { Sensor } from '../../model/sensor.js';

/** A KITTI object calib file: P0–P3 (3×4), R0_rect (3×3) and Tr_velo_to_cam (3×4), row-major. */
export interface KittiCalib {
  P: number[][];
  R0: number[];
  veloToCam: number[];
  /** Every line as written, for writing the file back unchanged. */
  lines: string[];
}

/** Parses a calib file; a missing or short matrix is a PARSE_ERROR naming the file and key. */
export function parseKittiCalib(text: string, file: string): KittiCalib {
  const values = new Map<string, number[]>();
  const lines: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    lines.push(line);
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    values.set(
      line.slice(0, colon).trim(),
      line
        .slice(colon + 1)
        .trim()
        .split(/\s+/)
        .map(Number),
    );
  }
  const get = (key: string, n: number, ...alts: string[]): number[] => {
    const name = [key, ...alts].find((k) => values.has(k));
    const v = name === undefined ? undefined : values.get(name);
    if (v === undefined)
      throw new AssayError('PARSE_ERROR', `${file}: has no ${key} line (${n} numbers).`, {
        hint: `A KITTI object calib file has P0–P3 (12 numbers each), R0_rect (9) and Tr_velo_to_cam (12); this one has ${[...values.keys()].join(', ') || 'no "key: numbers" line'}.`,
      });
    if (v.length < n || v.slice(0, n).some((x) => !Number.isFinite(x))) {
      throw new AssayError('PARSE_ERROR', `${file}: ${name} must hold ${n} numbers.`, {
        hint: 'A KITTI calib file has P0–P3 (12 numbers each), R0_rect (9) and Tr_velo_to_cam (12).',
      });
    }
    return v.slice(0, n);
  };
  return {
    P: [0, 1, 2, 3].map((i) => get(`P${i}`, 12)),
    R0: get('R0_rect', 9, 'R_rect'),
    // Waymo converted to KITTI's layout (mmdetection3d) numbers one per camera: camera 0's is the front.
    veloToCam: get('Tr_velo_to_cam', 12, 'Tr_velo_cam', 'Tr_velo_to_cam_0'),
    lines,
  };
}

/** Velodyne → rectified camera 0 frame: R0_rect · Tr_velo_to_cam. */
export function veloToRect(c: KittiCalib): Mat34 {
  const r = c.R0;
  const R0 = Float64Array.of(r[0]!, r[1]!, r[2]!, 0, r[3]!, r[4]!, r[5]!, 0, r[6]!, r[7]!, r[8]!, 0);
  return mat34Multiply(R0, Float64Array.from(c.veloToCam));
}

/** Camera i's pinhole intrinsics and its offset from the rectified camera 0 (P_i = K [I | b]). */
export function cameraOf(
  c: KittiCalib,
  i: number,
): { fx: number; fy: number; cx: number; cy: number; skew: number; b: number[] } {
  const p = c.P[i]!;
  const fx = p[0]!;
  const skew = p[1]!;
  const cx = p[2]!;
  const fy = p[5]!;
  const cy = p[6]!;
  // K = [[fx, s, cx], [0, fy, cy], [0, 0, 1]]; b = K⁻¹ · P[:, 3].
  const bz = p[11]!;
  const by = (p[7]! - cy * bz) / fy;
  const bx = (p[3]! - skew * by - cx * bz) / fx;
  return { fx, fy, cx, cy, skew, b: [bx, by, bz] };
}

/** Velodyne → camera i's own frame (x right, y down, z forward): [I | b] · R0_rect · Tr_velo_to_cam. */
export function veloToCamera(c: KittiCalib, i: number): Mat34 {
  const { b } = cameraOf(c, i);
  const shift = Float64Array.of(1, 0, 0, b[0]!, 0, 1, 0, b[1]!, 0, 0, 1, b[2]!);
  return mat34Multiply(shift, veloToRect(c));
}

/**
 * The sensors one calib file describes: the velodyne (the common frame) and the colour camera image_2,
 * ids prefixed with the frame name. The raw lines stay in the velodyne's metadata (`kittiCalib`).
 */
export function kittiSensors(
  frame: string,
  c: KittiCalib,
  image?: { width: number; height: number },
): Sensor[] {
  const cam = cameraOf(c, 2);
  const toVelo = mat34ToRigid(mat34InvertAffine(veloToCamera(c, 2)));
  const intrinsics: Sensor['intrinsics'] = { fx: cam.fx, fy: cam.fy, cx: cam.cx, cy: cam.cy };
  if (cam.skew !== 0) intrinsics.skew = cam.skew;
  if (image !== undefined) {
    intrinsics.width = image.width;
    intrinsics.height = image.height;
  }
  return [
    {
      id: `${frame}/velodyne`,
      name: 'velodyne',
      kind: 'lidar',
      commonFrame: 'velodyne',
      extrinsics: { rotation: [1, 0, 0, 0], translation: [0, 0, 0] },
      metadata: { kittiCalib: c.lines },
    },
    {
      id: `${frame}/image_2`,
      name: 'image_2',
      kind: 'camera',
      commonFrame: 'velodyne',
      extrinsics: toVelo,
      intrinsics,
    },
  ];
}
