import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { boxIou } from '../../geometry/box.js';
import { pointsInCuboid } from '../../geometry3d/cuboid-geometry.js';
import { projectCuboidBox } from '../../geometry3d/project-points.js';
import { sensorToSensor } from '../../geometry3d/sensor-chain.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { readPointCloud } from '../../node/point-cloud/read-point-cloud.js';
import { sharedFixture } from '../../test-kit/fixtures.js';
import { describeConformance, emptyLookup } from '../conformance.js';
import type { ReadResult } from '../dataset.js';
import { toPosix } from '../paths.js';
import { kitti } from './kitti-format.js';

// Three real KITTI object frames (kitti-object-3, CC BY-NC-SA 3.0), read in place.
const ROOT = toPosix(sharedFixture('kitti-object-3'));
const io = createNodeFormatIO();

describeConformance(kitti);

describe('kitti: the real kitti-object-3 frames', () => {
  let read: ReadResult;
  let dir = '';
  before(async () => {
    read = await kitti.read({ path: ROOT, source: 'ground_truth', io, lookup: emptyLookup });
    dir = await mkdtemp(join(tmpdir(), 'assay-kitti-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('detects the folder', async () => {
    const d = await kitti.detect(ROOT, io);
    assert.equal(d?.confidence, 0.9);
  });

  it('reads 3 frames, 6 samples, 6 sensors; point counts from the file sizes', () => {
    assert.deepEqual(read.problems, []);
    assert.equal(read.frames?.length, 3);
    assert.equal(read.sensors?.length, 6);
    const clouds = read.samples.filter((s) => s.kind === 'point_cloud');
    // 1,924,288 bytes / 16 (ls -l velodyne/000001.bin).
    assert.equal(clouds.find((s) => s.key === 'velodyne/000001.bin')?.pointCloud?.count, 120_268);
    assert.deepEqual(clouds[1]?.pointCloud?.fields, ['x', 'y', 'z', 'intensity']);
    const image = read.samples.find((s) => s.key === 'image_2/000001.png');
    assert.equal(image?.width, 1242);
    assert.equal(image?.height, 375);
  });

  it('6 objects as 2D boxes and cuboids; frame 000001 has 4 DontCare regions, kept apart', () => {
    const cuboids = read.annotations.filter((a) => a.kind === 'cuboid');
    const boxes = read.annotations.filter((a) => a.kind === 'bbox');
    // label_2/00000{0,1,2}.txt: Pedestrian; Truck, Car, Cyclist (+ 4 DontCare); Misc, Car.
    assert.deepEqual(
      cuboids.map((a) => a.label),
      ['Pedestrian', 'Truck', 'Car', 'Cyclist', 'Misc', 'Car'],
    );
    assert.equal(boxes.length, 6);
    assert.deepEqual(
      read.classes.map((c) => c.name),
      ['Pedestrian', 'Truck', 'Car', 'Cyclist', 'Misc'],
    );
    const image = read.samples.find((s) => s.key === 'image_2/000001.png');
    assert.equal((image?.metadata?.dontCare as unknown[] | undefined)?.length, 4);
    // label_2/000001.txt line 2: Car … 1.67 1.87 3.69 (h w l) … rotation_y 1.57.
    const car = cuboids[2]!.cuboid!;
    assert.deepEqual(car.size, [3.69, 1.87, 1.67]);
    // Velodyne x is forward: the car at camera depth 58.49 m is ~58.8 m ahead (camera sits 0.27 m behind).
    assert.ok(Math.abs(car.center[0] - 58.76) < 0.1, `x ${car.center[0]}`);
    assert.ok(Math.abs(car.center[1] - 16.5) < 0.2, `y ${car.center[1]}`);
  });

  it('each cuboid projected through the calibration matches its labelled 2D box (IoU > 0.7) and holds points', async () => {
    const sensors = new Map(read.sensors!.map((s) => [s.id, s]));
    for (const c of read.annotations.filter((a) => a.kind === 'cuboid')) {
      const frame = c.sample.slice('velodyne/'.length, -'.bin'.length);
      const cloud = await readPointCloud(`${ROOT}/${c.sample}`);
      const toCamera = sensorToSensor(sensors.get(`${frame}/velodyne`)!, sensors.get(`${frame}/image_2`)!);
      const k = sensors.get(`${frame}/image_2`)!.intrinsics!;
      const box = read.annotations.find((a) => a.kind === 'bbox' && a.originalId === c.originalId)!.bbox!;
      const projected = projectCuboidBox(c.cuboid!, toCamera, k, k.width!, k.height!)!;
      assert.ok(boxIou(projected, box) > 0.7, `${c.label}: IoU ${boxIou(projected, box)}`);
      const inside = pointsInCuboid(
        cloud.fields.x!,
        cloud.fields.y!,
        cloud.fields.z!,
        cloud.count,
        c.cuboid!,
      );
      assert.ok(inside > 5, `${c.label}: ${inside} points`);
    }
  });

  it('writes the frames back: the same label lines and calib lines', async () => {
    const out = toPosix(join(dir, 'out'));
    const result = await kitti.write!({ dataset: read, imagesRoot: ROOT, outDir: out, io, images: 'copy' });
    assert.equal(result.annotations, 12, 'each line holds a cuboid and its 2D box');
    const lines = (text: string) =>
      text
        .trim()
        .split('\n')
        .map((l) => l.split(' '));
    const original = lines(await readFile(`${ROOT}/label_2/000001.txt`, 'utf8'));
    const written = lines(await readFile(`${out}/label_2/000001.txt`, 'utf8'));
    assert.equal(written.length, original.length);
    for (let i = 0; i < original.length; i++) {
      assert.equal(written[i]![0], original[i]![0]);
      for (let k = 1; k < 15; k++) {
        // rotation_y (value 14) within 2e-4 rad: a yaw-only box in the velodyne frame drops the ~0.4° tilt
        // between the rectified camera's and the LiDAR's ground planes; everything else within 1e-4.
        const tolerance = k === 14 ? 2e-4 : 1e-4;
        assert.ok(
          Math.abs(Number(written[i]![k]) - Number(original[i]![k])) < tolerance,
          `line ${i + 1} value ${k}`,
        );
      }
    }
    // The same lines (the original ends with an empty line, which carries nothing).
    assert.equal(
      (await readFile(`${out}/calib/000001.txt`, 'utf8')).trim(),
      (await readFile(`${ROOT}/calib/000001.txt`, 'utf8')).trim(),
    );
    const back = await kitti.read({ path: out, source: 'ground_truth', io, lookup: emptyLookup });
    assert.equal(back.annotations.length, read.annotations.length);
  });
});
