import type { Detection } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { joinPath } from '../paths.js';

/**
 * A folder with velodyne/ and calib/ (itself or under training/) → 0.9; velodyne/ and label_2/ only → 0.7;
 * velodyne/ with .bin sweeps alone → 0.6.
 */
export async function detectKitti(path: string, io: FormatIO): Promise<Detection | undefined> {
  if (!(await io.isDirectory(path))) return undefined;
  for (const prefix of ['', 'training/']) {
    const has = async (d: string) => io.isDirectory(joinPath(path, `${prefix}${d}`));
    if (!(await has('velodyne'))) continue;
    if (await has('calib'))
      return { confidence: 0.9, reason: `${prefix}velodyne/ and ${prefix}calib/ (KITTI 3D object)` };
    if (await has('label_2'))
      return { confidence: 0.7, reason: `${prefix}velodyne/ and ${prefix}label_2/ (KITTI 3D object)` };
    // Sweeps alone (Waymo or a drive converted to KITTI's layout before its labels, mmdetection3d's test data).
    const sweeps = (await io.listFiles(joinPath(path, `${prefix}velodyne`))).filter((f) =>
      f.endsWith('.bin'),
    );
    if (sweeps.length > 0)
      return {
        confidence: 0.6,
        reason: `${prefix}velodyne/ with ${sweeps.length} .bin sweeps (KITTI 3D object, no calib/ or label_2/)`,
      };
  }
  // KITTI's 2D object layout (image_2/ and label_2/ without sweeps), judged by a label file's lines.
  for (const prefix of ['', 'training/']) {
    const labels = joinPath(path, `${prefix}label_2`);
    if (!(await io.isDirectory(joinPath(path, `${prefix}image_2`))) || !(await io.isDirectory(labels)))
      continue;
    const first = (await io.listFiles(labels)).find((f) => f.endsWith('.txt'));
    if (first !== undefined && looksLikeKittiLabels(await io.readText(joinPath(labels, first))))
      return { confidence: 0.8, reason: `${prefix}image_2/ and ${prefix}label_2/ (KITTI 2D object)` };
  }
  return undefined;
}

/** Whether a label file's first lines are KITTI object lines: a type and 14 numbers (15 with a score). */
function looksLikeKittiLabels(text: string): boolean {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 5);
  return (
    lines.length > 0 &&
    lines.every((line) => {
      const [type, ...rest] = line.split(/\s+/);
      return (
        /^[A-Za-z_][\w-]*$/.test(type ?? '') &&
        (rest.length === 14 || rest.length === 15) &&
        rest.every((v) => Number.isFinite(Number(v)))
      );
    })
  );
}
