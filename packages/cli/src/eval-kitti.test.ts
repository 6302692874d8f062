/**
 * End-to-end: `assay eval kitti GT_DIR PRED_DIR` in a child process on label folders written from the
 * recorded synthetic inputs, against the KITTI devkit's values for them
 * (fixtures/kitti-eval-reference/devkit-reference.json: evaluate_object.cpp, see its README).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { projectFixture } from '@assay/core/test-kit';
import { json, runCli } from './test-kit/run-cli.js';

interface Inputs {
  gt: string[];
  results: Record<string, string[]>;
}
interface Reference {
  cases: { name: string; ap: Record<string, { r40: number[]; r11: number[] }> }[];
}
interface MetricJson {
  ap_r40: number[];
  ap_r11: number[];
  aos_r40: number[] | null;
}
interface KittiJson {
  frames: number;
  compute_aos: boolean;
  classes: ({ name: string; gt: number; dt: number } & Record<'image' | 'bev' | '3d', MetricJson | null>)[];
  warnings: string[];
}

const read = (name: string) =>
  JSON.parse(readFileSync(projectFixture(`kitti-eval-reference/${name}`), 'utf8'));
const frameName = (i: number) => `${String(i).padStart(6, '0')}.txt`;

describe('assay eval kitti', () => {
  let dir: string;
  const inputs = read('synthetic-inputs.json') as Inputs;
  const reference = read('devkit-reference.json') as Reference;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-eval-kitti-'));
    for (const sub of ['gt', 'pred', 'partial']) await mkdir(join(dir, sub));
    const results = inputs.results.default as string[];
    for (const [i, text] of inputs.gt.entries()) {
      await writeFile(join(dir, 'gt', frameName(i)), text);
      await writeFile(join(dir, 'pred', frameName(i)), results[i] as string);
      if (i < 40) await writeFile(join(dir, 'partial', frameName(i)), results[i] as string);
    }
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('--json gives the devkit AP (R40 and R11) of every class, metric and difficulty', async () => {
    const run = await runCli(['--json', 'eval', 'kitti', join(dir, 'gt'), join(dir, 'pred')], dir);
    assert.equal(run.code, 0, run.stderr);
    const out = json<KittiJson>(run);
    assert.equal(out.frames, 80);
    assert.equal(out.compute_aos, true);
    const ref = reference.cases.find((c) => c.name === 'synthetic');
    assert.ok(ref);
    const suffix = { image: 'detection', bev: 'detection_ground', '3d': 'detection_3d' } as const;
    let compared = 0;
    for (const c of out.classes) {
      for (const metric of ['image', 'bev', '3d'] as const) {
        const expected = ref.ap[`${c.name.toLowerCase()}_${suffix[metric]}`];
        const got = c[metric];
        assert.ok(expected && got, `${c.name} ${metric}`);
        for (let d = 0; d < 3; d++) {
          assert.ok(Math.abs((got.ap_r40[d] as number) - (expected.r40[d] as number)) < 1e-4);
          assert.ok(Math.abs((got.ap_r11[d] as number) - (expected.r11[d] as number)) < 1e-4);
          compared += 2;
        }
      }
      const aos = ref.ap[`${c.name.toLowerCase()}_orientation`];
      assert.ok(aos && c.image?.aos_r40);
      c.image.aos_r40.forEach((v, d) => {
        assert.ok(Math.abs(v - (aos.r40[d] as number)) < 1e-4);
      });
    }
    assert.equal(compared, 54);
  });

  it('prints a table in percent, and warns about frames without a results file', async () => {
    const run = await runCli(['eval', 'kitti', join(dir, 'gt'), join(dir, 'partial')], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /40 of 80 frames have no results file/);
    assert.match(run.stdout, /Evaluated 80 frames/);
    assert.match(run.stdout, /^Car\s+3D\s+\d+\.\d\d\s/m);
    assert.match(run.stdout, /^Pedestrian\s+AOS\s/m);
  });

  it('a results line without a score is a usage error naming the file and line (exit 2)', async () => {
    const bad = join(dir, 'bad');
    await mkdir(bad);
    await writeFile(join(bad, frameName(0)), (inputs.gt[0] as string).split('\n')[0] as string);
    const run = await runCli(['eval', 'kitti', join(dir, 'gt'), bad], dir);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /000000\.txt line 1: 15 fields where KITTI results lines have 16/);
    const missing = await runCli(['eval', 'kitti', join(dir, 'gt')], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /needs a ground-truth folder and a results folder/);
  });
});
