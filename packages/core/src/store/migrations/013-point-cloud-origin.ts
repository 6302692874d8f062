import type { Migration } from '../migration.js';

export const migration013: Migration = {
  version: 13,
  name: 'point cloud local origin',
  // A point_cloud sample whose file's coordinates lie too far from zero for float32 (survey grids, UTM)
  // keeps the local origin its reader subtracted from x, y, z ([x, y, z] in metres, model/point-cloud.ts
  // PointCloudInfo.origin): its point_bounds are relative to it, the 3D view reads the points so, and
  // exports add it back. NULL: the points are where the file says (every sample imported before).
  sql: `
ALTER TABLE samples ADD COLUMN IF NOT EXISTS point_origin DOUBLE[];
ALTER TABLE excluded_samples ADD COLUMN IF NOT EXISTS point_origin DOUBLE[];
`,
};
