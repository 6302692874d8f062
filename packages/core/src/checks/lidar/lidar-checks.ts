import type { CheckResult } from '../check-types.js';
import { calibrationChecks } from './calibration-checks.js';
import { cuboidChecks } from './cuboid-checks.js';
import type { LidarCheckInput, LidarCheckOptions } from './lidar-check-input.js';
import { sweepChecks } from './sweep-checks.js';
import { syncChecks } from './sync-checks.js';
import { trackChecks } from './track-checks.js';

/**
 * The LiDAR + camera checks, pure: synchronisation (sync_offset, frame_dropped, frame_duplicate),
 * calibration (calibration_mismatch, cuboid_outside_cameras), cuboids (cuboid_few_points,
 * cuboid_size_outlier, cuboid_below_ground, cuboid_floating, cuboid_overlap), tracks
 * (track_heading_flip, track_heading_jump) and sweeps (sweep_anomaly). Point measures (points in boxes,
 * ground, sweep sizes) come from the caller; without them those checks are reported as skipped.
 */
export function lidarChecks(input: LidarCheckInput, options: LidarCheckOptions = {}): CheckResult {
  const calibration = calibrationChecks(input, options);
  const issues = [
    ...syncChecks(input, options),
    ...calibration.issues,
    ...cuboidChecks(input, options),
    ...trackChecks(input, options),
    ...sweepChecks(input, options),
  ];
  const skipped = [...calibration.skipped];
  if (input.measures === undefined && input.cuboids.length > 0) {
    skipped.push({
      check: 'lidar points',
      count: input.cuboids.length,
      reason: 'the point files were not read (points in boxes, ground, sweep sizes)',
    });
  }
  return { issues, skipped };
}
