import type { Sample } from '../../model/sample.js';
import type { Frame, Sensor } from '../../model/sensor.js';
import { summarizePoints } from '../../point-cloud/point-summary.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { baseName, dirName, joinPath, stripExt } from '../paths.js';
import { ProblemList, reasonAbout } from '../problems.js';
import { kittiRawSensors } from './kitti-raw-calib.js';
import { readOxtsPoses, readTracklets } from './kitti-raw-extras.js';
import { isOdometrySequence, odometrySequences } from './odometry-sequences.js';
import { readSemanticKitti } from './semantic-kitti-read.js';

const CAMERAS = ['image_00', 'image_01', 'image_02', 'image_03'];

/** "2011-09-26 13:02:25.964389445" → Unix seconds (UTC; the fraction kept to the double's ~0.2 µs). */
export function parseKittiTime(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?$/.exec(text.trim());
  if (m === null) return undefined;
  const whole = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) / 1000;
  return whole + (m[7] === undefined ? 0 : Number(`0${m[7]}`));
}

async function timestamps(
  io: FormatIO,
  file: string,
  problems: ProblemList,
): Promise<(number | undefined)[]> {
  if (!(await io.exists(file))) {
    problems.warn(file, undefined, 'is missing: the sensor has no timestamps');
    return [];
  }
  return (await io.readText(file))
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((line, i) => {
      const t = parseKittiTime(line);
      if (t === undefined)
        problems.warn(
          file,
          `line ${i + 1}`,
          `"${line.slice(0, 40)}" is not a time (YYYY-MM-DD hh:mm:ss.fraction)`,
        );
      return t;
    });
}

/**
 * Reads a KITTI raw drive folder (<date>_drive_<n>_sync: velodyne_points/, image_0X/, each with data/ and
 * timestamps.txt; the calib files beside it or in its parent folder): one sequence named after the
 * drive, frame i holding sweep i and image i of each camera with their own timestamps, the calibration
 * as sensors; tracklet_labels.xml as cuboids with track ids on the sweeps, and oxts/data/ as each frame's
 * ego pose (the velodyne's pose in a local world frame; needs calib_imu_to_velo.txt), when present.
 * A KITTI odometry / SemanticKITTI sequence folder is read by readSemanticKitti (semantic-kitti-read.ts),
 * a folder of them (`sequences/`, or the dataset folder holding it) by readSemanticKittiSequences.
 */
export async function readKittiRaw(input: ReadInput): Promise<ReadResult> {
  if (await isOdometrySequence(input)) return readSemanticKitti(input);
  if ((await odometrySequences(input.path, input.io)).length > 0) {
    const { readSemanticKittiSequences } = await import('./semantic-kitti-sequences.js');
    return readSemanticKittiSequences(input);
  }
  const { io, path: drive } = input;
  const problems = new ProblemList();
  const sequence = baseName(drive);
  const samples: Sample[] = [];
  const frames: Frame[] = [];
  let sensors: Sensor[] = [];
  const calibDir = (await io.exists(joinPath(drive, 'calib_cam_to_cam.txt'))) ? drive : dirName(drive);
  const cameras: string[] = [];
  for (const c of CAMERAS) if (await io.isDirectory(joinPath(drive, c, 'data'))) cameras.push(c);
  const files = {
    camToCam: joinPath(calibDir, 'calib_cam_to_cam.txt'),
    veloToCam: joinPath(calibDir, 'calib_velo_to_cam.txt'),
  };
  const missing: string[] = [];
  for (const f of [files.camToCam, files.veloToCam]) if (!(await io.exists(f))) missing.push(baseName(f));
  if (missing.length > 0)
    problems.warn(
      calibDir,
      undefined,
      `has no ${missing.join(' or ')}: the sweeps and images are read without sensors (no calibration)`,
      'Put calib_cam_to_cam.txt and calib_velo_to_cam.txt beside the drive folder (KITTI raw). KITTI-360 keeps its calibration in calibration/ in another form, which is not read.',
    );
  else
    try {
      sensors = kittiRawSensors(
        `${sequence}/`,
        cameras,
        await io.readText(files.camToCam),
        await io.readText(files.veloToCam),
        files,
      );
    } catch (error) {
      problems.warn(
        calibDir,
        undefined,
        `no calibration: ${(error as Error).message}`,
        'Put calib_cam_to_cam.txt and calib_velo_to_cam.txt beside the drive folder.',
      );
    }
  const streams = [
    { folder: 'velodyne_points', sensor: 'velodyne' },
    ...cameras.map((c) => ({ folder: c, sensor: c })),
  ];
  const perStream = await Promise.all(
    streams.map(async (s) => ({
      ...s,
      files: (await io.isDirectory(joinPath(drive, s.folder, 'data')))
        ? await io.listFiles(joinPath(drive, s.folder, 'data'))
        : [],
      times: await timestamps(io, joinPath(drive, s.folder, 'timestamps.txt'), problems),
    })),
  );
  const count = Math.max(0, ...perStream.map((s) => s.files.length));
  for (let i = 0; i < count; i++) {
    input.signal?.throwIfAborted();
    const frame: Frame = {
      name: `${sequence}/${String(i).padStart(10, '0')}`,
      sequence,
      index: i,
      members: [],
    };
    for (const s of perStream) {
      const file = s.files.find((f) => Number(stripExt(f)) === i);
      if (file === undefined) continue;
      const key = `${s.folder}/data/${file}`;
      if (s.folder === 'velodyne_points') {
        const path = joinPath(drive, key);
        try {
          samples.push({
            key,
            kind: 'point_cloud',
            pointCloud: await summarizePoints(io.readChunks(path), 'kitti-bin', { file: path }),
          });
        } catch (error) {
          problems.skip(path, undefined, reasonAbout(error, path));
          continue;
        }
      } else samples.push({ key });
      const time = s.times[i];
      frame.members.push({
        sample: key,
        sensor: `${sequence}/${s.sensor}`,
        ...(time === undefined ? {} : { timestamp: time }),
      });
      if (s.folder === 'velodyne_points' && time !== undefined) frame.timestamp = time;
    }
    if (frame.members.length > 0) frames.push(frame);
  }
  const ctx = { drive, calibDir, frames, problems };
  const tracklets = await readTracklets(input, ctx);
  const posed = await readOxtsPoses(input, ctx);
  return {
    classes: tracklets?.classes ?? [],
    samples,
    annotations: tracklets?.annotations ?? [],
    sensors,
    frames,
    sequences: [{ name: sequence, referenceSensor: 'velodyne' }],
    imagesRoot: drive,
    problems: problems.items,
    notes: [
      `drive ${sequence}: ${frames.length} frames, cameras ${cameras.join(', ') || 'none'}, ${tracklets === undefined ? 'no tracklets' : `${tracklets.annotations.length} tracklet boxes`}, ${posed} frames with an OXTS pose`,
    ],
  };
}
