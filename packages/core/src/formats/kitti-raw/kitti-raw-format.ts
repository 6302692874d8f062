import { type Detection, defineFormat } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { joinPath } from '../paths.js';
import { isOdometrySequence, odometrySequences } from './odometry-sequences.js';

/** KITTI-360's drives (2013_05_28_drive_00NN_sync), train and test. */
const KITTI360_DRIVES = [0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 18].map(
  (n) => `2013_05_28_drive_${String(n).padStart(4, '0')}_sync`,
);

/** The KITTI-360 drive folders (velodyne_points/timestamps.txt) under `path` or its data_3d_raw/. */
async function kitti360Drives(path: string, io: FormatIO): Promise<string[]> {
  for (const base of [joinPath(path, 'data_3d_raw'), path]) {
    const found: string[] = [];
    for (const name of KITTI360_DRIVES)
      if (await io.exists(joinPath(base, name, 'velodyne_points', 'timestamps.txt')))
        found.push(joinPath(base, name));
    if (found.length > 0) return found;
  }
  return [];
}

async function detectKittiRaw(path: string, io: FormatIO): Promise<Detection | undefined> {
  if (await io.exists(joinPath(path, 'velodyne_points', 'timestamps.txt')))
    return { confidence: 0.9, reason: 'velodyne_points/timestamps.txt (a KITTI raw drive)' };
  if (await isOdometrySequence({ io, path }))
    return {
      confidence: 0.8,
      reason: 'velodyne/ with times.txt or labels/ (a KITTI odometry / SemanticKITTI sequence)',
    };
  // A dataset of several KITTI-360 drives: named among the weak guesses, with the command for each.
  const drives = await kitti360Drives(path, io);
  if (drives.length > 0)
    return {
      confidence: 0.3,
      reason: `${drives.length} KITTI-360 drive${drives.length === 1 ? '' : 's'} (data_3d_raw/<drive>/velodyne_points), each imported by itself: ${drives
        .slice(0, 3)
        .map((d) => `assay import kitti-raw ${d}`)
        .join('; ')}${drives.length > 3 ? '; …' : ''}`,
    };
  const sequences = await odometrySequences(path, io);
  if (sequences.length > 0)
    return {
      confidence: 0.8,
      reason: `${sequences.length} KITTI odometry / SemanticKITTI sequence${sequences.length === 1 ? '' : 's'} (${sequences
        .slice(0, 3)
        .map((s) => s.slice(path.length + 1))
        .join(', ')}${sequences.length > 3 ? ', …' : ''}), read together in SemanticKITTI's splits`,
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
  read: async (input) => (await import('./kitti-raw-read.js')).readKittiRaw(input),
});
