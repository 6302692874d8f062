/**
 * Issue 10 (LiDAR logs nobody here made): KITTI-360 as its download unpacks (kitti360Scripts' layout):
 * `data_3d_raw/2013_05_28_drive_00NN_sync/velodyne_points/{data/*.bin, timestamps.txt}`, the calibration in
 * `calibration/` in files KITTI raw does not have. A drive reads as a KITTI raw drive; the root and
 * data_3d_raw were "Could not tell which format", and the missing KITTI raw calibration was a raw ENOENT.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { emptyLookup } from '../conformance.js';
import { detectFormat, rankFormats } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';
import { kittiRaw } from './kitti-raw-format.js';

const io = createNodeFormatIO();

describe('issue 10: KITTI-360 drives', () => {
  let dir = '';
  let root = '';
  const drive = (n: string) => `${root}/data_3d_raw/2013_05_28_drive_${n}_sync`;
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-kitti360-')));
    root = `${dir}/KITTI-360`;
    for (const n of ['0000', '0002']) {
      await mkdir(`${drive(n)}/velodyne_points/data`, { recursive: true });
      const sweep = new Uint8Array(Float32Array.from([1, 2, 3, 0.5, 4, 5, 6, 0.25]).buffer);
      for (const i of [0, 1]) await writeFile(`${drive(n)}/velodyne_points/data/000000000${i}.bin`, sweep);
      await writeFile(
        `${drive(n)}/velodyne_points/timestamps.txt`,
        '2013-05-28 08:46:02.100000000\n2013-05-28 08:46:02.200000000\n',
      );
    }
    await mkdir(`${root}/calibration`);
    await writeFile(`${root}/calibration/calib_cam_to_velo.txt`, '1 0 0 0 0 1 0 0 0 0 1 0\n');
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('the root and data_3d_raw are weak guesses naming each drive to import', async () => {
    for (const path of [root, `${root}/data_3d_raw`]) {
      const [best] = await rankFormats(formats, path, io);
      assert.equal(best?.format.id, 'kitti-raw');
      assert.ok(best!.detection.confidence < 0.5);
      assert.match(best!.detection.reason, /^2 KITTI-360 drives/);
      assert.ok(best!.detection.reason.includes(`assay import kitti-raw ${drive('0000')}`));
    }
  });

  it('a drive reads as KITTI raw; the calibration it lacks is named, not an ENOENT', async () => {
    assert.equal((await detectFormat(formats, drive('0000'), io)).format.id, 'kitti-raw');
    const got = await kittiRaw.read({ path: drive('0000'), source: 'ground_truth', io, lookup: emptyLookup });
    assert.deepEqual(
      got.samples.map((s) => s.pointCloud?.count),
      [2, 2],
    );
    assert.deepEqual(
      got.problems.map((p) => [p.severity, p.reason]),
      [
        [
          'warning',
          'has no calib_cam_to_cam.txt or calib_velo_to_cam.txt: the sweeps and images are read without sensors (no calibration)',
        ],
      ],
    );
  });
});
