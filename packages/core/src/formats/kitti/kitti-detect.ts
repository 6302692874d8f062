import type { Detection } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { joinPath } from '../paths.js';

/** A folder with velodyne/ and calib/ (itself or under training/) → 0.9; velodyne/ and label_2/ only → 0.7. */
export async function detectKitti(path: string, io: FormatIO): Promise<Detection | undefined> {
  if (!(await io.isDirectory(path))) return undefined;
  for (const prefix of ['', 'training/']) {
    const has = async (d: string) => io.isDirectory(joinPath(path, `${prefix}${d}`));
    if (!(await has('velodyne'))) continue;
    if (await has('calib'))
      return { confidence: 0.9, reason: `${prefix}velodyne/ and ${prefix}calib/ (KITTI 3D object)` };
    if (await has('label_2'))
      return { confidence: 0.7, reason: `${prefix}velodyne/ and ${prefix}label_2/ (KITTI 3D object)` };
  }
  return undefined;
}
