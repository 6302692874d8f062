/**
 * `assay eval --pred prediction:NAME` on a project with cuboids gives the KITTI BEV and 3D AP that
 * `assay eval kitti` gives on the label files the cuboids were imported from (the overlaps do not
 * change from KITTI's camera frame to the sweep's; the difficulty's 2D heights come from the camera).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeKittiLabels, writeKittiScene } from '../../core/src/test-kit/kitti-scene.js';
import { json, runCli } from './test-kit/run-cli.js';

type Metric = { ap_r40: number[]; ap_r11: number[] } | null;
type KittiJson = { frames: number; classes: { name: string; bev: Metric; '3d': Metric }[] };

describe('assay eval on cuboids (issue 18)', () => {
  let dir = '';
  const FRAMES = 6;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-kitti-project-'));
    const data = join(dir, 'data');
    await writeKittiScene(data, FRAMES);
    for (let f = 0; f < FRAMES; f++) {
      await writeKittiLabels(join(dir, 'gt'), f, 'ground_truth');
      await writeKittiLabels(join(dir, 'pred'), f, 'prediction');
    }
    assert.equal((await runCli(['init', dir], dir)).code, 0);
    const gt = await runCli(['import', 'kitti', data], dir);
    assert.equal(gt.code, 0, gt.stderr);
    // The same folder with the prediction's label files: the same samples, a second source.
    for (let f = 0; f < FRAMES; f++) await writeKittiLabels(data, f, 'prediction');
    const pred = await runCli(['import', 'kitti', data, '--as', 'prediction:model'], dir);
    assert.equal(pred.code, 0, pred.stderr);
  });
  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('project mode prints and stores the BEV/3D AP file mode computes on the same labels', async () => {
    const files = await runCli(
      ['--json', 'eval', 'kitti', join(dir, 'gt/label_2'), join(dir, 'pred/label_2')],
      dir,
    );
    assert.equal(files.code, 0, files.stderr);
    const project = await runCli(['--json', 'eval', '--pred', 'prediction:model'], dir);
    assert.equal(project.code, 0, project.stderr);
    const a = json<KittiJson>(files);
    const b = json<{ kitti: KittiJson }>(project).kitti;
    assert.equal(b.frames, FRAMES);
    const car = (k: KittiJson) => k.classes.find((c) => c.name === 'Car')!;
    for (const metric of ['bev', '3d'] as const) {
      const x = car(a)[metric]!;
      const y = car(b)[metric]!;
      for (let d = 0; d < 3; d++) {
        assert.ok(
          Math.abs(x.ap_r40[d]! - y.ap_r40[d]!) < 1e-6,
          `${metric} ${d}: ${x.ap_r40[d]} vs ${y.ap_r40[d]}`,
        );
        assert.ok(Math.abs(x.ap_r11[d]! - y.ap_r11[d]!) < 1e-6);
      }
      // Every one of the 12 cars found (IoU ≈ 0.87): precision 1 at the first 12 of the 41 samples (the
      // devkit files each recall threshold at the next sample), so R40 = 11/40 and R11 = 3/11.
      assert.ok(Math.abs(x.ap_r40[1]! - 11 / 40) < 1e-9, `${metric} moderate ${x.ap_r40[1]}`);
      assert.ok(Math.abs(x.ap_r11[1]! - 3 / 11) < 1e-9);
    }
    const human = await runCli(['eval', '--pred', 'prediction:model'], dir);
    assert.match(human.stdout, /Cuboids: KITTI AP \(%\) over 6 point-cloud samples/);
    assert.match(human.stdout, /^Car\s+3D\s+\d+\.\d\d/m);
  });
});
