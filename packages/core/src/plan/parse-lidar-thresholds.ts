import type { LidarCheckOptions } from '../checks/lidar/lidar-check-input.js';
import { AssayError } from '../errors.js';

/** Plan keys of the `lidar:` section → LidarCheckOptions fields, each with its allowed range. */
const KEYS: Record<string, { field: keyof Omit<LidarCheckOptions, 'only'>; min: number; max: number }> = {
  sync_tolerance_ms: { field: 'syncToleranceMs', min: 0, max: 60_000 },
  min_points_in_box: { field: 'minPointsInBox', min: 0, max: 1e9 },
  min_calibration_iou: { field: 'minCalibrationIou', min: 0, max: 1 },
  overlap_iou: { field: 'overlapIou', min: 0, max: 1 },
  below_ground_m: { field: 'belowGroundM', min: 0, max: 1000 },
  floating_m: { field: 'floatingM', min: 0, max: 1000 },
  heading_jump_deg: { field: 'headingJumpDeg', min: 0, max: 180 },
  sweep_ratio: { field: 'sweepRatio', min: 0, max: 1 },
  size_outlier_z: { field: 'sizeOutlierZ', min: 0, max: 1000 },
  size_outlier_min_ratio: { field: 'sizeOutlierMinRatio', min: 1, max: 1000 },
};

/**
 * A plan's `lidar:` thresholds (plan.ts): `sync_tolerance_ms` (default half the LiDAR period),
 * `min_points_in_box` (5), `min_calibration_iou` (0.5), `overlap_iou` (0.1), `below_ground_m` (0.5),
 * `floating_m` (0.75), `heading_jump_deg` (60), `sweep_ratio` (0.5), `size_outlier_z` (4),
 * `size_outlier_min_ratio` (1.5).
 */
export function parseLidarThresholds(file: string, value: unknown): Omit<LidarCheckOptions, 'only'> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AssayError('INVALID_INPUT', `${file}: lidar must map thresholds to numbers.`, {
      hint: `Keys: ${Object.keys(KEYS).join(', ')}.`,
      details: { file, key: 'lidar' },
    });
  }
  const out: Omit<LidarCheckOptions, 'only'> = {};
  for (const [key, v] of Object.entries(value)) {
    const spec = KEYS[key];
    if (spec === undefined) {
      throw new AssayError('INVALID_INPUT', `${file}: lidar.${key} is not a LiDAR threshold.`, {
        hint: `Keys: ${Object.keys(KEYS).join(', ')}.`,
        details: { file, key: `lidar.${key}` },
      });
    }
    if (typeof v !== 'number' || !Number.isFinite(v) || v < spec.min || v > spec.max) {
      throw new AssayError(
        'INVALID_INPUT',
        `${file}: lidar.${key} must be a number from ${spec.min} to ${spec.max}, got ${JSON.stringify(v)}.`,
        {
          details: { file, key: `lidar.${key}` },
        },
      );
    }
    out[spec.field] = v;
  }
  return out;
}
