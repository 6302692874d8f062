import { type Mat34, mat34FromRigid, mat34Identity, mat34InvertRigid } from '../../geometry3d/mat34.js';
import type { Sensor } from '../../model/sensor.js';

/**
 * The transform from a cuboid's named frame into the LiDAR's own frame: identity when the box is in the
 * LiDAR's frame (its name), the inverse extrinsics when it is in the common frame; undefined otherwise.
 */
export function boxFrameToLidar(frame: string, lidar: Sensor): Mat34 | undefined {
  if (frame === lidar.name || frame === lidar.id || frame === '') return mat34Identity();
  if (frame === lidar.commonFrame) return mat34InvertRigid(mat34FromRigid(lidar.extrinsics));
  return undefined;
}
