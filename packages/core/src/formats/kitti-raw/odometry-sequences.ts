import type { ReadInput } from '../define-format.js';
import { joinPath } from '../paths.js';

/**
 * True when `path` is a KITTI odometry / SemanticKITTI sequence folder: velodyne/ and times.txt, or
 * velodyne/ and labels/ (SemanticKITTI's label download beside the sweeps, without the calibration one).
 */
export async function isOdometrySequence(input: Pick<ReadInput, 'io' | 'path'>): Promise<boolean> {
  const { io, path } = input;
  if (!(await io.isDirectory(joinPath(path, 'velodyne')))) return false;
  return (await io.exists(joinPath(path, 'times.txt'))) || (await io.isDirectory(joinPath(path, 'labels')));
}

/** SemanticKITTI's sequence numbers: 00–10 with labels, 11–21 without. */
const SEQUENCES = Array.from({ length: 22 }, (_, i) => String(i).padStart(2, '0'));

/**
 * Sequence folders (`00` … `21`) of a SemanticKITTI `sequences/` folder, or of the folder holding it
 * (looked up by name: a large folder is never listed to find them).
 */
export async function odometrySequences(path: string, io: ReadInput['io']): Promise<string[]> {
  for (const base of [joinPath(path, 'sequences'), path]) {
    const found: string[] = [];
    for (const name of SEQUENCES)
      if (await isOdometrySequence({ io, path: joinPath(base, name) })) found.push(joinPath(base, name));
    if (found.length > 0) return found;
  }
  return [];
}
