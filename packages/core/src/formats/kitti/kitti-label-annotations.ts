import { pointsInCuboid } from '../../geometry3d/cuboid-geometry.js';
import type { Mat34 } from '../../geometry3d/mat34.js';
import type { Annotation } from '../../model/annotation.js';
import type { ClassDef } from '../../model/class-def.js';
import type { PointCloud } from '../../model/point-cloud.js';
import type { ProblemList } from '../problems.js';
import { hasBox3d, type KittiObject, kittiToCuboid } from './kitti-label.js';

/** Where one label file's objects go: the frame's samples (absent when the frame has none) and calibration. */
export interface KittiLabelTarget {
  /** The label file (for problems) and the frame's name (original ids are `<frame>:<line>`). */
  file: string;
  frame: string;
  source: string;
  imageKey?: string;
  /** The sweep's sample key, when the frame has a sweep. */
  veloKey?: string;
  /** Velodyne → rectified camera (veloToRect), when the frame has a calibration. */
  rect?: Mat34;
  /** The sweep's points, when read: each cuboid then counts the points inside it (num_lidar_pts). */
  cloud?: PointCloud;
}

/**
 * Each object of a label file as a 2D box on the image and a cuboid on the sweep (same originalId),
 * truncation, occlusion and alpha as attributes. Returns the DontCare regions, which are no objects.
 */
export function kittiLabelAnnotations(
  objects: readonly KittiObject[],
  t: KittiLabelTarget,
  out: { annotations: Annotation[]; classes: Map<string, ClassDef> },
  problems: ProblemList,
): [number, number, number, number][] {
  const dontCare: [number, number, number, number][] = [];
  for (const o of objects) {
    const [x1, y1, x2, y2] = o.box;
    const bbox: [number, number, number, number] = [x1, y1, x2 - x1, y2 - y1];
    if (o.type === 'DontCare') {
      dontCare.push(bbox);
      continue;
    }
    if (!out.classes.has(o.type)) out.classes.set(o.type, { name: o.type });
    const attributes = { truncated: o.truncated, occluded: o.occluded, alpha: o.alpha };
    const common = {
      source: t.source,
      label: o.type,
      attributes,
      originalId: `${t.frame}:${o.line}`,
      ...(o.score === undefined ? {} : { score: o.score }),
    };
    if (t.imageKey !== undefined) out.annotations.push({ ...common, sample: t.imageKey, kind: 'bbox', bbox });
    else problems.warn(t.file, `line ${o.line}`, 'the frame has no image_2 file: its 2D box is not kept');
    if (!hasBox3d(o)) continue;
    if (t.rect === undefined || t.veloKey === undefined) {
      problems.warn(
        t.file,
        `line ${o.line}`,
        'the frame has no calibration or no velodyne sweep: its 3D box is not kept',
      );
      continue;
    }
    const cuboid = kittiToCuboid(o, t.rect);
    // As nuScenes' num_lidar_pts: the points inside the box (for statistics of points per object).
    const { cloud } = t;
    const inside =
      cloud === undefined
        ? undefined
        : pointsInCuboid(cloud.fields.x!, cloud.fields.y!, cloud.fields.z!, cloud.count, cuboid);
    const attrs = inside === undefined ? attributes : { ...attributes, num_lidar_pts: inside };
    out.annotations.push({ ...common, attributes: attrs, sample: t.veloKey, kind: 'cuboid', cuboid });
  }
  return dontCare;
}
