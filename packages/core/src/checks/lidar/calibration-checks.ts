import { boxIou } from '../../geometry/box.js';
import { mat34Multiply } from '../../geometry3d/mat34.js';
import { projectCuboidBox } from '../../geometry3d/project-points.js';
import { sensorToSensor } from '../../geometry3d/sensor-chain.js';
import { vecQuantileSorted } from '../../stats/summarize.js';
import { type CheckIssue, type CheckSkip, wants } from '../check-types.js';
import { boxFrameToLidar } from './cuboid-in-sensor.js';
import {
  LIDAR_CHECK_DEFAULTS,
  type LidarBox,
  type LidarCheckInput,
  type LidarCheckOptions,
  type LidarCuboid,
} from './lidar-check-input.js';
import { referenceMember } from './sync-checks.js';

/**
 * Calibration: each cuboid projected into each camera of its frame (LiDAR → common frame → the world at
 * the LiDAR's time → the world at the camera's time → camera, when poses are known), against the 2D box
 * of the same object on that image (same originalId). A camera whose pairs match with a median IoU below
 * `minCalibrationIou` is reported for the frame; a cuboid that projects into no camera is reported too.
 */
export function calibrationChecks(
  input: LidarCheckInput,
  options: LidarCheckOptions,
): { issues: CheckIssue[]; skipped: CheckSkip[] } {
  const minIou = options.minCalibrationIou ?? LIDAR_CHECK_DEFAULTS.minCalibrationIou;
  const sensors = new Map(input.sensors.map((s) => [s.id, s]));
  const cuboidsBySample = group(input.cuboids);
  const boxesBySample = group(input.boxes);
  const issues: CheckIssue[] = [];
  let unknownFrame = 0;
  for (const frame of input.frames) {
    const ref = referenceMember(frame, sensors);
    const lidar = ref && sensors.get(ref.sensor);
    if (ref === undefined || lidar === undefined) continue;
    const cuboids = cuboidsBySample.get(ref.sampleId) ?? [];
    if (cuboids.length === 0) continue;
    const seen = new Set<number>();
    let cameras = 0;
    for (const m of frame.members) {
      const camera = sensors.get(m.sensor);
      const k = camera?.intrinsics;
      const sample = input.samples.get(m.sampleId);
      if (camera === undefined || camera.kind !== 'camera' || k === undefined) continue;
      const width = k.width ?? sample?.width;
      const height = k.height ?? sample?.height;
      if (width === undefined || height === undefined) continue;
      cameras++;
      const toCamera = sensorToSensor(lidar, camera, ref.pose, m.pose);
      const projected: { c: LidarCuboid; box: [number, number, number, number] }[] = [];
      for (const c of cuboids) {
        const toLidar = boxFrameToLidar(c.cuboid.frame, lidar);
        if (toLidar === undefined) {
          unknownFrame++;
          continue;
        }
        const box = projectCuboidBox(c.cuboid, mat34Multiply(toCamera, toLidar), k, width, height);
        if (box === undefined) continue;
        seen.add(c.id);
        projected.push({ c, box });
      }
      const ious = pairIous(projected, boxesBySample.get(m.sampleId) ?? []);
      if (ious.length === 0 || !wants(options.only, 'calibration_mismatch')) continue;
      const median = vecQuantileSorted(Float64Array.from(ious).sort(), 0.5);
      if (median >= minIou) continue;
      issues.push({
        sampleId: m.sampleId,
        type: 'calibration_mismatch',
        severity: 'error',
        score: 1 - median,
        reason: `${frame.name}: the 3D boxes projected into ${camera.name} overlap their 2D boxes with a median IoU of ${median.toFixed(2)} (at least ${minIou} expected): check this camera's calibration.`,
        details: { frame: frame.name, sensor: camera.name, median_iou: median, pairs: ious.length },
      });
    }
    if (cameras === 0 || !wants(options.only, 'cuboid_outside_cameras')) continue;
    for (const c of cuboids) {
      if (seen.has(c.id) || boxFrameToLidar(c.cuboid.frame, lidar) === undefined) continue;
      issues.push({
        sampleId: ref.sampleId,
        annotationId: c.id,
        type: 'cuboid_outside_cameras',
        severity: 'warning',
        score: 0.5,
        reason: `${frame.name}: a ${c.label ?? 'cuboid'} box projects into none of the frame's ${cameras} camera${cameras === 1 ? '' : 's'}.`,
        details: { frame: frame.name, class: c.label ?? null, cameras },
      });
    }
  }
  const skipped: CheckSkip[] = [];
  if (unknownFrame > 0) {
    skipped.push({
      check: 'calibration',
      count: unknownFrame,
      reason: 'cuboids in a frame that is neither the LiDAR nor its common frame',
    });
  }
  return { issues, skipped };
}

/**
 * The IoU of each projected cuboid with its 2D box: the box of the same originalId, else the unused box
 * of its class it overlaps most. A cuboid whose class has boxes but none overlapping counts as 0 when its
 * class has as many boxes as projected cuboids (every object was boxed), else it is left out.
 */
function pairIous(
  projected: { c: LidarCuboid; box: [number, number, number, number] }[],
  boxes: readonly LidarBox[],
): number[] {
  if (boxes.length === 0) return [];
  const used = new Set<LidarBox>();
  const ious: number[] = [];
  const perClass = (rows: readonly { label?: string }[], label: string | undefined) =>
    rows.filter((r) => r.label === label).length;
  for (const { c, box } of projected) {
    let best = boxes.find((b) => b.originalId !== undefined && b.originalId === c.originalId);
    let iou = best === undefined ? 0 : boxIou(box, best.bbox);
    if (best === undefined) {
      for (const b of boxes) {
        if (used.has(b) || b.label !== c.label) continue;
        const v = boxIou(box, b.bbox);
        if (v > iou) {
          iou = v;
          best = b;
        }
      }
    }
    if (best !== undefined) {
      used.add(best);
      ious.push(iou);
    } else if (
      perClass(boxes, c.label) > 0 &&
      perClass(boxes, c.label) >=
        perClass(
          projected.map((p) => p.c),
          c.label,
        )
    ) {
      ious.push(0);
    }
  }
  return ious;
}

function group<T extends LidarCuboid | LidarBox>(rows: readonly T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const list = out.get(r.sampleId) ?? [];
    list.push(r);
    out.set(r.sampleId, list);
  }
  return out;
}
