import type { Detection } from '../define-format.js';
import { defineFormat } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { nuTablesDir, readNuScenes } from './nuscenes-read.js';

async function detectNuScenes(path: string, io: FormatIO): Promise<Detection | undefined> {
  if (!(await io.isDirectory(path))) return undefined;
  const dir = await nuTablesDir(path, io);
  if (dir === undefined) return undefined;
  return {
    confidence: 0.95,
    reason: `${dir === path ? '' : `${dir.slice(path.length + 1)}/`}sample_data.json (nuScenes tables)`,
  };
}

/**
 * nuScenes (v1.0 tables + samples/): key frames of each scene as frames with per-sensor timestamps and
 * ego poses, calibrated sensors, LiDAR/radar sweeps as point clouds, annotations as cuboids with tracks.
 */
export const nuscenes = defineFormat({
  id: 'nuscenes',
  title: 'nuScenes',
  tasks: ['cuboid'],
  capabilities: { roundTrip: ['cuboid'], keepsClassIds: false, needsImages: false, scores: false },
  detect: detectNuScenes,
  read: readNuScenes,
  write: async (input) => (await import('./nuscenes-write.js')).writeNuScenes(input),
});
