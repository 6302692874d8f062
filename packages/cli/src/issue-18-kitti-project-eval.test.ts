/**
 * `assay eval --pred prediction:NAME` on a project with cuboids gives the KITTI 2D/AOS, BEV and 3D AP
 * that `assay eval kitti` gives on the label files the cuboids were imported from (the overlaps do not
 * change from KITTI's camera frame to the sweep's; 2D boxes and difficulty come from the labels' own
 * boxes), stores every cuboid's outcome, and the predictions come in as label files alone
 * (`import kitti DIR --as prediction:NAME`, matched to the project's frames by id).
 */
import assert from 'node:assert/strict';
import { appendFile, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openProject } from '@assay/core/node/project';
import { writeKittiLabels, writeKittiScene } from '@assay/core/test-kit/kitti-scene';
import { callCli } from './test-kit/call-cli.js';
import { json } from './test-kit/run-cli.js';

type Metric = {
  ap_r40: number[];
  ap_r11: number[];
  aos_r40: number[] | null;
  aos_r11: number[] | null;
} | null;
type KittiJson = { frames: number; classes: { name: string; image: Metric; bev: Metric; '3d': Metric }[] };

// A pedestrian only the ground truth has (a miss), and a car only the prediction has, far from every
// object and scored below every other detection (a false positive that leaves the APs unchanged).
const PEDESTRIAN = 'Pedestrian 0.00 0 0.00 600.00 150.00 640.00 250.00 1.70 0.60 0.80 1.00 1.65 12.00 0.00';
const STRAY_CAR = 'Car 0.00 0 0.00 100.00 180.00 150.00 220.00 1.50 1.80 4.00 -8.00 1.70 30.00 1.57 0.05';

describe('assay eval on cuboids (issue 18)', () => {
  let dir = '';
  const FRAMES = 6;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-kitti-project-'));
    const data = join(dir, 'data');
    await writeKittiScene(data, FRAMES);
    // The scene leaves the last frame without an image; give it one, so every object has its 2D box.
    await copyFile(
      join(data, 'image_2/000000.png'),
      join(data, `image_2/${String(FRAMES - 1).padStart(6, '0')}.png`),
    );
    for (let f = 0; f < FRAMES; f++) {
      await writeKittiLabels(join(dir, 'gt'), f, 'ground_truth');
      await writeKittiLabels(join(dir, 'pred'), f, 'prediction');
    }
    for (const root of [data, join(dir, 'gt')])
      await appendFile(join(root, 'label_2/000001.txt'), `${PEDESTRIAN}\n`);
    await appendFile(join(dir, 'pred/label_2/000000.txt'), `${STRAY_CAR}\n`);
    assert.equal((await callCli(['init', dir], dir)).code, 0);
    const gt = await callCli(['import', 'kitti', data], dir);
    assert.equal(gt.code, 0, gt.stderr);
    // The prediction's label files alone, onto the samples the ground truth's import made.
    const pred = await callCli(
      ['--json', 'import', 'kitti', join(dir, 'pred'), '--as', 'prediction:model'],
      dir,
    );
    assert.equal(pred.code, 0, pred.stderr);
    const summary = json<{ samples: { new: number } }>(pred);
    assert.equal(
      summary.samples.new,
      0,
      'no new sample: the predictions go onto the frames already imported',
    );
  });
  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('project mode prints and stores the 2D/AOS, BEV and 3D AP file mode computes on the same labels', async () => {
    const files = await callCli(
      ['--json', 'eval', 'kitti', join(dir, 'gt/label_2'), join(dir, 'pred/label_2')],
      dir,
    );
    assert.equal(files.code, 0, files.stderr);
    const project = await callCli(['--json', 'eval', '--pred', 'prediction:model'], dir);
    assert.equal(project.code, 0, project.stderr);
    const a = json<KittiJson>(files);
    const b = json<{ kitti: KittiJson & { detections_with_2d_box: number } }>(project).kitti;
    assert.equal(b.frames, FRAMES);
    assert.equal(b.detections_with_2d_box, 2 * FRAMES + 1, 'every detection has its own 2D box');
    const car = (k: KittiJson) => k.classes.find((c) => c.name === 'Car')!;
    const near = (x: number[], y: number[], what: string) => {
      for (let d = 0; d < 3; d++)
        assert.ok(Math.abs(x[d]! - y[d]!) < 1e-6, `${what} ${d}: ${x[d]} vs ${y[d]}`);
    };
    for (const metric of ['image', 'bev', '3d'] as const) {
      const x = car(a)[metric]!;
      const y = car(b)[metric]!;
      assert.ok(x && y, `${metric} evaluated in both modes`);
      near(x.ap_r40, y.ap_r40, `${metric} R40`);
      near(x.ap_r11, y.ap_r11, `${metric} R11`);
      if (metric === 'image') {
        near(x.aos_r40!, y.aos_r40!, 'AOS R40');
        near(x.aos_r11!, y.aos_r11!, 'AOS R11');
      }
    }
    for (const metric of ['bev', '3d'] as const) {
      const x = car(a)[metric]!;
      // Every one of the 12 cars found (IoU ≈ 0.87): precision 1 at the first 12 of the 41 samples (the
      // devkit files each recall threshold at the next sample), so R40 = 11/40 and R11 = 3/11.
      assert.ok(Math.abs(x.ap_r40[1]! - 11 / 40) < 1e-9, `${metric} moderate ${x.ap_r40[1]}`);
      assert.ok(Math.abs(x.ap_r11[1]! - 3 / 11) < 1e-9);
    }
    const human = await callCli(['eval', '--pred', 'prediction:model'], dir);
    assert.match(human.stdout, /Cuboids: KITTI AP \(%\) over 6 point-cloud samples/);
    assert.match(human.stdout, /^Car\s+3D\s+\d+\.\d\d/m);
    assert.match(human.stdout, /^Car\s+2D bbox\s+\d+\.\d\d/m);
    assert.match(human.stdout, /^Car\s+AOS\s+\d+\.\d\d/m);
  });

  it('stores every cuboid outcome: the stray car a false positive, the pedestrian a miss', async () => {
    const run = json<{ run_id: number; totals: { tp: number; fp: number; fn: number } }>(
      await callCli(['--json', 'eval', '--pred', 'prediction:model'], dir),
    );
    // Both sources have 2D boxes too (the COCO part counts them); the cuboids' rows are on the sweeps.
    const project = await openProject(dir, { readOnly: true });
    try {
      const samples = new Map((await project.store.listSamples()).map((s) => [s.id, s]));
      const onSweeps = (await project.store.listEvalMatches(run.run_id)).filter(
        (m) => samples.get(m.sampleId)?.kind === 'point_cloud',
      );
      const outcomes = (role: string) =>
        onSweeps
          .filter((m) => m.role === role)
          .map((m) => m.outcome)
          .sort()
          .join(' ');
      assert.equal(outcomes('pred'), `fp ${Array(12).fill('tp').join(' ')}`);
      assert.equal(outcomes('gt'), `fn ${Array(12).fill('tp').join(' ')}`);
      const fp = onSweeps.find((m) => m.outcome === 'fp')!;
      assert.equal(samples.get(fp.sampleId)!.key, 'velodyne/000000.bin');
      assert.equal(fp.error, 'bkg');
      const fn = onSweeps.find((m) => m.outcome === 'fn')!;
      assert.equal(samples.get(fn.sampleId)!.key, 'velodyne/000001.bin');
      assert.equal(fn.error, 'miss');
      for (const m of onSweeps.filter((m) => m.outcome === 'tp')) {
        assert.ok(m.matchedId !== null && m.iou! > 0.7 && m.iou! < 1, `a match at 3D IoU ${m.iou}`);
      }
      const perSample = (await project.store.listEvalSamples(run.run_id)).filter(
        (s) => samples.get(s.sampleId)?.kind === 'point_cloud',
      );
      const sum = (k: 'tp' | 'fp' | 'fn') => perSample.reduce((n, s) => n + s[k], 0);
      assert.deepEqual([sum('tp'), sum('fp'), sum('fn')], [12, 1, 1]);
    } finally {
      await project.close();
    }
  });

  it('label files of frames the project does not have are skipped, naming the file', async () => {
    const orphans = join(dir, 'orphans');
    await mkdir(orphans, { recursive: true });
    await writeFile(join(orphans, '424242.txt'), `${STRAY_CAR}\n`);
    const r = await callCli(['import', 'kitti', orphans, '--as', 'prediction:orphan'], dir);
    assert.match(r.stdout + r.stderr, /424242\.txt/);
    assert.match(r.stdout + r.stderr, /no KITTI frame 424242/);
  });
});
