import { mat34ToRigid } from '../../geometry3d/mat34.js';
import type { Annotation } from '../../model/annotation.js';
import type { ClassDef } from '../../model/class-def.js';
import type { Frame, RigidTransform } from '../../model/sensor.js';
import type { ReadInput } from '../define-format.js';
import { joinPath } from '../paths.js';
import type { ProblemList } from '../problems.js';
import { type OxtsPacket, oxtsVelodynePoses, parseOxtsLine } from './kitti-oxts.js';
import { parseCalibValues } from './kitti-raw-calib.js';
import { parseKittiTracklets } from './kitti-tracklets.js';

export interface DriveContext {
  drive: string;
  calibDir: string;
  frames: Frame[];
  problems: ProblemList;
}

const frameFile = (i: number) => String(i).padStart(10, '0');

/**
 * tracklet_labels.xml in the drive folder, as cuboids with track ids on the frames' sweeps (objects of
 * frames without a sweep are reported and left out).
 */
export async function readTracklets(
  input: ReadInput,
  ctx: DriveContext,
): Promise<{ annotations: Annotation[]; classes: ClassDef[] } | undefined> {
  const file = joinPath(ctx.drive, 'tracklet_labels.xml');
  if (!(await input.io.exists(file))) return undefined;
  const sweepOf = new Map<number, string>();
  for (const f of ctx.frames) {
    const sweep = f.members.find((m) => m.sample.startsWith('velodyne_points/'));
    if (f.index !== undefined && sweep !== undefined) sweepOf.set(f.index, sweep.sample);
  }
  const annotations: Annotation[] = [];
  const classes = new Map<string, ClassDef>();
  let orphans = 0;
  for (const box of parseKittiTracklets(await input.io.readText(file), file, ctx.problems)) {
    const sample = sweepOf.get(box.frame);
    if (sample === undefined) {
      orphans++;
      continue;
    }
    if (!classes.has(box.type)) classes.set(box.type, { name: box.type });
    annotations.push({
      sample,
      source: input.source,
      kind: 'cuboid',
      label: box.type,
      cuboid: box.cuboid,
      attributes: box.attributes,
      originalId: `${box.track}:${frameFile(box.frame)}`,
    });
  }
  if (orphans > 0)
    ctx.problems.warn(file, undefined, `${orphans} box(es) of frames without a sweep are not kept`);
  return { annotations, classes: [...classes.values()] };
}

/** calib_imu_to_velo.txt's R, T (IMU → velodyne), or undefined with a warning. */
async function imuToVelo(input: ReadInput, ctx: DriveContext): Promise<RigidTransform | undefined> {
  const file = joinPath(ctx.calibDir, 'calib_imu_to_velo.txt');
  if (!(await input.io.exists(file))) {
    ctx.problems.warn(
      file,
      undefined,
      "is missing: the OXTS poses are not kept (they are the IMU's, not the velodyne's)",
    );
    return undefined;
  }
  const values = parseCalibValues(await input.io.readText(file));
  const r = values.get('R');
  const t = values.get('T');
  if (r === undefined || r.length < 9 || t === undefined || t.length < 3) {
    ctx.problems.warn(file, undefined, 'needs R (9 numbers) and T (3): the OXTS poses are not kept');
    return undefined;
  }
  return mat34ToRigid(
    Float64Array.of(r[0]!, r[1]!, r[2]!, t[0]!, r[3]!, r[4]!, r[5]!, t[1]!, r[6]!, r[7]!, r[8]!, t[2]!),
  );
}

/**
 * oxts/data/<frame>.txt of the drive, as the velodyne's pose in a local world frame (kitti-oxts.ts) on
 * every member of the frame of the same index. Returns the number of frames given a pose.
 */
export async function readOxtsPoses(input: ReadInput, ctx: DriveContext): Promise<number> {
  const dir = joinPath(ctx.drive, 'oxts', 'data');
  if (!(await input.io.isDirectory(dir))) return 0;
  const calib = await imuToVelo(input, ctx);
  if (calib === undefined) return 0;
  const indexed = ctx.frames.filter((f) => f.index !== undefined);
  const packets: OxtsPacket[] = [];
  const posed: Frame[] = [];
  const names = new Set(await input.io.listFiles(dir));
  for (const f of indexed) {
    const name = `${frameFile(f.index!)}.txt`;
    if (!names.has(name)) continue;
    const file = joinPath(dir, name);
    const packet = parseOxtsLine(await input.io.readText(file));
    if (packet === undefined) {
      ctx.problems.warn(
        file,
        undefined,
        'is not an OXTS line (30 numbers, lat lon alt roll pitch yaw first)',
      );
      continue;
    }
    packets.push(packet);
    posed.push(f);
  }
  const poses = oxtsVelodynePoses(packets, calib);
  posed.forEach((f, k) => {
    for (const m of f.members) m.pose = poses[k]!;
  });
  return posed.length;
}
