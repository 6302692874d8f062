import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { lidarScene } from '../../synthetic/lidar-scene.js';
import { importDataset } from '../import-dataset.js';
import { initProject, openProject, type Project } from '../project.js';
import { storeDb } from '../store/duckdb-store.js';
import { loadRecording } from '../store/recording-rows.js';
import { projectSweep } from './project-sweep.js';
import { writeLidarScene } from './write-lidar-scene.js';

describe('projectSweep: LiDAR points as pixels of a camera image', () => {
  let dir = '';
  let project: Project;
  const scene = lidarScene({ frames: 4, points: 2000, objects: 3, defects: false, seed: 9 });
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-project-sweep-'));
    await writeLidarScene(scene, join(dir, 'data'));
    await initProject(join(dir, 'p'));
    project = await openProject(join(dir, 'p'), { command: 'test' });
    await importDataset(project, { format: 'nuscenes', path: join(dir, 'data') });
  });
  after(async () => {
    await project.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("each object's points land inside its 2D box (projected with the true calibration and the ego poses)", async () => {
    const recording = await loadRecording(storeDb(project.store));
    const samples = new Map((await project.store.listSamples()).map((s) => [s.id, s]));
    assert.equal(recording.frames.length, 8);
    for (const frame of recording.frames) {
      const camera = frame.members.find((m) => m.sample.includes('CAM_FRONT'))!;
      const p = await projectSweep(project, recording, samples, frame, camera.sampleId);
      assert.equal(p.width, 640);
      assert.ok(
        p.count > 0 && p.count < p.total,
        `${frame.name}: ${p.count} of ${p.total} points in the image`,
      );
      // The generator puts each object's points first, in object order (synthetic/lidar-scene.ts).
      const lidarKey = frame.members.find((m) => m.sample.includes('LIDAR'))!.sample;
      const boxes = scene.dataset.annotations.filter((a) => a.sample === camera.sample && a.kind === 'bbox');
      const cuboids = scene.dataset.annotations.filter((a) => a.sample === lidarKey && a.kind === 'cuboid');
      let start = 0;
      for (const c of cuboids) {
        const n = Number(c.attributes?.num_lidar_pts);
        const box = boxes.find((b) => b.originalId === c.originalId)!.bbox!;
        let inside = 0;
        for (let i = 0; i < p.count; i++) {
          const k = p.index[i]!;
          if (k < start || k >= start + n) continue;
          const u = p.u[i]!;
          const v = p.v[i]!;
          assert.ok(
            u >= box[0] - 1 && u <= box[0] + box[2] + 1 && v >= box[1] - 1 && v <= box[1] + box[3] + 1,
            `${c.originalId}: (${u}, ${v}) outside ${box}`,
          );
          inside++;
        }
        assert.ok(inside > 0, `${c.originalId} has projected points`);
        start += n;
      }
    }
  });
});
