/**
 * End-to-end: `assay demo` (which now runs the checks), `assay check --plan`, `assay issues`, `assay stats`
 * through the real CLI on the rendered demo dataset and its manifest of planted problems.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sharedFixture } from '@assay/core/test-kit';
import { callCli } from './test-kit/call-cli.js';
import { runDemo } from './test-kit/demo-project.js';
import { type CliRun, json } from './test-kit/run-cli.js';

interface IssueJson {
  type: string;
  severity: string;
  score: number;
  sample: string | null;
  related: string[];
  reason: string;
}
interface GateJson {
  passed: boolean;
  criteria: { name: string; value: number; limit: number; passed: boolean }[];
}
interface StatsJson {
  samples: number;
  classes: string[];
  class_distribution: { by_split: Record<string, Record<string, number>> };
  boxes: { class: string; count: number }[];
}
interface Manifest {
  images: number;
  planted: { kind: string; samples: string[] }[];
}

/** The kinds the issue requires at 100% recall (issue 4, part 7). */
const MUST_FIND = [
  'exact_duplicate',
  'corrupt_file',
  'out_of_bounds_box',
  'duplicate_label',
  'split_leakage',
];

/** Issue types of the detection label issues: they depend on a (here simulated) model's mistakes. */
const MODEL_BASED = ['spurious_label', 'wrong_class', 'bad_location', 'missing_label'];

describe('assay check / issues / stats end to end on the demo', () => {
  let dir = '';
  let demo = '';
  let demoRun: CliRun;
  let manifest: Manifest;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-quality-'));
    demo = join(dir, 'demo');
    demoRun = await runDemo(demo, ['--images', '60', '--seed', '11'], dir);
    assert.equal(demoRun.code, 0, demoRun.stderr);
    manifest = JSON.parse(readFileSync(join(demo, 'data', 'manifest.json'), 'utf8')) as Manifest;
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('demo prints recall per planted kind: 100% for the kinds the checks must find', () => {
    for (const kind of MUST_FIND) {
      const planted = manifest.planted.filter((p) => p.kind === kind).length;
      assert.ok(planted > 0, `${kind} is planted`);
      assert.match(
        demoRun.stdout,
        new RegExp(`^${kind}\\s+${planted}\\s+${planted}\\s+100%`, 'm'),
        demoRun.stdout,
      );
    }
    // The label-error analysis (detection label issues against prediction:model-a) covers the rest.
    assert.match(demoRun.stdout, /^swapped_classes\s+\d+\s+\d+\s+\d+%\s+.*wrong_class$/m);
    assert.match(demoRun.stdout, /^missing_boxes\s+\d+\s+\d+\s+\d+%\s+.*missing_label$/m);
  });

  it('demo prints precision per planted kind: the checks raise no issue the plan does not explain', () => {
    // Measured on this demo (seed 11, 60 images) and on seeds 1-4 and 7 at 300 images: every issue of
    // the media and label checks is explained by a planted problem (precision 100%). Floor 0.9.
    for (const kind of [...MUST_FIND, 'near_duplicate', 'dark', 'blurry']) {
      const row = new RegExp(`^${kind}\\s+\\d+\\s+\\d+\\s+\\d+%\\s+(\\d+)% \\((\\d+)/(\\d+)\\)`, 'm').exec(
        demoRun.stdout,
      );
      assert.ok(row, `${kind} has a precision column\n${demoRun.stdout}`);
      const [explained, issues] = [Number(row[2]), Number(row[3])];
      assert.ok(issues > 0 && explained / issues >= 0.9, `${kind} precision ${explained}/${issues}`);
    }
    // Only the model-based label issues may flag what was not planted (where the simulated model errs).
    const line = /^Issues no planted problem explains[^:]*: (.*)$/m.exec(demoRun.stdout);
    const types = line ? [...line[1]!.matchAll(/([a-z_]+) \d+/g)].map((m) => m[1]) : [];
    for (const type of types) assert.ok(MODEL_BASED.includes(type!), `${type} flagged unplanted samples`);
  });

  it('issues --json lists issues with type, severity, score, sample path, related paths and reason', async () => {
    const run = await callCli(['issues', '--json'], demo);
    assert.equal(run.code, 0, run.stderr);
    const { issues } = json<{ issues: IssueJson[] }>(run);
    assert.ok(issues.length > 0);
    for (const i of issues) {
      assert.match(i.type, /^[a-z_]+$/);
      assert.ok(['error', 'warning', 'info'].includes(i.severity));
      assert.ok(i.score >= 0 && i.score <= 1);
      assert.ok(Array.isArray(i.related));
      assert.ok(i.reason.length > 0);
    }
    for (const p of manifest.planted.filter((x) => x.kind === 'exact_duplicate')) {
      const hit = issues.find(
        (i) =>
          i.type === 'exact_duplicate' && p.samples.every((s) => i.sample === s || i.related.includes(s)),
      );
      assert.ok(hit, `exact duplicate ${p.samples.join(' = ')} is listed with both paths`);
    }
    const corrupt = await callCli(['issues', '--type', 'corrupt_file', '--json'], demo);
    const listed = json<{ issues: IssueJson[] }>(corrupt)
      .issues.map((i) => i.sample)
      .sort();
    const planted = manifest.planted.filter((p) => p.kind === 'corrupt_file').flatMap((p) => p.samples);
    assert.deepEqual(listed, planted.sort());
  });

  it('stats --json counts every sample and ground-truth box', async () => {
    const stats = json<StatsJson>(await callCli(['stats', '--json'], demo));
    assert.equal(stats.samples, manifest.images);
    const info = json<{ annotations: { by_source: Record<string, { total: number }> } }>(
      await callCli(['info', '--json'], demo),
    );
    let total = 0;
    for (const perClass of Object.values(stats.class_distribution.by_split))
      for (const n of Object.values(perClass)) total += n;
    assert.equal(total, info.annotations.by_source.ground_truth!.total);
    assert.equal(
      stats.boxes.reduce((n, b) => n + b.count, 0),
      total,
      'every demo annotation is a box with a class',
    );
  });

  it('check --plan exits 0 when every criterion passes and 1 when one fails', async () => {
    const stats = json<StatsJson>(await callCli(['stats', '--json'], demo));
    const counts: Record<string, number> = {};
    for (const perClass of Object.values(stats.class_distribution.by_split))
      for (const [c, n] of Object.entries(perClass)) counts[c] = (counts[c] ?? 0) + n;
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const target = Object.fromEntries(Object.entries(counts).map(([c, n]) => [c, n / total]));
    const passing = join(dir, 'pass.json');
    await writeFile(
      passing,
      JSON.stringify({
        composition: [{ field: 'class', target, min_overlap: 0.99 }],
        limits: { corrupt_file: 0.5 },
      }),
    );
    const ok = await callCli(['check', '--plan', passing, '--json'], demo);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    const okJson = json<GateJson>(ok);
    assert.equal(okJson.passed, true);
    assert.deepEqual(
      okJson.criteria.map((c) => c.name),
      ['composition:class', 'limit:corrupt_file'],
    );
    assert.ok(Math.abs(okJson.criteria[0]!.value - 1) < 1e-9, 'target = measured shares gives overlap 1');

    const failing = join(dir, 'fail.yaml');
    await writeFile(failing, 'limits:\n  split_leakage: 0\n  corrupt_file: 0.5\n');
    const bad = await callCli(['check', '--plan', failing], demo);
    assert.equal(bad.code, 1, bad.stdout + bad.stderr);
    assert.match(bad.stdout, /^FAIL\s+limit:split_leakage/m);
    assert.match(bad.stdout, /^pass\s+limit:corrupt_file/m);
    const badJson = json<GateJson>(await callCli(['check', '--plan', failing, '--json'], demo));
    assert.equal(badJson.passed, false);
    const leak = badJson.criteria.find((c) => c.name === 'limit:split_leakage')!;
    assert.ok(leak.value > 0 && leak.limit === 0 && !leak.passed);
  });

  it('a bad plan or check type is a user error naming the file and key', async () => {
    const plan = join(dir, 'typo.yaml');
    await writeFile(plan, 'limits:\n  near_dupes: 0.1\n');
    const run = await callCli(['check', '--plan', plan], demo);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /typo\.yaml: limits\.near_dupes is not an issue type/);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
    // Issue 10: a misspelt class in a target silently lowered the overlap; it is now an error naming it.
    const classes = join(dir, 'classes.yaml');
    await writeFile(classes, 'composition:\n  - field: class\n    target: {cirle: 0.5, square: 0.5}\n');
    const typo = await callCli(['check', '--plan', classes], demo);
    assert.equal(typo.code, 2, typo.stdout + typo.stderr);
    assert.match(typo.stderr, /classes\.yaml: composition\[0\]\.target names the class "cirle"/);
    assert.match(typo.stderr, /Did you mean "circle"\?/);
    const only = await callCli(['check', '--only', 'blury'], demo);
    assert.equal(only.code, 2);
    assert.match(only.stderr, /Unknown check type\(s\): blury/);
  });

  it('check says which samples the media checks could not judge (imported, never scanned)', async () => {
    const project = join(dir, 'unscanned');
    assert.equal((await callCli(['init', project], dir)).code, 0);
    const coco = sharedFixture('coco-val2014-100/instances_val2014_100.json');
    assert.equal((await callCli(['import', 'coco', coco], project)).code, 0);
    const run = await callCli(['check'], project);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /! media: skipped 100 \(not scanned yet: run `assay scan` to measure them\)/);
  });
});
