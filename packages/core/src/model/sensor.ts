/**
 * Sensors, frames and sequences: how the samples of a multi-sensor recording belong together.
 *
 * - A `Sensor` is one calibration of one physical sensor: `name` is the sensor (`velodyne`, `image_2`,
 *   `ring_front_center`), `id` is unique in the dataset (`image_2` when one calibration holds for the
 *   whole dataset, `000123/image_2` for KITTI object's per-frame calib files, `<log>/<sensor>` for a log).
 * - Its `extrinsics` is the rigid transform from the sensor's frame to the dataset's common frame
 *   (`commonFrame`: the ego vehicle, or the reference LiDAR): p_common = R · p_sensor + t.
 * - Cameras use the usual optical frame (x right, y down, z forward) and a pinhole `intrinsics`.
 * - A `Frame` groups the samples captured together (one LiDAR sweep and the camera images taken with it),
 *   each with its own timestamp; a `Sequence` orders frames in time.
 */
export type SensorKind = 'lidar' | 'camera' | 'radar' | 'other';

export const SENSOR_KINDS: readonly SensorKind[] = ['lidar', 'camera', 'radar', 'other'];

/** Rotation as a unit quaternion [w, x, y, z] and a translation in metres. */
export interface RigidTransform {
  rotation: [w: number, x: number, y: number, z: number];
  translation: [x: number, y: number, z: number];
}

/** Pinhole camera: u = fx·x/z + skew·y/z + cx, v = fy·y/z + cy (pixels, origin at the top-left pixel's corner). */
export interface CameraIntrinsics {
  fx: number;
  fy: number;
  cx: number;
  cy: number;
  skew?: number;
  /** Image size in pixels when the source states it. */
  width?: number;
  height?: number;
  /** Distortion coefficients as the source gives them (OpenCV order k1, k2, p1, p2, k3); projection ignores them. */
  distortion?: number[];
}

export interface Sensor {
  /** Unique in the dataset; frames refer to sensors by id. */
  id: string;
  /** The physical sensor (`velodyne`, `image_2`, `ring_front_center`); checks group by it. */
  name: string;
  kind: SensorKind;
  /** Name of the frame `extrinsics` maps into (`ego`, `velodyne`). */
  commonFrame: string;
  /** Sensor frame → common frame. */
  extrinsics: RigidTransform;
  intrinsics?: CameraIntrinsics;
  /** Anything else the source states (KITTI's raw P2 matrix, a rolling-shutter note). */
  metadata?: Record<string, unknown>;
}

/** One sample of a frame, as captured by one sensor at its own time. */
export interface FrameMember {
  /** Sample key. */
  sample: string;
  /** Sensor id. */
  sensor: string;
  /** Capture time in seconds (Unix time when the source gives one; else the source's own origin). */
  timestamp?: number;
  /**
   * The common frame's pose in the world at this sample's time (the ego pose: p_world = R · p_common + t),
   * when the source has one. Projection between sensors captured at different times goes through it.
   */
  pose?: RigidTransform;
}

export interface Frame {
  /** Unique in the dataset (`000123`, `<log>/315966…`). */
  name: string;
  /** Sequence name, when the frame belongs to one. */
  sequence?: string;
  /** Position in its sequence (0-based, in time order). */
  index?: number;
  /** The frame's reference time in seconds (the reference sensor's timestamp). */
  timestamp?: number;
  members: FrameMember[];
}

export interface Sequence {
  name: string;
  /** Sensor name whose timestamps the others are compared with (the LiDAR, usually). */
  referenceSensor?: string;
  metadata?: Record<string, unknown>;
}
