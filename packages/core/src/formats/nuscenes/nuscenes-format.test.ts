import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { wrapAngle } from '../../geometry3d/mat34.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { writeLidarScene } from '../../node/lidar/write-lidar-scene.js';
import { lidarScene } from '../../synthetic/lidar-scene.js';
import { describeConformance, emptyLookup } from '../conformance.js';
import { toPosix } from '../paths.js';
import { nuscenes } from './nuscenes-format.js';

describeConformance(nuscenes);

describe('nuscenes: a generated recording written and read back', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-nuscenes-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps scenes, key frames in order, per-sensor timestamps (µs), ego poses, tracks and cuboids in the LiDAR frame', async () => {
    const scene = lidarScene({ frames: 4, points: 300, objects: 3, defects: false });
    const root = toPosix(join(dir, 'data'));
    await writeLidarScene(scene, root);
    const io = createNodeFormatIO();
    assert.equal((await nuscenes.detect(root, io))?.confidence, 0.95);
    const back = await nuscenes.read({ path: root, source: 'ground_truth', io, lookup: emptyLookup });
    assert.deepEqual(back.problems, []);
    assert.deepEqual(
      back.sequences?.map((q) => q.name),
      ['a', 'b'],
    );
    const frames = back.frames!.filter((f) => f.sequence === 'a').sort((x, y) => x.index! - y.index!);
    const original = scene.dataset.frames!.filter((f) => f.sequence === 'a');
    assert.equal(frames.length, original.length);
    frames.forEach((f, i) => {
      for (const m of f.members) {
        const o = original[i]!.members.find((x) => x.sample === m.sample)!;
        // nuScenes stores whole microseconds: the same time within 0.5 µs, plus a double's 0.24 µs step at Unix times.
        assert.ok(Math.abs(m.timestamp! - o.timestamp!) < 1e-6, `${m.sample} timestamp`);
        assert.deepEqual(m.pose?.translation, o.pose?.translation);
      }
    });
    const cuboids = back.annotations.filter((a) => a.kind === 'cuboid');
    const expected = scene.dataset.annotations.filter((a) => a.kind === 'cuboid');
    assert.equal(cuboids.length, expected.length);
    for (const e of expected) {
      const a = cuboids.find(
        (c) =>
          c.sample === e.sample &&
          Math.hypot(c.cuboid!.center[0] - e.cuboid!.center[0], c.cuboid!.center[1] - e.cuboid!.center[1]) <
            1e-6,
      )!;
      assert.ok(a, `cuboid of ${e.originalId}`);
      assert.equal(a.cuboid!.frame, 'LIDAR_TOP');
      assert.ok(Math.abs(wrapAngle(a.cuboid!.yaw - e.cuboid!.yaw)) < 1e-9);
      assert.ok(Math.abs(a.cuboid!.center[2] - e.cuboid!.center[2]) < 1e-9);
    }
    const tracks = new Set(cuboids.map((c) => c.cuboid!.trackId));
    assert.equal(tracks.size, 6, 'one instance per track (3 per scene)');
    const camera = back.sensors!.find((s) => s.name === 'CAM_FRONT')!;
    assert.deepEqual(camera.intrinsics, { fx: 600, fy: 600, cx: 320, cy: 240, width: 640, height: 480 });
  });
});
