import type { Migration } from '../migration.js';

export const migration008: Migration = {
  version: 8,
  name: 'point clouds, sensors, frames and cuboids',
  // A point_cloud sample keeps what its file says (format, point count, fields, bounds as
  // [min x, min y, min z, max x, max y, max z]); the points stay in the file. `sensors` holds one row
  // per calibration (model/sensor.ts): extrinsics sensor → common frame as a quaternion [w, x, y, z]
  // and a translation, pinhole intrinsics. `frames` group samples captured together; `frame_samples`
  // give each its sensor and own timestamp (seconds, DOUBLE: ~0.2 µs resolution at Unix times) and,
  // when the source has one, the pose of the common frame in the world at that time (ego pose).
  // A cuboid annotation has its centre, size (length, width, height), yaw, optional full rotation,
  // coordinate frame and track id in columns of their own; point_labels (JSON) says where per-point
  // labels are. The kind enum grows by 'cuboid' and 'point_labels' (appended, codes unchanged). The
  // history tables of migration 5 get the same columns.
  sql: `
ALTER TABLE samples ADD COLUMN IF NOT EXISTS point_format VARCHAR;
ALTER TABLE samples ADD COLUMN IF NOT EXISTS point_count INTEGER;
ALTER TABLE samples ADD COLUMN IF NOT EXISTS point_fields VARCHAR[];
ALTER TABLE samples ADD COLUMN IF NOT EXISTS point_bounds DOUBLE[];
ALTER TABLE excluded_samples ADD COLUMN IF NOT EXISTS point_format VARCHAR;
ALTER TABLE excluded_samples ADD COLUMN IF NOT EXISTS point_count INTEGER;
ALTER TABLE excluded_samples ADD COLUMN IF NOT EXISTS point_fields VARCHAR[];
ALTER TABLE excluded_samples ADD COLUMN IF NOT EXISTS point_bounds DOUBLE[];
ALTER TABLE annotations ALTER COLUMN kind SET DATA TYPE ENUM('classification', 'bbox', 'polygon', 'mask',
'keypoints', 'polyline', 'span', 'cuboid', 'point_labels');
ALTER TABLE annotations ADD COLUMN IF NOT EXISTS cx DOUBLE;
ALTER TABLE annotations ADD COLUMN IF NOT EXISTS cy DOUBLE;
ALTER TABLE annotations ADD COLUMN IF NOT EXISTS cz DOUBLE;
ALTER TABLE annotations ADD COLUMN IF NOT EXISTS size_l DOUBLE;
ALTER TABLE annotations ADD COLUMN IF NOT EXISTS size_w DOUBLE;
ALTER TABLE annotations ADD COLUMN IF NOT EXISTS size_h DOUBLE;
ALTER TABLE annotations ADD COLUMN IF NOT EXISTS yaw DOUBLE;
ALTER TABLE annotations ADD COLUMN IF NOT EXISTS rotation DOUBLE[];
ALTER TABLE annotations ADD COLUMN IF NOT EXISTS coord_frame VARCHAR;
ALTER TABLE annotations ADD COLUMN IF NOT EXISTS track_id VARCHAR;
ALTER TABLE annotations ADD COLUMN IF NOT EXISTS point_labels VARCHAR;
ALTER TABLE annotation_revisions ALTER COLUMN kind SET DATA TYPE ENUM('classification', 'bbox', 'polygon',
'mask', 'keypoints', 'polyline', 'span', 'cuboid', 'point_labels');
ALTER TABLE annotation_revisions ADD COLUMN IF NOT EXISTS cx DOUBLE;
ALTER TABLE annotation_revisions ADD COLUMN IF NOT EXISTS cy DOUBLE;
ALTER TABLE annotation_revisions ADD COLUMN IF NOT EXISTS cz DOUBLE;
ALTER TABLE annotation_revisions ADD COLUMN IF NOT EXISTS size_l DOUBLE;
ALTER TABLE annotation_revisions ADD COLUMN IF NOT EXISTS size_w DOUBLE;
ALTER TABLE annotation_revisions ADD COLUMN IF NOT EXISTS size_h DOUBLE;
ALTER TABLE annotation_revisions ADD COLUMN IF NOT EXISTS yaw DOUBLE;
ALTER TABLE annotation_revisions ADD COLUMN IF NOT EXISTS rotation DOUBLE[];
ALTER TABLE annotation_revisions ADD COLUMN IF NOT EXISTS coord_frame VARCHAR;
ALTER TABLE annotation_revisions ADD COLUMN IF NOT EXISTS track_id VARCHAR;
ALTER TABLE annotation_revisions ADD COLUMN IF NOT EXISTS point_labels VARCHAR;

CREATE TABLE IF NOT EXISTS sensors (
id VARCHAR PRIMARY KEY,
name VARCHAR NOT NULL,
kind VARCHAR NOT NULL,
common_frame VARCHAR NOT NULL,
rotation DOUBLE[] NOT NULL,
translation DOUBLE[] NOT NULL,
fx DOUBLE, fy DOUBLE, cx DOUBLE, cy DOUBLE, skew DOUBLE,
width INTEGER, height INTEGER,
distortion DOUBLE[],
metadata JSON
);

CREATE TABLE IF NOT EXISTS sequences (
name VARCHAR PRIMARY KEY,
reference_sensor VARCHAR,
metadata JSON
);

CREATE TABLE IF NOT EXISTS frames (
id INTEGER PRIMARY KEY,
name VARCHAR NOT NULL UNIQUE,
sequence VARCHAR,
seq_index INTEGER,
timestamp DOUBLE
);

CREATE TABLE IF NOT EXISTS frame_samples (
frame_id INTEGER NOT NULL,
sample_id INTEGER NOT NULL,
sensor_id VARCHAR NOT NULL,
timestamp DOUBLE,
pose_rotation DOUBLE[],
pose_translation DOUBLE[]
);
`,
};
