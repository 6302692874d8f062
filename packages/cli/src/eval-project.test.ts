/**
 * End-to-end: `assay eval` in project mode, the CLI's program called in this process (test-kit/call-cli.ts) on real project databases; the demo runs as a real process.
 * Detection on the demo project (rendered images, two simulated models); classification on the sklearn
 * digits fixture imported as class-csv, checked against scikit-learn's own numbers.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { npyParse } from '@assay/core';
import { openProject } from '@assay/core/node/project';
import { projectFixture, sharedFixture } from '@assay/core/test-kit';
import { callCli } from './test-kit/call-cli.js';
import { runDemo } from './test-kit/demo-project.js';
import { type CliRun, json } from './test-kit/run-cli.js';

interface EvalJson {
  run_id: number;
  gt: string;
  pred: string;
  samples: number;
  totals: { tp: number; fp: number; fn: number; ignored: number };
  detection?: {
    iou: number;
    stats: number[];
    per_class: { name: string; gt: number; dt: number; ap: number | null }[];
    tide: { ap: number; pos_threshold: number; dap: Record<string, number>; counts: Record<string, number> };
    confusion: { matrix: number[][]; labels: string[]; iou_threshold: number };
    pr_curves: { recall: number[]; curves: { name: string; precision: (number | null)[] }[] };
    calibration: { ece: number; count: number; iou_threshold: number };
  };
  classification?: {
    accuracy: number;
    top_k: { k: number; accuracy: number }[];
    macro: { precision: number; recall: number; f1: number };
    weighted: { precision: number; recall: number; f1: number };
    per_class: { name: string; precision: number; recall: number; f1: number; support: number }[];
    calibration: { ece: number };
  };
}

const close = (actual: number, expected: number, what: string, tol = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected}`);

function ok(run: CliRun): CliRun {
  assert.equal(run.code, 0, `exit ${run.code}\n${run.stdout}\n${run.stderr}`);
  return run;
}

async function stored(dir: string, runId: number) {
  const project = await openProject(dir, { readOnly: true });
  try {
    const { store } = project;
    const matches = await store.listEvalMatches(runId);
    const samples = await store.listEvalSamples(runId);
    const runs = (await store.summary()).runs.filter((r) => r.kind === 'eval');
    return { matches, samples, runs };
  } finally {
    await project.close();
  }
}

describe('assay eval (project mode) on the demo', () => {
  let dir = '';
  let demo = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-eval-'));
    demo = join(dir, 'demo');
    ok(await runDemo(demo, ['--images', '40', '--seed', '3'], dir));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stores a match for every object and per-sample counts that add up to the totals', async () => {
    const r = json<EvalJson>(ok(await callCli(['eval', '--pred', 'prediction:model-a', '--json'], demo)));
    const d = r.detection!;
    assert.equal(d.stats.length, 12);
    assert.equal(d.iou, 0.5);
    const { matches, samples } = await stored(demo, r.run_id);
    const gtRows = matches.filter((m) => m.role === 'gt');
    const predRows = matches.filter((m) => m.role === 'pred');
    // Every non-crowd ground truth is a TP or an FN; every prediction a TP, FP or ignored.
    const gtTotal = d.per_class.reduce((s, c) => s + c.gt, 0);
    const predTotal = d.per_class.reduce((s, c) => s + c.dt, 0);
    assert.equal(gtRows.filter((m) => m.outcome !== 'ignored').length, gtTotal);
    assert.equal(predRows.length, predTotal);
    assert.equal(r.totals.tp + r.totals.fn, gtTotal);
    assert.equal(
      r.totals.tp + r.totals.fp + predRows.filter((m) => m.outcome === 'ignored').length,
      predTotal,
    );
    // Matches are pairs: same class, IoU at least the threshold, each side naming the other.
    const byId = new Map(matches.map((m) => [`${m.role}:${m.annotationId}`, m]));
    for (const p of predRows.filter((m) => m.outcome === 'tp')) {
      const g = byId.get(`gt:${p.matchedId}`)!;
      assert.equal(g.matchedId, p.annotationId);
      assert.equal(g.outcome, 'tp');
      assert.equal(g.classId, p.classId);
      assert.ok(p.iou! >= 0.5 && g.iou === p.iou);
      assert.equal(p.error, null, 'a true positive has no TIDE error');
    }
    for (const m of predRows.filter((x) => x.outcome === 'fp')) assert.notEqual(m.error, null);
    // Per-sample counts: the stored rows recounted, and their sums the totals.
    const recount = new Map<number, { tp: number; fp: number; fn: number }>();
    for (const m of matches) {
      const c = recount.get(m.sampleId) ?? { tp: 0, fp: 0, fn: 0 };
      if (m.role === 'pred' && (m.outcome === 'tp' || m.outcome === 'fp')) c[m.outcome]++;
      if (m.role === 'gt' && m.outcome === 'fn') c.fn++;
      recount.set(m.sampleId, c);
    }
    for (const s of samples) assert.deepEqual({ tp: s.tp, fp: s.fp, fn: s.fn }, recount.get(s.sampleId));
    const sum = (k: 'tp' | 'fp' | 'fn') => samples.reduce((a, s) => a + s[k], 0);
    assert.deepEqual(
      { tp: sum('tp'), fp: sum('fp'), fn: sum('fn') },
      { tp: r.totals.tp, fp: r.totals.fp, fn: r.totals.fn },
    );
  });

  it('reports TIDE, confusion, PR curves and calibration consistent with the matches', async () => {
    const r = json<EvalJson>(ok(await callCli(['eval', '--pred', 'prediction:model-b', '--json'], demo)));
    const d = r.detection!;
    // TIDE's AP at 0.5 is COCO's 101-point AP50 with its own matching: close to stats[1], not equal.
    assert.ok(Math.abs(d.tide.ap - d.stats[1]!) < 0.05, `TIDE AP ${d.tide.ap} vs AP50 ${d.stats[1]}`);
    const { matches } = await stored(demo, r.run_id);
    const missed = matches.filter((m) => m.error === 'miss').length;
    assert.equal(missed, d.tide.counts.miss);
    // The confusion matrix has the five shapes and background; its rows hold every ground truth.
    assert.equal(d.confusion.labels.length, 6);
    const rowSum = d.confusion.matrix
      .slice(0, 5)
      .flat()
      .reduce((a, b) => a + b, 0);
    assert.equal(rowSum, r.totals.tp + r.totals.fn);
    assert.equal(d.pr_curves.recall.length, 101);
    assert.equal(d.pr_curves.curves.length, 2 * 5);
    assert.equal(d.calibration.count, r.totals.tp + r.totals.fp);
  });

  it('replaces the rows of the previous run of the same pair; --iou picks the threshold', async () => {
    const first = json<EvalJson>(ok(await callCli(['eval', '--pred', 'prediction:model-a', '--json'], demo)));
    const again = json<EvalJson>(ok(await callCli(['eval', '--pred', 'prediction:model-a', '--json'], demo)));
    assert.ok(again.run_id > first.run_id);
    assert.deepEqual(again.totals, first.totals);
    const old = await stored(demo, first.run_id);
    const now = await stored(demo, again.run_id);
    assert.equal(old.matches.length, 0, 'rows of the earlier run are replaced');
    assert.equal(old.samples.length, 0);
    assert.ok(now.matches.length > 0);
    assert.ok(
      now.runs.some((r) => r.id === first.run_id),
      'the earlier run itself stays',
    );
    // model-b's rows are another pair and stay.
    const b = now.runs.filter((r) => r.id !== first.run_id && r.id !== again.run_id);
    assert.ok(b.length > 0);
    // A looser IoU (not one of COCO's ten) finds at least as many true positives.
    const loose = json<EvalJson>(
      ok(await callCli(['eval', '--pred', 'prediction:model-a', '--iou', '0.3', '--json'], demo)),
    );
    assert.equal(loose.detection!.iou, 0.3);
    assert.ok(loose.totals.tp >= again.totals.tp);
    assert.deepEqual(loose.detection!.stats, again.detection!.stats, 'the COCO stats do not depend on --iou');
    // Issue 10: --iou applies to every analysis that takes a threshold (calibration and the confusion
    // matrix stayed at 0.5): the calibration counts exactly the matched detections (TP + FP at 0.3).
    const d = loose.detection!;
    assert.equal(d.tide.pos_threshold, 0.3);
    assert.equal(d.confusion.iou_threshold, 0.3);
    assert.equal(d.calibration.iou_threshold, 0.3);
    assert.equal(d.calibration.count, loose.totals.tp + loose.totals.fp);
    const tpRows = d.confusion.matrix.slice(0, 5).reduce((n, row, i) => n + row[i]!, 0);
    assert.ok(tpRows >= again.detection!.confusion.matrix.slice(0, 5).reduce((n, row, i) => n + row[i]!, 0));
  });

  it('prints a summary for people and refuses bad input with a hint', async () => {
    const text = ok(await callCli(['eval', '--gt', 'ground_truth', '--pred', 'prediction:model-a'], demo));
    assert.match(
      text.stdout,
      /Average Precision {2}\(AP\) @\[ IoU=0\.50:0\.95 \| area= {3}all \| maxDets=100 \]/,
    );
    assert.match(text.stdout, /TIDE at IoU 0\.5/);
    // Issue 10: AP is a fraction in both modes (project mode printed percentages), and calibration names its IoU.
    assert.match(
      text.stdout,
      /^circle\s+\d+\s+\d+\s+[01]\.\d{3}\s+[01]\.\d{3}\s+[01]\.\d{3}\s+[01]\.\d{3}$/m,
    );
    assert.match(text.stdout, /TIDE at IoU 0\.5 \(AP [01]\.\d{3}/);
    assert.match(text.stdout, /ECE [\d.]+ over [\d,]+ detections \(TP at IoU 0\.5\)/);
    assert.match(text.stdout, /TP \d+ · FP \d+ · FN \d+/);
    const unknown = await callCli(['eval', '--pred', 'prediction:nope'], demo);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no label source "prediction:nope"[\s\S]*prediction:model-a/);
    const missing = await callCli(['eval', '--gt', 'ground_truth'], demo);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /needs --pred/);
    const badIou = await callCli(['eval', '--pred', 'prediction:model-a', '--iou', '2'], demo);
    assert.equal(badIou.code, 2);
  });
});

describe('assay eval (project mode) on classification labels', () => {
  // Expected values: fixtures/digits-sklearn/classification_sklearn.json,
  // written by scikit-learn 1.2.1 (script in that folder's README) from the same labels and probabilities.
  const fixtures = sharedFixture('synthetic-classification-digits/');
  const expected = JSON.parse(
    readFileSync(projectFixture('digits-sklearn/classification_sklearn.json'), 'utf8'),
  );
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-eval-cls-'));
    const labels = npyParse(readFileSync(fixtures + 'labels.npy')).data;
    const probs = npyParse(readFileSync(fixtures + 'pred_probs.npy')).data;
    const names = Array.from({ length: 10 }, (_, k) => `d${k}`);
    const gt = ['path,label', ...Array.from(labels, (l, i) => `img${i}.png,${names[l]}`)];
    const pred = [`path,${names.join(',')}`];
    for (let i = 0; i < labels.length; i++)
      pred.push(`img${i}.png,${Array.from(probs.subarray(i * 10, i * 10 + 10)).join(',')}`);
    await writeFile(join(dir, 'gt.csv'), `${gt.join('\n')}\n`);
    await writeFile(join(dir, 'pred.csv'), `${pred.join('\n')}\n`);
    ok(await callCli(['init', 'p'], dir));
    ok(await callCli(['import', 'class-csv', join(dir, 'gt.csv')], join(dir, 'p')));
    ok(
      await callCli(
        ['import', 'class-csv', join(dir, 'pred.csv'), '--as', 'prediction:logreg'],
        join(dir, 'p'),
      ),
    );
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('equals scikit-learn on accuracy, per-class and averaged scores, top-k and ECE', async () => {
    const r = json<EvalJson>(
      ok(await callCli(['eval', '--pred', 'prediction:logreg', '--json'], join(dir, 'p'))),
    );
    const c = r.classification!;
    assert.equal(r.detection, undefined);
    close(c.accuracy, expected.accuracy, 'accuracy');
    for (const avg of ['macro', 'weighted'] as const) {
      for (const k of ['precision', 'recall', 'f1'] as const)
        close(c[avg][k], expected[avg][k], `${avg} ${k}`);
    }
    for (const row of c.per_class) {
      const k = Number(row.name.slice(1));
      close(row.f1, expected.per_class.f1[k], `${row.name} f1`);
      assert.equal(row.support, expected.per_class.support[k]);
    }
    for (const t of c.top_k) close(t.accuracy, expected.top_k[String(t.k)], `top-${t.k}`);
    close(c.calibration.ece, expected.calibration.ece, 'ece');
    // One correct label is a TP; a wrong one an FP (prediction) and an FN (ground truth).
    const correct = Math.round(expected.accuracy * expected.n);
    assert.deepEqual(r.totals, {
      tp: correct,
      fp: expected.n - correct,
      fn: expected.n - correct,
      ignored: 0,
    });
  });
});
