import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Sensor } from '../../model/sensor.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import type { ProjectLookup } from '../define-format.js';
import { toPosix } from '../paths.js';
import { kitti } from './kitti-format.js';

// The plain camera of test-kit/kitti-scene.ts: R0_rect = I, Tr_velo_to_cam x_cam = −y, y_cam = −z, z_cam = x.
const CALIB = [
  'P0: 720 0 620 0 0 720 187 0 0 0 1 0',
  'P1: 720 0 620 0 0 720 187 0 0 0 1 0',
  'P2: 720 0 620 0 0 720 187 0 0 0 1 0',
  'P3: 720 0 620 0 0 720 187 0 0 0 1 0',
  'R0_rect: 1 0 0 0 1 0 0 0 1',
  'Tr_velo_to_cam: 0 -1 0 0 0 0 -1 0 1 0 0 0',
];
// Bottom centre (−2, 1.7, 10) in the camera = (10, 2, −1.7) in the velodyne; h 1.5 → centre z −0.95.
const CAR = 'Car 0.00 0 -1.77 600.00 150.00 700.00 250.00 1.50 1.80 4.00 -2.00 1.70 10.00 -1.57 0.90';

/** A project with frame 000001 in training/ (sweep, image, calibration) and in testing/ (sweep only). */
const lookup: ProjectLookup = {
  sampleKeyByOriginalId: () => undefined,
  hasSampleKey: (key) =>
    ['training/velodyne/000001.bin', 'training/image_2/000001.png', 'testing/velodyne/000001.bin'].includes(
      key,
    ),
  classNameByOriginalId: () => undefined,
  sampleSize: () => undefined,
  sensor: (id): Sensor | undefined =>
    id === 'training/000001/velodyne'
      ? {
          id,
          name: 'velodyne',
          kind: 'lidar',
          commonFrame: 'velodyne',
          extrinsics: { rotation: [1, 0, 0, 0], translation: [0, 0, 0] },
          metadata: { kittiCalib: CALIB },
        }
      : undefined,
};

describe('kitti: label files alone are predictions for the project frames of their ids', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-kitti-pred-')));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const read = (path: string) =>
    kitti.read({ path, source: 'prediction:m', io: createNodeFormatIO(), lookup, sourceGiven: true });

  it('under training/: a cuboid in the velodyne frame and a 2D box, with the ids a KITTI import gives', async () => {
    await mkdir(`${dir}/a/training/data`, { recursive: true });
    await writeFile(`${dir}/a/training/data/000001.txt`, `${CAR}\n`);
    const r = await read(`${dir}/a`);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.samples.map((s) => s.key),
      ['training/velodyne/000001.bin', 'training/image_2/000001.png'],
    );
    const cuboid = r.annotations.find((a) => a.kind === 'cuboid')!;
    const box = r.annotations.find((a) => a.kind === 'bbox')!;
    assert.equal(cuboid.sample, 'training/velodyne/000001.bin');
    assert.equal(cuboid.originalId, 'training/000001:1');
    assert.equal(box.originalId, 'training/000001:1');
    assert.equal(cuboid.score, 0.9);
    const centre = cuboid.cuboid!.center;
    for (const [k, want] of [10, 2, -0.95].entries())
      assert.ok(Math.abs(centre[k]! - want) < 1e-9, `centre ${k}: ${centre[k]}`);
    assert.deepEqual(cuboid.cuboid!.size, [4, 1.8, 1.5]);
    // yaw = −ry − π/2 (the label's heading about the camera's y, turned into the velodyne's z).
    assert.ok(Math.abs(cuboid.cuboid!.yaw - (1.57 - Math.PI / 2)) < 1e-9);
    assert.deepEqual(box.bbox, [600, 150, 100, 100]);
  });

  it('at the top level an id in both training/ and testing/ is ambiguous; under testing/ a frame without calibration keeps no cuboid', async () => {
    await mkdir(`${dir}/b`, { recursive: true });
    await writeFile(`${dir}/b/000001.txt`, `${CAR}\n`);
    const b = await read(`${dir}/b`);
    assert.equal(b.annotations.length, 0);
    assert.match(b.problems[0]!.reason, /frame 000001 in training\/ and testing\//);
    await mkdir(`${dir}/c/testing/label_2`, { recursive: true });
    await writeFile(`${dir}/c/testing/label_2/000001.txt`, `${CAR}\n`);
    const c = await read(`${dir}/c`);
    assert.equal(c.annotations.length, 0, 'no image (no 2D box) and no calibration (no cuboid)');
    assert.deepEqual(
      c.problems.map((p) => p.reason),
      [
        'the frame has no image_2 file: its 2D box is not kept',
        'the frame has no calibration or no velodyne sweep: its 3D box is not kept',
      ],
    );
  });
});
