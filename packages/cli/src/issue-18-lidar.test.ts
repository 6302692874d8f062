/**
 * Issue 18 end to end, the CLI's program called in this process (test-kit/call-cli.ts): a synthetic LiDAR + camera recording with one
 * planted defect of each LiDAR check (synthetic/lidar-scene.ts) is written as nuScenes, imported with
 * `import auto`, checked, and every planted defect is found, and nothing else; the real KITTI object
 * frames import, check without a LiDAR issue beyond the one the data has, and export back to KITTI.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LidarStats } from '@assay/core';
import { LIDAR_CHECK_TYPES, lidarScene } from '@assay/core';
import { writeLidarScene } from '@assay/core/node/lidar/write-lidar-scene';
import { sharedFixture } from '@assay/core/test-kit';
import { callCli } from './test-kit/call-cli.js';
import { json } from './test-kit/run-cli.js';

interface IssueOut {
  issues: { type: string; sample: string | null }[];
}

describe('issue 18: LiDAR recordings from import to checks', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-issue-18-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('synthetic nuScenes scene: import auto → check → exactly the planted defects', async () => {
    const scene = lidarScene();
    const data = join(dir, 'scene');
    const boxes = join(dir, 'boxes2d');
    await writeLidarScene(scene, data, { boxes2d: boxes });
    const project = join(dir, 'p');
    assert.equal((await callCli(['init', project], dir)).code, 0);
    const imported = await callCli(['import', 'auto', data, '--json'], project);
    assert.equal(imported.code, 0, imported.stderr);
    assert.equal(json<{ format: string }>(imported).format, 'nuscenes');
    // The cameras' 2D boxes (nuScenes holds none) from a COCO file on the same images.
    const coco = await callCli(
      ['import', 'coco', join(boxes, 'annotations.json'), '--images', data, '--json'],
      project,
    );
    assert.equal(coco.code, 0, coco.stderr);
    assert.equal(
      json<{ samples: { new: number } }>(coco).samples.new,
      0,
      'the COCO boxes land on the nuScenes camera samples',
    );
    const checked = await callCli(['check', '--only', LIDAR_CHECK_TYPES.join(','), '--json'], project);
    assert.equal(checked.code, 0, checked.stderr);
    const issues = json<IssueOut>(await callCli(['issues', '--json'], project)).issues;
    const found = issues.map((i) => `${i.type} ${i.sample}`).sort();
    const expected = scene.planted.map((p) => `${p.type} ${p.sample}`).sort();
    assert.deepEqual(found, expected);
    // A plan's lidar thresholds reach the checks: at 100 ms the camera captured 80 ms late is in tolerance.
    const plan = join(dir, 'plan.yaml');
    await writeFile(plan, 'lidar:\n  sync_tolerance_ms: 100\n');
    const relaxed = await callCli(['check', '--only', 'sync_offset', '--plan', plan, '--json'], project);
    assert.equal(relaxed.code, 0, relaxed.stderr);
    assert.equal(json<{ check: { issues: Record<string, number> } }>(relaxed).check.issues.sync_offset, 0);

    // Statistics: sweeps, cuboids by class and distance, points per box, sync offsets per sensor.
    const stats = json<{ lidar: LidarStats }>(await callCli(['stats', '--json'], project)).lidar;
    const sweeps = scene.dataset.samples.filter((s) => s.kind === 'point_cloud').length;
    assert.equal(stats.sweeps, sweeps);
    assert.equal(stats.frames, scene.dataset.frames!.length);
    const cuboids = scene.dataset.annotations.filter((a) => a.kind === 'cuboid').length;
    assert.equal(
      stats.objects_by_distance.counts.flat().reduce((a, b) => a + b, 0),
      cuboids,
    );
    assert.equal(stats.points_per_object.boxes, cuboids);
    const camera = stats.sync_offsets.find((o) => o.sensor === 'CAM_FRONT')!;
    assert.equal(camera.summary.count, sweeps);
    // The planted camera 80 ms late is the largest offset (the others are within ±3 ms).
    assert.ok(Math.abs(camera.summary.max - 80) < 3.1, `max offset ${camera.summary.max}`);
    const report = await callCli(['report', '--out', join(dir, 'report.html')], project);
    assert.equal(report.code, 0, report.stderr);
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    assert.ok(html.includes('<h3>LiDAR</h3>') && html.includes('CAM_FRONT offset'));
  });

  it('KITTI object frames: import auto → check → export kitti', async () => {
    const project = join(dir, 'k');
    assert.equal((await callCli(['init', project], dir)).code, 0);
    const imported = await callCli(['import', 'auto', sharedFixture('kitti-object-3'), '--json'], project);
    assert.equal(imported.code, 0, imported.stderr);
    const summary = json<{ format: string; samples: { total: number }; annotations: { total: number } }>(
      imported,
    );
    assert.equal(summary.format, 'kitti');
    assert.equal(summary.samples.total, 6);
    assert.equal(summary.annotations.total, 12);
    const checked = await callCli(['check', '--only', LIDAR_CHECK_TYPES.join(','), '--json'], project);
    assert.equal(checked.code, 0, checked.stderr);
    const out = join(dir, 'kitti-out');
    const exported = await callCli(['export', 'kitti', out], project);
    assert.equal(exported.code, 0, exported.stderr);
    assert.deepEqual((await readdir(join(out, 'label_2'))).sort(), [
      '000000.txt',
      '000001.txt',
      '000002.txt',
    ]);
    assert.equal((await readdir(join(out, 'velodyne'))).length, 3);
  });
});
