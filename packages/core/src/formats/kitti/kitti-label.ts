import { type Mat34, mat34Apply, mat34InvertAffine, wrapAngle } from '../../geometry3d/mat34.js';
import type { Cuboid } from '../../model/annotation.js';
import type { ProblemList } from '../problems.js';

/** One line of a KITTI label_2 file (devkit readme: 15 values, a 16th score for results). */
export interface KittiObject {
  line: number;
  type: string;
  truncated: number;
  occluded: number;
  alpha: number;
  /** left, top, right, bottom in pixels. */
  box: [number, number, number, number];
  /** height, width, length in metres. */
  dims: [number, number, number];
  /** Bottom centre in rectified camera coordinates. */
  location: [number, number, number];
  rotationY: number;
  score?: number;
}

/** The objects of a label file; a line of the wrong shape is a skipped record. */
export function parseKittiLabels(text: string, file: string, problems: ProblemList): KittiObject[] {
  const out: KittiObject[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const parts = line.split(/\s+/);
    const v = parts.slice(1).map(Number);
    if ((parts.length !== 15 && parts.length !== 16) || v.some((x) => !Number.isFinite(x))) {
      problems.skip(
        file,
        `line ${i + 1}`,
        `has ${parts.length} values (or a non-number); a KITTI label line has a type and 14 numbers (15 with a score)`,
        'Check the line against the KITTI object devkit readme.',
      );
      return;
    }
    const o: KittiObject = {
      line: i + 1,
      type: parts[0]!,
      truncated: v[0]!,
      occluded: v[1]!,
      alpha: v[2]!,
      box: [v[3]!, v[4]!, v[5]!, v[6]!],
      dims: [v[7]!, v[8]!, v[9]!],
      location: [v[10]!, v[11]!, v[12]!],
      rotationY: v[13]!,
    };
    if (v.length === 15) o.score = v[14]!;
    out.push(o);
  });
  return out;
}

/** True when the line carries a 3D box (DontCare and 2D-only lines have −1 sizes and −1000 locations). */
export function hasBox3d(o: KittiObject): boolean {
  return o.dims.every((d) => d > 0) && o.location[1] > -999;
}

/** The object's box in the velodyne frame: centre (KITTI gives the bottom centre), size [l, w, h], yaw about +z. */
export function kittiToCuboid(o: KittiObject, veloToRect: Mat34): Cuboid {
  const rectToVelo = mat34InvertAffine(veloToRect);
  const [h, w, l] = o.dims;
  const [x, y, z] = o.location;
  const center = mat34Apply(rectToVelo, x, y - h / 2, z);
  // The box's length axis in the rectified frame is (cos ry, 0, −sin ry) (devkit: rotation about y).
  const a = mat34Apply(rectToVelo, 0, 0, 0);
  const b = mat34Apply(rectToVelo, Math.cos(o.rotationY), 0, -Math.sin(o.rotationY));
  const yaw = Math.atan2(b[1] - a[1], b[0] - a[0]);
  return { center, size: [l, w, h], yaw, frame: 'velodyne' };
}

/** The inverse of kittiToCuboid: dims (h, w, l), bottom-centre location and rotation_y in the rectified frame. */
export function cuboidToKitti(
  c: Cuboid,
  veloToRect: Mat34,
): { dims: [number, number, number]; location: [number, number, number]; rotationY: number } {
  const [l, w, h] = c.size;
  const [x, y, z] = mat34Apply(veloToRect, c.center[0], c.center[1], c.center[2]);
  const a = mat34Apply(veloToRect, 0, 0, 0);
  const b = mat34Apply(veloToRect, Math.cos(c.yaw), Math.sin(c.yaw), 0);
  const rotationY = wrapAngle(Math.atan2(-(b[2] - a[2]), b[0] - a[0]));
  return { dims: [h, w, l], location: [x, y + h / 2, z], rotationY };
}

function num(v: number): string {
  return String(Math.round(v * 1e6) / 1e6);
}

/** One label line (15 values, 16 with a score). */
export function formatKittiLine(o: Omit<KittiObject, 'line'>): string {
  const values = [
    o.truncated,
    o.occluded,
    o.alpha,
    ...o.box,
    ...o.dims,
    ...o.location,
    o.rotationY,
    ...(o.score === undefined ? [] : [o.score]),
  ];
  return [o.type, ...values.map(num)].join(' ');
}
