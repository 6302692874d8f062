import { AssayError } from '../../errors.js';
import { mat34InvertAffine, mat34Multiply, mat34ToRigid } from '../../geometry3d/mat34.js';
import type { Sensor } from '../../model/sensor.js';

/** `key: numbers` lines of a KITTI raw calib file (calib_time and other text lines are left out). */
export function parseCalibValues(text: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const values = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .map(Number);
    if (values.length > 0 && values.every(Number.isFinite)) out.set(line.slice(0, colon).trim(), values);
  }
  return out;
}

function need(values: Map<string, number[]>, key: string, n: number, file: string): number[] {
  const v = values.get(key);
  if (v === undefined || v.length < n) {
    throw new AssayError('PARSE_ERROR', `${file}: ${key} must hold ${n} numbers.`, {
      hint: 'KITTI raw calibration: calib_cam_to_cam.txt (P_rect_0X, R_rect_00, S_rect_0X) and calib_velo_to_cam.txt (R, T).',
    });
  }
  return v;
}

/**
 * The sensors of a KITTI raw drive (synced and rectified): the velodyne (common frame) and each camera
 * image_0X with the intrinsics of P_rect_0X, its size S_rect_0X, and its pose from
 * velo → cam0 ([R | T]) → rectified cam0 (R_rect_00) → camera X ([I | b], b = K⁻¹ · P_rect_0X[:, 3]).
 */
export function kittiRawSensors(
  prefix: string,
  cameras: string[],
  camToCam: string,
  veloToCam: string,
  files: { camToCam: string; veloToCam: string },
): Sensor[] {
  const cc = parseCalibValues(camToCam);
  const vc = parseCalibValues(veloToCam);
  const R = need(vc, 'R', 9, files.veloToCam);
  const T = need(vc, 'T', 3, files.veloToCam);
  const Rr = need(cc, 'R_rect_00', 9, files.camToCam);
  const veloToCam0 = Float64Array.of(
    R[0]!,
    R[1]!,
    R[2]!,
    T[0]!,
    R[3]!,
    R[4]!,
    R[5]!,
    T[1]!,
    R[6]!,
    R[7]!,
    R[8]!,
    T[2]!,
  );
  const rect = Float64Array.of(
    Rr[0]!,
    Rr[1]!,
    Rr[2]!,
    0,
    Rr[3]!,
    Rr[4]!,
    Rr[5]!,
    0,
    Rr[6]!,
    Rr[7]!,
    Rr[8]!,
    0,
  );
  const veloToRect = mat34Multiply(rect, veloToCam0);
  const sensors: Sensor[] = [
    {
      id: `${prefix}velodyne`,
      name: 'velodyne',
      kind: 'lidar',
      commonFrame: 'velodyne',
      extrinsics: { rotation: [1, 0, 0, 0], translation: [0, 0, 0] },
    },
  ];
  for (const camera of cameras) {
    const n = camera.slice(-2);
    const p = need(cc, `P_rect_${n}`, 12, files.camToCam);
    const size = cc.get(`S_rect_${n}`);
    const [fx, skew, cx, fy, cy] = [p[0]!, p[1]!, p[2]!, p[5]!, p[6]!];
    const bz = p[11]!;
    const by = (p[7]! - cy * bz) / fy;
    const bx = (p[3]! - skew * by - cx * bz) / fx;
    const toCamera = mat34Multiply(Float64Array.of(1, 0, 0, bx, 0, 1, 0, by, 0, 0, 1, bz), veloToRect);
    sensors.push({
      id: `${prefix}${camera}`,
      name: camera,
      kind: 'camera',
      commonFrame: 'velodyne',
      extrinsics: mat34ToRigid(mat34InvertAffine(toCamera)),
      intrinsics: {
        fx,
        fy,
        cx,
        cy,
        ...(skew !== 0 ? { skew } : {}),
        ...(size && size.length >= 2 ? { width: size[0]!, height: size[1]! } : {}),
      },
    });
  }
  return sensors;
}
