import { z } from 'zod';

/** A camera image of a sweep's frame. */
export const LidarCamera = z.object({
  sample_id: z.number().int(),
  sensor: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
});
export type LidarCamera = z.infer<typeof LidarCamera>;

/** One point-cloud sample in viewing order, with its frame, sequence and the frame's cameras. */
export const LidarFrame = z.object({
  sample_id: z.number().int(),
  key: z.string(),
  point_count: z.number().int().nullable(),
  frame: z.string().nullable(),
  sequence: z.string().nullable(),
  index: z.number().int().nullable(),
  timestamp: z.number().nullable(),
  sensor: z.string().nullable(),
  cameras: z.array(LidarCamera),
});
export type LidarFrame = z.infer<typeof LidarFrame>;

/** GET /api/lidar/frames */
export const LidarFramesResponse = z.object({ frames: z.array(LidarFrame) });
export type LidarFramesResponse = z.infer<typeof LidarFramesResponse>;

/** Point colouring, and the one attribute sent with xyz by GET /api/lidar/points/:id. */
export const PointColorBy = z.enum(['height', 'intensity', 'label']);
export type PointColorBy = z.infer<typeof PointColorBy>;

/**
 * GET /api/lidar/points/:id?max=N&color=height|intensity|label answers binary
 * (`application/octet-stream`): Float32 little-endian, `count` × (x, y, z) then `count` attribute
 * values. Its headers: `x-point-count` (points sent), `x-point-total` (points in the file),
 * `x-point-attribute` (the attribute sent: the one asked for, or height when the cloud lacks it),
 * `x-point-origin` (`x,y,z`: the local origin the points are relative to, world = origin + point; only
 * when the sample has one: survey coordinates too large for float32).
 */
export const PointsQuery = z.object({
  max: z.coerce.number().int().min(1).max(2_000_000).default(200_000),
  color: PointColorBy.default('height'),
});
export type PointsQuery = z.infer<typeof PointsQuery>;

/** A decoded points answer. */
export interface PointsPayload {
  count: number;
  total: number;
  attribute: PointColorBy;
  /** The local origin the positions are relative to (world = origin + position), or null. */
  origin: [number, number, number] | null;
  /** count × 3, interleaved x, y, z. */
  positions: Float32Array;
  values: Float32Array;
}

/**
 * A cuboid for drawing: `center`, `size` ([length, width, height]) and `yaw` as stored, in `frame`;
 * `corners` in the sweep's sensor frame (bottom face 0-3, top 4-7).
 */
export const ViewCuboid = z.object({
  id: z.number().int(),
  source: z.string(),
  class_id: z.number().int().nullable(),
  center: z.tuple([z.number(), z.number(), z.number()]),
  size: z.tuple([z.number(), z.number(), z.number()]),
  yaw: z.number(),
  frame: z.string(),
  track_id: z.string().nullable(),
  score: z.number().nullable(),
  corners: z.array(z.number()).length(24),
  frame_known: z.boolean(),
});
export type ViewCuboid = z.infer<typeof ViewCuboid>;

/** POST /api/lidar/cuboids */
export const CuboidsRequest = z.object({
  sample_ids: z.array(z.number().int()).max(500),
  sources: z.array(z.string()).optional(),
});
export type CuboidsRequest = z.infer<typeof CuboidsRequest>;
export const CuboidsResponse = z.object({ samples: z.record(z.string(), z.array(ViewCuboid)) });
export type CuboidsResponse = z.infer<typeof CuboidsResponse>;

/** A camera of the sweep's frame and P (3×4 row-major): (u·d, v·d, d) = P · (x, y, z, 1). */
export const ViewProjection = z.object({
  sample_id: z.number().int(),
  sensor: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  matrix: z.array(z.number()).length(12),
});
export type ViewProjection = z.infer<typeof ViewProjection>;

/** GET /api/lidar/projections/:id (the id of a point-cloud sample) */
export const ProjectionsResponse = z.object({ projections: z.array(ViewProjection) });
export type ProjectionsResponse = z.infer<typeof ProjectionsResponse>;

/** GET /api/lidar/sensors: every calibration of the project. */
export const SensorCalibration = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  common_frame: z.string(),
  rotation: z.array(z.number()).length(4),
  translation: z.array(z.number()).length(3),
  intrinsics: z
    .object({ fx: z.number(), fy: z.number(), cx: z.number(), cy: z.number(), skew: z.number().optional() })
    .nullable(),
});
export type SensorCalibration = z.infer<typeof SensorCalibration>;
export const SensorsResponse = z.object({ sensors: z.array(SensorCalibration) });
export type SensorsResponse = z.infer<typeof SensorsResponse>;
