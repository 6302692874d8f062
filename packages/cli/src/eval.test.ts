/** End-to-end: `assay eval coco` (the CLI's program, called in this process: test-kit/call-cli.ts) on the fixture files. */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sharedFixture } from '@assay/core/test-kit';
import { callCli } from './test-kit/call-cli.js';
import { json } from './test-kit/run-cli.js';

const FIXTURES = sharedFixture('');
const VAL = `${FIXTURES}coco-val2014-100/`;

interface EvalJson {
  iou_type: string;
  stats: number[];
  per_class: {
    category_id: number;
    name: string;
    ap: number | null;
    ap50: number | null;
    ap75: number | null;
  }[];
  warnings: string[];
}

describe('assay eval coco', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-eval-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('--json prints pycocotools stats and a per-class table', async () => {
    const run = await callCli(
      [
        '--json',
        'eval',
        'coco',
        '--gt',
        `${VAL}instances_val2014_100.json`,
        '--dt',
        `${VAL}instances_val2014_fakebbox100_results.json`,
      ],
      dir,
    );
    assert.equal(run.code, 0, run.stderr);
    const out = json<EvalJson>(run);
    // pycocotools 2.0.11: fixtures/coco-val2014-100/expected/bbox_pycocotools.json "stats".
    const expected = [
      0.5045806987249628, 0.6969727247299577, 0.5729816669904824, 0.5856257209410443, 0.5193996948036719,
      0.5013978986347466, 0.38681277964578054, 0.5936795762842003, 0.595352982877607, 0.6398109626113442,
      0.5664205978994309, 0.5642905982905982,
    ];
    assert.equal(out.stats.length, 12);
    out.stats.forEach((s, i) => {
      assert.ok(Math.abs(s - expected[i]!) <= 1e-12, `stat ${i}`);
    });
    assert.equal(out.per_class.length, 80);
    const person = out.per_class.find((c) => c.category_id === 1)!;
    assert.equal(person.name, 'person');
    assert.ok(person.ap !== null && person.ap > 0 && person.ap < 1);
    // Category 11 (fire hydrant) has detections but no ground truth: pycocotools gives -1, shown as null.
    assert.equal(out.per_class.find((c) => c.category_id === 11)!.ap, null);
  });

  it('--iou sets the threshold of TIDE, the confusion matrix and calibration, not the COCO stats (issue 10)', async () => {
    const files = [
      '--gt',
      `${VAL}instances_val2014_100.json`,
      '--dt',
      `${VAL}instances_val2014_fakebbox100_results.json`,
    ];
    type Analyses = {
      stats: number[];
      tide: { pos_threshold: number };
      confusion: { iou_threshold: number };
      calibration: { iou_threshold: number; count: number; ece: number };
    };
    const base = json<Analyses>(await callCli(['--json', 'eval', 'coco', ...files], dir));
    // 0.62 is none of COCO's ten thresholds: the matching is run again at it.
    const at = json<Analyses>(await callCli(['--json', 'eval', 'coco', ...files, '--iou', '0.62'], dir));
    assert.equal(base.calibration.iou_threshold, 0.5);
    assert.equal(at.tide.pos_threshold, 0.62);
    assert.equal(at.confusion.iou_threshold, 0.62);
    assert.equal(at.calibration.iou_threshold, 0.62);
    assert.deepEqual(at.stats, base.stats);
    assert.notEqual(at.calibration.ece, base.calibration.ece);
    const human = await callCli(['eval', 'coco', ...files, '--iou', '0.62'], dir);
    assert.match(human.stderr, /--iou 0\.62 sets the threshold of the analyses --json prints/);
    const bad = await callCli(['eval', 'coco', ...files, '--iou', '2'], dir);
    assert.equal(bad.code, 2);
  });

  it('prints the 12 summary lines (segm) as pycocotools, then the table', async () => {
    const run = await callCli(
      [
        'eval',
        'coco',
        '--gt',
        `${VAL}instances_val2014_100.json`,
        '--dt',
        `${VAL}instances_val2014_fakesegm100_results.json`,
        '--iou-type',
        'segm',
      ],
      dir,
    );
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.split('\n').filter((l) => l.startsWith(' Average'));
    assert.equal(lines.length, 12);
    // The official cocoapi printout for these files: fixtures/coco-val2014-100/val2014_fake_eval_res.txt (segm AP 0.320).
    assert.equal(lines[0], ' Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.320');
    assert.match(run.stdout, /class\s+id\s+gt\s+dt\s+AP\s+AP50/);
  });

  it('refuses results on unknown images with a clear error (exit 2)', async () => {
    const dt = join(dir, 'bad.json');
    await writeFile(
      dt,
      JSON.stringify([{ image_id: 424242, category_id: 1, bbox: [0, 0, 5, 5], score: 0.5 }]),
    );
    const run = await callCli(['eval', 'coco', '--gt', `${VAL}instances_val2014_100.json`, '--dt', dt], dir);
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /✖ .*bad\.json: 1 \(e\.g\. 424242\) image ids of results are not in the ground truth/,
    );
    assert.doesNotMatch(run.stderr, /at .*\.ts:\d+/);
  });

  it('explains NaN in a results file (not JSON)', async () => {
    const dt = join(dir, 'nan.json');
    await writeFile(dt, '[{"image_id": 1146, "category_id": 1, "bbox": [0, 0, 5, 5], "score": NaN}]');
    const run = await callCli(['eval', 'coco', '--gt', `${VAL}instances_val2014_100.json`, '--dt', dt], dir);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /not valid JSON/);
    assert.match(run.stderr, /contains NaN/);
  });

  it('needs --gt and --dt; an unknown mode is a usage error', async () => {
    const a = await callCli(['eval', 'coco', '--gt', `${VAL}instances_val2014_100.json`], dir);
    assert.equal(a.code, 2);
    assert.match(a.stderr, /needs --gt and --dt/);
    const b = await callCli(['eval', 'cocoa'], dir);
    assert.equal(b.code, 2);
    assert.match(b.stderr, /Unknown eval mode "cocoa"/);
  });
});
