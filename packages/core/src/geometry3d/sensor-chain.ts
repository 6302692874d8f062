import type { RigidTransform, Sensor } from '../model/sensor.js';
import { type Mat34, mat34FromRigid, mat34InvertRigid, mat34Multiply } from './mat34.js';

/**
 * The transform from one sensor's frame to another's: from → common frame (its extrinsics) → world at
 * the source's time (its pose) → common frame at the target's time → target. Without poses (or with
 * one only) the common frame is taken as fixed between the two captures.
 */
export function sensorToSensor(
  from: Sensor,
  to: Sensor,
  fromPose?: RigidTransform,
  toPose?: RigidTransform,
): Mat34 {
  let m = mat34FromRigid(from.extrinsics);
  if (fromPose !== undefined && toPose !== undefined) {
    m = mat34Multiply(mat34FromRigid(fromPose), m);
    m = mat34Multiply(mat34InvertRigid(mat34FromRigid(toPose)), m);
  }
  return mat34Multiply(mat34InvertRigid(mat34FromRigid(to.extrinsics)), m);
}
