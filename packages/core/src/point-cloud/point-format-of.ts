import type { PointCloudFormat } from '../model/point-cloud.js';

/** The point format a file name suggests (`.pcd.bin` nuScenes, `.bin` KITTI, `.pcd`, `.ply`, `.las`), or undefined. */
export function pointFormatOf(path: string): PointCloudFormat | undefined {
  const name = path.toLowerCase();
  if (name.endsWith('.pcd.bin')) return 'nuscenes-bin';
  if (name.endsWith('.bin')) return 'kitti-bin';
  if (name.endsWith('.pcd')) return 'pcd';
  if (name.endsWith('.ply')) return 'ply';
  if (name.endsWith('.las')) return 'las';
  return undefined;
}
