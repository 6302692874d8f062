import { type Detection, defineFormat } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { joinPath } from '../paths.js';
import { readKittiRaw } from './kitti-raw-read.js';
import { isOdometrySequence } from './semantic-kitti-read.js';

async function detectKittiRaw(path: string, io: FormatIO): Promise<Detection | undefined> {
  if (await io.exists(joinPath(path, 'velodyne_points', 'timestamps.txt')))
    return { confidence: 0.9, reason: 'velodyne_points/timestamps.txt (a KITTI raw drive)' };
  if (await isOdometrySequence({ io, path }))
    return { confidence: 0.8, reason: 'velodyne/ and times.txt (a KITTI odometry / SemanticKITTI sequence)' };
  return undefined;
}

/**
 * KITTI raw drives (read only): synchronised sequences with per-sensor timestamps.txt, sweeps as point
 * clouds, camera images, the calibration as sensors (what the sync checks read), tracklets as tracked
 * cuboids and OXTS as ego poses; and KITTI odometry / SemanticKITTI sequences with per-point labels.
 */
export const kittiRaw = defineFormat({
  id: 'kitti-raw',
  title: 'KITTI raw drive',
  tasks: ['cuboid', 'point_labels'],
  capabilities: { roundTrip: [], keepsClassIds: false, needsImages: false, scores: false },
  detect: detectKittiRaw,
  read: readKittiRaw,
});
