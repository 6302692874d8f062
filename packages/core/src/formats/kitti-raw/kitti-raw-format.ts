import { type Detection, defineFormat } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { joinPath } from '../paths.js';
import { readKittiRaw } from './kitti-raw-read.js';

async function detectKittiRaw(path: string, io: FormatIO): Promise<Detection | undefined> {
  if (!(await io.exists(joinPath(path, 'velodyne_points', 'timestamps.txt')))) return undefined;
  return { confidence: 0.9, reason: 'velodyne_points/timestamps.txt (a KITTI raw drive)' };
}

/**
 * KITTI raw drives (read only): synchronised sequences with per-sensor timestamps.txt, sweeps as point
 * clouds, camera images, the calibration as sensors: what the sync checks read.
 */
export const kittiRaw = defineFormat({
  id: 'kitti-raw',
  title: 'KITTI raw drive',
  tasks: ['cuboid'],
  capabilities: { roundTrip: [], keepsClassIds: false, needsImages: false, scores: false },
  detect: detectKittiRaw,
  read: readKittiRaw,
});
