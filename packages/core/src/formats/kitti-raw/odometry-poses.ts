import { type Mat34, mat34InvertAffine, mat34Multiply, mat34ToRigid } from '../../geometry3d/mat34.js';
import type { RigidTransform } from '../../model/sensor.js';
import type { ReadInput } from '../define-format.js';
import { joinPath } from '../paths.js';
import type { ProblemList } from '../problems.js';
import { parseCalibValues } from './kitti-raw-calib.js';

/**
 * The velodyne's pose per sweep from a KITTI odometry sequence's `poses.txt` (one line a sweep: the 3×4
 * pose of camera 0 in the first camera 0's frame, row-major, as the odometry ground truth and
 * SemanticKITTI give it), moved to the velodyne with calib.txt's Tr (velodyne → camera 0):
 * Tr⁻¹ · pose · Tr, so the world is the first sweep's velodyne frame (as semantic-kitti-api's
 * generate_sequential computes it). Undefined without poses.txt; without a usable Tr, said and undefined.
 */
export async function odometryPoses(
  input: Pick<ReadInput, 'io' | 'path'>,
  problems: ProblemList,
): Promise<(RigidTransform | undefined)[] | undefined> {
  const file = joinPath(input.path, 'poses.txt');
  if (!(await input.io.exists(file))) return undefined;
  const calib = joinPath(input.path, 'calib.txt');
  const tr = (await input.io.exists(calib))
    ? parseCalibValues(await input.io.readText(calib)).get('Tr')
    : undefined;
  if (tr === undefined || tr.length < 12 || !tr.every(Number.isFinite)) {
    problems.warn(
      file,
      undefined,
      "is not used: the poses are camera 0's, and calib.txt's Tr (velodyne → camera 0) is needed to move them to the sweeps",
      'Put calib.txt (from KITTI odometry’s calibration download) beside poses.txt.',
    );
    return undefined;
  }
  const veloToCam = Float64Array.from(tr.slice(0, 12)) as Mat34;
  const camToVelo = mat34InvertAffine(veloToCam);
  return (await input.io.readText(file))
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((line, i) => {
      const v = line.trim().split(/\s+/).map(Number);
      if (v.length < 12 || !v.every(Number.isFinite)) {
        problems.warn(
          file,
          `line ${i + 1}`,
          `has ${v.length} values, not 12 numbers (a 3×4 pose): sweep ${i} has no pose`,
        );
        return undefined;
      }
      const pose = Float64Array.from(v.slice(0, 12)) as Mat34;
      return mat34ToRigid(mat34Multiply(camToVelo, mat34Multiply(pose, veloToCam)));
    });
}
