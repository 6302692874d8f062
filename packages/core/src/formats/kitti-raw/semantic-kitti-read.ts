import type { Annotation } from '../../model/annotation.js';
import type { ClassDef } from '../../model/class-def.js';
import type { Sample } from '../../model/sample.js';
import type { Frame, Sensor } from '../../model/sensor.js';
import { decodePointLabelFile } from '../../point-cloud/point-label-file.js';
import { summarizePoints } from '../../point-cloud/point-summary.js';
import { counted } from '../counted.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import { kittiSensors } from '../kitti/kitti-calib.js';
import { baseName, joinPath, stripExt } from '../paths.js';
import { ProblemList, reasonAbout } from '../problems.js';
import { parseCalibValues } from './kitti-raw-calib.js';
import { odometryPoses } from './odometry-poses.js';
import { labelCounts, semanticKittiName } from './semantic-kitti-labels.js';

/** calib.txt of an odometry sequence (P0–P3, Tr = velodyne → rectified camera 0) as the object format's sensors. */
async function sequenceSensors(input: ReadInput, name: string, problems: ProblemList): Promise<Sensor[]> {
  const file = joinPath(input.path, 'calib.txt');
  if (!(await input.io.exists(file))) return [];
  const text = await input.io.readText(file);
  const v = parseCalibValues(text);
  const P = [0, 1, 2, 3].map((i) => v.get(`P${i}`));
  const tr = v.get('Tr');
  if (P.some((p) => p === undefined || p.length < 12) || tr === undefined || tr.length < 12) {
    problems.warn(file, undefined, 'needs P0–P3 and Tr (12 numbers each): the sequence has no sensors');
    return [];
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  return kittiSensors(name, { P: P as number[][], R0: [1, 0, 0, 0, 1, 0, 0, 0, 1], veloToCam: tr, lines });
}

/**
 * Reads a KITTI odometry sequence as SemanticKITTI lays it out (sequences/NN/: velodyne/NNNNNN.bin,
 * labels/NNNNNN.label, times.txt, calib.txt, poses.txt, image_2/ when present): one frame per sweep, in
 * order, with its time (seconds from the sequence's start), its velodyne pose (odometry-poses.ts), the
 * camera image of the same number, and the sweep's
 * per-point classes as one `point_labels` annotation (the `.label` file, its class names and counts).
 */
export async function readSemanticKitti(input: ReadInput): Promise<ReadResult> {
  const { io, path: root } = input;
  const problems = new ProblemList();
  const sequence = baseName(root);
  const timesFile = joinPath(root, 'times.txt');
  const hasTimes = await io.exists(timesFile);
  if (!hasTimes)
    problems.warn(
      timesFile,
      undefined,
      'is missing: the sweeps have no times',
      'It comes with calib.txt in KITTI odometry’s calibration download.',
    );
  const times = (hasTimes ? await io.readText(timesFile) : '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map(Number);
  const sweeps = (await io.listFiles(joinPath(root, 'velodyne'))).filter((f) => f.endsWith('.bin')).sort();
  const list = async (dir: string) =>
    new Set((await io.isDirectory(joinPath(root, dir))) ? await io.listFiles(joinPath(root, dir)) : []);
  const labels = await list('labels');
  const images = await list('image_2');
  const sensors = await sequenceSensors(input, sequence, problems);
  const poses = await odometryPoses(input, problems);
  const samples: Sample[] = [];
  const frames: Frame[] = [];
  const annotations: Annotation[] = [];
  const classes = new Map<string, ClassDef>();
  for (const name of sweeps) {
    input.signal?.throwIfAborted();
    const id = stripExt(name);
    const index = Number(id);
    const key = `velodyne/${name}`;
    const file = joinPath(root, key);
    let count: number;
    try {
      const pointCloud = await summarizePoints(io.readChunks(file), 'kitti-bin', { file });
      count = pointCloud.count;
      samples.push({ key, kind: 'point_cloud', pointCloud });
    } catch (error) {
      problems.skip(file, undefined, reasonAbout(error, file));
      continue;
    }
    const time = times[index];
    const pose = poses?.[index];
    const at = {
      ...(time !== undefined && Number.isFinite(time) ? { timestamp: time } : {}),
      ...(pose === undefined ? {} : { pose }),
    };
    const frame: Frame = {
      name: `${sequence}/${id}`,
      sequence,
      index,
      ...(at.timestamp === undefined ? {} : { timestamp: at.timestamp }),
      members: [],
    };
    frame.members.push({ sample: key, sensor: `${sequence}/velodyne`, ...at });
    if (images.has(`${id}.png`)) {
      samples.push({ key: `image_2/${id}.png` });
      frame.members.push({ sample: `image_2/${id}.png`, sensor: `${sequence}/image_2`, ...at });
    }
    frames.push(frame);
    if (!labels.has(`${id}.label`)) continue;
    const labelKey = `labels/${id}.label`;
    const labelFile = joinPath(root, labelKey);
    try {
      const counts = labelCounts(
        decodePointLabelFile(await io.readBytes(labelFile), 'u32', labelFile, count),
      );
      const values = [...counts.keys()].sort((a, b) => a - b);
      for (const v of values) {
        const className = semanticKittiName(v);
        if (!classes.has(className))
          classes.set(className, { name: className, originalIds: { 'semantic-kitti': v } });
      }
      annotations.push({
        sample: key,
        source: input.source,
        kind: 'point_labels',
        pointLabels: {
          file: labelKey,
          encoding: 'u32',
          classes: Object.fromEntries(values.map((v) => [String(v), semanticKittiName(v)])),
          counts: Object.fromEntries(values.map((v) => [semanticKittiName(v), counts.get(v)!])),
        },
      });
    } catch (error) {
      problems.skip(labelFile, undefined, reasonAbout(error, labelFile));
    }
  }
  if (poses !== undefined && poses.length !== sweeps.length)
    problems.warn(
      joinPath(root, 'poses.txt'),
      undefined,
      `${poses.length} poses for ${sweeps.length} sweeps`,
    );
  if (hasTimes && times.length !== sweeps.length)
    problems.warn(
      joinPath(root, 'times.txt'),
      undefined,
      `${times.length} times for ${sweeps.length} sweeps`,
    );
  return {
    classes: [...classes.values()],
    samples,
    annotations,
    sensors,
    frames,
    sequences: [{ name: sequence, referenceSensor: 'velodyne' }],
    imagesRoot: root,
    problems: problems.items,
    notes: [
      `sequence ${sequence}: ${counted(frames.length, 'sweep')}, ${annotations.length} with per-point labels`,
    ],
  };
}
