/**
 * Issue 10 (LiDAR logs nobody here made): Lyft Level 5 keeps nuScenes' tables but names its LiDAR sweeps
 * `lidar/<token>.bin`, five float32 a point as nuScenes' `.pcd.bin` (the devkit's LidarPointCloud.from_file
 * reads every `.bin` so). Read as KITTI's four floats, a sweep of 64 points became 80 points of shuffled
 * values, silently (64 × 20 bytes is a whole number of 16-byte points).
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { writeLidarScene } from '../../node/lidar/write-lidar-scene.js';
import { collectPoints } from '../../point-cloud/decode-points.js';
import { lidarScene } from '../../synthetic/lidar-scene.js';
import { emptyLookup } from '../conformance.js';
import { toPosix } from '../paths.js';
import { nuscenes } from './nuscenes-format.js';

describe('issue 10: nuScenes tables whose sweeps are named .bin (Lyft Level 5)', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-lyft-')));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('each .bin sweep is read as five float32 a point: its point count and its x values', async () => {
    const scene = lidarScene({ frames: 1, points: 64, objects: 1, defects: false, seed: 2 });
    const root = `${dir}/lyft`;
    await writeLidarScene(scene, root);
    const version = (await readdir(root)).find((f) => f.startsWith('v1.0'))!;
    const tablePath = `${root}/${version}/sample_data.json`;
    const table = (await readFile(tablePath, 'utf8')).replaceAll('.pcd.bin', '.bin');
    await writeFile(tablePath, table);
    const sweeps = scene.dataset.samples.filter((s) => s.key.endsWith('.pcd.bin'));
    for (const s of sweeps)
      await rename(`${root}/${s.key}`, `${root}/${s.key.replace(/\.pcd\.bin$/, '.bin')}`);
    const io = createNodeFormatIO();
    const got = await nuscenes.read({ path: root, source: 'ground_truth', io, lookup: emptyLookup });
    const read = got.samples.filter((s) => s.kind === 'point_cloud');
    assert.equal(read.length, sweeps.length);
    for (const s of read) {
      const count = scene.cloud(s.key.replace(/\.bin$/, '.pcd.bin')).count;
      assert.equal(count % 4, 0, "a count KITTI's 16-byte points also divide");
      assert.equal(s.pointCloud?.format, 'nuscenes-bin');
      assert.equal(s.pointCloud?.count, count, s.key);
    }
    const first = read[0]!;
    const points = await collectPoints(io.readChunks(`${root}/${first.key}`), first.pointCloud!.format);
    const source = scene.cloud(first.key.replace(/\.bin$/, '.pcd.bin'));
    assert.deepEqual(points.fields.x, source.fields.x);
  });
});
