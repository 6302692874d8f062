import { type Detection, defineFormat } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { joinPath } from '../paths.js';
import { readKittiRaw } from './kitti-raw-read.js';
import { isOdometrySequence, odometrySequences } from './semantic-kitti-read.js';

async function detectKittiRaw(path: string, io: FormatIO): Promise<Detection | undefined> {
  if (await io.exists(joinPath(path, 'velodyne_points', 'timestamps.txt')))
    return { confidence: 0.9, reason: 'velodyne_points/timestamps.txt (a KITTI raw drive)' };
  if (await isOdometrySequence({ io, path }))
    return {
      confidence: 0.8,
      reason: 'velodyne/ with times.txt or labels/ (a KITTI odometry / SemanticKITTI sequence)',
    };
  // A dataset of several sequences: named among the weak guesses, with the command for each.
  const sequences = await odometrySequences(path, io);
  if (sequences.length > 0)
    return {
      confidence: 0.3,
      reason: `${sequences.length} KITTI odometry / SemanticKITTI sequence${sequences.length === 1 ? '' : 's'}, each imported by itself: ${sequences
        .slice(0, 3)
        .map((s) => `assay import kitti-raw ${s}`)
        .join('; ')}${sequences.length > 3 ? '; …' : ''}`,
    };
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
