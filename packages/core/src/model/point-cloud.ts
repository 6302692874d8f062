/**
 * Point clouds in the canonical model. A `point_cloud` sample is one sweep in a file under the
 * sample's root; the store keeps what the file says about it (format, point count, fields, bounds),
 * never the points. Points are read on demand as one Float32Array per field (node/point-cloud/).
 */

/** File layouts Assay reads points from. */
export type PointCloudFormat =
  /** KITTI velodyne `.bin`: float32 x, y, z, intensity, little endian, no header. */
  | 'kitti-bin'
  /** nuScenes `.pcd.bin`: float32 x, y, z, intensity, ring index. */
  | 'nuscenes-bin'
  /** Point Cloud Library PCD v0.7 (ascii, binary, binary_compressed). */
  | 'pcd'
  /** Stanford PLY (ascii, binary_little_endian, binary_big_endian), the `vertex` element. */
  | 'ply'
  /** ASPRS LAS 1.0–1.4, point data record formats 0–10, uncompressed (x, y, z scaled and offset as the header says). */
  | 'las';

export const POINT_CLOUD_FORMATS: readonly PointCloudFormat[] = [
  'kitti-bin',
  'nuscenes-bin',
  'pcd',
  'ply',
  'las',
];

/** Axis-aligned bounds of the points, in the sensor's own frame (metres). */
export interface Bounds3 {
  min: [x: number, y: number, z: number];
  max: [x: number, y: number, z: number];
}

/** What a `point_cloud` sample declares about its file (Sample.pointCloud). */
export interface PointCloudInfo {
  format: PointCloudFormat;
  /** Number of points (rows). */
  count: number;
  /** Field names in file order: always `x`, `y`, `z` first, then e.g. `intensity`, `ring`, `label`. */
  fields: string[];
  /** Bounds of the finite points (relative to `origin` when there is one); absent when the reader did not read the points. */
  bounds?: Bounds3;
  /**
   * A local origin, set when the file's coordinates lie too far from zero for float32 to hold them to the
   * file's own precision (survey grids, UTM: y ≈ 5.4e6 m moves in 0.5 m steps): it is subtracted from x, y,
   * z in float64 before they become float32, so the points, their bounds and the 3D view are relative to
   * it, and exports add it back (world = origin + value). Absent: the points are where the file says.
   */
  origin?: Vec3;
}

/** A point or offset in metres, x, y, z. */
export type Vec3 = [x: number, y: number, z: number];

/**
 * Points as columns: `fields.x[i]`, `fields.y[i]`, `fields.z[i]` (and every other field) of point i.
 * Integer fields (labels, rings) are exact in float32 up to 2^24.
 */
export interface PointCloud {
  count: number;
  fields: Record<string, Float32Array>;
  /** x, y, z are relative to this point (world = origin + value), as PointCloudInfo.origin says. */
  origin?: Vec3;
  /**
   * The integer grid x, y, z were stored on (LAS: world = integer × scale + offset), so that exports
   * write back the file's own values exactly (see worldColumn).
   */
  grid?: { scale: Vec3; offset: Vec3 };
}

/** A run of consecutive points, as a streaming reader hands them out (`start` = index of the first). */
export interface PointBatch extends PointCloud {
  start: number;
}
