import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { syncChecks } from '../../checks/lidar/sync-checks.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { encodeRawFloat } from '../../point-cloud/encode-points.js';
import { lidarScene } from '../../synthetic/lidar-scene.js';
import { describeConformance, emptyLookup, renderImage } from '../conformance.js';
import { toPosix } from '../paths.js';
import { kittiRaw } from './kitti-raw-format.js';
import { parseKittiTime } from './kitti-raw-read.js';

describeConformance(kittiRaw);

// Calibration numbers of KITTI's 2011_09_26 drives (the P2/R0_rect/Tr_velo_to_cam of kitti-object-3/calib/000001.txt).
const CAM_TO_CAM = `calib_time: 09-Jan-2012 13:57:47
S_rect_02: 1.242000e+03 3.750000e+02
R_rect_00: 9.999239e-01 9.837760e-03 -7.445048e-03 -9.869795e-03 9.999421e-01 -4.278459e-03 7.402527e-03 4.351614e-03 9.999631e-01
P_rect_02: 7.215377e+02 0.000000e+00 6.095593e+02 4.485728e+01 0.000000e+00 7.215377e+02 1.728540e+02 2.163791e-01 0.000000e+00 0.000000e+00 1.000000e+00 2.745884e-03
`;
const VELO_TO_CAM = `calib_time: 15-Mar-2012 11:37:16
R: 7.533745e-03 -9.999714e-01 -6.166020e-04 1.480249e-02 7.280733e-04 -9.998902e-01 9.998621e-01 7.523790e-03 1.480755e-02
T: -4.069766e-03 -7.631618e-02 -2.717806e-01
`;

const stamp = (seconds: number) => {
  const d = new Date(Math.floor(seconds) * 1000);
  const frac = (seconds - Math.floor(seconds)).toFixed(9).slice(1);
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)}${frac}`;
};

describe('kitti-raw: a generated drive with per-sensor timestamps', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-kitti-raw-')));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('parses KITTI times to the nanosecond digits a double keeps', () => {
    // 2011-09-26 13:02:25 UTC = 1317042145 (date -u -d '2011-09-26 13:02:25' +%s).
    assert.ok(Math.abs(parseKittiTime('2011-09-26 13:02:25.964389445')! - 1317042145 - 0.964389445) < 1e-6);
    assert.equal(parseKittiTime('yesterday'), undefined);
  });

  it('frames pair sweep i with image i; the sync checks find the late camera and the dropped sweep', async () => {
    const drive = `${dir}/2011_09_26/2011_09_26_drive_0001_sync`;
    const scene = lidarScene({ frames: 7, points: 200, objects: 2, defects: false });
    const clouds = scene.dataset.samples.filter((s) => s.kind === 'point_cloud').slice(0, 7);
    await mkdir(`${drive}/velodyne_points/data`, { recursive: true });
    await mkdir(`${drive}/image_02/data`, { recursive: true });
    const t0 = 1317042145.1;
    const lidarTimes: number[] = [];
    const cameraTimes: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t = t0 + 0.1 * i + (i >= 4 ? 0.1 : 0); // a sweep lost between 3 and 4
      lidarTimes.push(t);
      cameraTimes.push(t + (i === 2 ? 0.07 : 0.002)); // image 2 taken 70 ms late
      const name = String(i).padStart(10, '0');
      await writeFile(
        `${drive}/velodyne_points/data/${name}.bin`,
        encodeRawFloat(scene.cloud(clouds[i]!.key), 'kitti-bin'),
      );
      await renderImage(`${drive}/image_02/data/${name}.png`, 124, 37, i);
    }
    await writeFile(`${drive}/velodyne_points/timestamps.txt`, `${lidarTimes.map(stamp).join('\n')}\n`);
    await writeFile(`${drive}/image_02/timestamps.txt`, `${cameraTimes.map(stamp).join('\n')}\n`);
    await writeFile(`${dir}/2011_09_26/calib_cam_to_cam.txt`, CAM_TO_CAM);
    await writeFile(`${dir}/2011_09_26/calib_velo_to_cam.txt`, VELO_TO_CAM);
    const io = createNodeFormatIO();
    assert.equal((await kittiRaw.detect(drive, io))?.confidence, 0.9);
    const read = await kittiRaw.read({ path: drive, source: 'ground_truth', io, lookup: emptyLookup });
    assert.deepEqual(read.problems, []);
    assert.equal(read.frames?.length, 7);
    assert.deepEqual(
      read.sensors?.map((s) => s.name),
      ['velodyne', 'image_02'],
    );
    assert.equal(read.sensors?.[1]?.intrinsics?.width, 1242);
    const ids = new Map(read.samples.map((s, i) => [s.key, i + 1]));
    const frames = read.frames!.map((f, i) => ({
      ...f,
      id: i,
      members: f.members.map((m) => ({ ...m, sampleId: ids.get(m.sample)! })),
    }));
    const issues = syncChecks(
      { sensors: read.sensors!, frames, samples: new Map(), cuboids: [], boxes: [] },
      {},
    );
    assert.deepEqual(
      issues.map((i) => `${i.type} ${read.samples[i.sampleId! - 1]!.key}`),
      ['sync_offset image_02/data/0000000002.png', 'frame_dropped velodyne_points/data/0000000004.bin'],
    );
  });
});
