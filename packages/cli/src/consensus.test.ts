/**
 * End-to-end `assay consensus`: the CLI's program called in this process (test-kit/call-cli.ts), on the digits annotators
 * (fixtures/synthetic-classification-digits) in file mode and in a real project.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readNpy } from '@assay/core/node/arrays/read-npz';
import { sharedFixture } from '@assay/core/test-kit';
import { callCli } from './test-kit/call-cli.js';
import { json, runCli } from './test-kit/run-cli.js';

const DIGITS = sharedFixture('synthetic-classification-digits/');
// cleanlab 2.9.0 get_label_quality_multiannotator(labels, pred_probs) on these files:
// expected/multiannotator.json (see fixtures/synthetic-classification-digits/README.md).
const expected = JSON.parse(readFileSync(`${DIGITS}expected/multiannotator.json`, 'utf8')) as {
  majority_vote_label: number[];
  crowdlab: {
    label_quality: {
      consensus_label: number[];
      consensus_quality_score: number[];
      annotator_agreement: number[];
    };
    annotator_stats: { annotator: string; annotator_quality: number; worst_class: number }[];
  };
};
const TOL = 1e-9;

interface FileResult {
  consensus_label: number[];
  consensus_quality_score: number[];
  majority_vote_label: number[];
  annotator_stats: { annotator: number; annotator_quality: number; worst_class: number }[];
}
interface ProjectResult {
  method: string;
  samples: number;
  annotators: { annotator: string; quality: number; worst_class: string }[];
  issues: { annotator_disagreement: number };
  consensus: { sample: string; label: string; quality: number; agreement: number; annotations: number }[];
}

describe('assay consensus', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-consensus-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('file mode equals cleanlab CROWDLAB on the digits annotators', async () => {
    const run = await callCli(
      [
        'consensus',
        '--labels-multiannotator',
        `${DIGITS}labels_multiannotator.npy`,
        '--pred-probs',
        `${DIGITS}pred_probs.npy`,
        '--json',
      ],
      dir,
    );
    assert.equal(run.code, 0, run.stderr);
    const r = json<FileResult>(run);
    const want = expected.crowdlab;
    assert.deepEqual(r.consensus_label, want.label_quality.consensus_label);
    assert.deepEqual(r.majority_vote_label, expected.majority_vote_label);
    r.consensus_quality_score.forEach((q, i) => {
      assert.ok(Math.abs(q - want.label_quality.consensus_quality_score[i]!) <= TOL, `example ${i}`);
    });
    for (const w of want.annotator_stats) {
      const got = r.annotator_stats[Number(w.annotator)]!;
      assert.ok(Math.abs(got.annotator_quality - w.annotator_quality) <= TOL);
      assert.equal(got.worst_class, w.worst_class);
    }
  });

  it('file mode refuses a bad flag value and a 1-D label file with exit 2 and a hint', async () => {
    const bad = await callCli(
      ['consensus', '--labels-multiannotator', `${DIGITS}labels_multiannotator.npy`, '--method', 'vote'],
      dir,
    );
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--method takes best_quality or majority_vote, not "vote"/);
    const flat = await callCli(['consensus', '--labels-multiannotator', `${DIGITS}labels.npy`], dir);
    assert.equal(flat.code, 2);
    assert.match(flat.stderr, /labels\.npy: labels must be 2-D/);
    assert.doesNotMatch(flat.stderr, /\n\s+at /);
  });

  it('project mode: annotator and prediction sources imported from CSV give the same consensus', async () => {
    const project = join(dir, 'project');
    assert.equal((await callCli(['init', project], dir)).code, 0);
    const labels = await readNpy(`${DIGITS}labels_multiannotator.npy`);
    const probs = await readNpy(`${DIGITS}pred_probs.npy`);
    const [n, m] = labels.shape as [number, number];
    const key = (i: number) => `img_${String(i).padStart(4, '0')}.png`;
    for (let a = 0; a < m; a++) {
      const rows = ['path,label'];
      for (let i = 0; i < n; i++) {
        const v = labels.data[i * m + a]!;
        if (!Number.isNaN(v)) rows.push(`${key(i)},${v}`);
      }
      await writeFile(join(project, `a${a}.csv`), `${rows.join('\n')}\n`);
      const imp = await callCli(['import', 'class-csv', `a${a}.csv`, '--as', `annotator:a${a}`], project);
      assert.equal(imp.code, 0, imp.stderr);
    }
    const k = probs.shape[1]!;
    const rows = [`path,${Array.from({ length: k }, (_, j) => j).join(',')}`];
    for (let i = 0; i < n; i++)
      rows.push(`${key(i)},${Array.from(probs.data.subarray(i * k, (i + 1) * k)).join(',')}`);
    await writeFile(join(project, 'pred.csv'), `${rows.join('\n')}\n`);
    assert.equal(
      (await callCli(['import', 'class-csv', 'pred.csv', '--as', 'prediction:lr'], project)).code,
      0,
    );

    const run = await callCli(['consensus', '--pred', 'prediction:lr', '--json'], project);
    assert.equal(run.code, 0, run.stderr);
    const r = json<ProjectResult>(run);
    assert.equal(r.method, 'best_quality');
    assert.equal(r.samples, n);
    const want = expected.crowdlab.label_quality;
    let disputed = 0;
    for (const c of r.consensus) {
      const i = Number(c.sample.slice(4, 8));
      assert.equal(c.label, String(want.consensus_label[i]), c.sample);
      assert.ok(Math.abs(c.quality - want.consensus_quality_score[i]!) <= TOL, c.sample);
      if (c.annotations > 1 && c.agreement < 1) disputed++;
    }
    assert.equal(r.issues.annotator_disagreement, disputed);
    for (const w of expected.crowdlab.annotator_stats) {
      const got = r.annotators.find((a) => a.annotator === `annotator:a${w.annotator}`)!;
      assert.ok(Math.abs(got.quality - w.annotator_quality) <= TOL);
      assert.equal(got.worst_class, String(w.worst_class));
    }
    const info = json<{ issues: { by_type: Record<string, number> } }>(
      await callCli(['info', '--json'], project),
    );
    assert.equal(info.issues.by_type.annotator_disagreement, disputed);

    // Without predictions: majority vote; an unknown prediction source names the known ones.
    const mv = json<ProjectResult>(await callCli(['consensus', '--json'], project));
    assert.equal(mv.method, 'majority_vote');
    // Rows without a tie are the plain vote; cleanlab broke the ties with pred_probs, which this run lacks.
    let untied = 0;
    for (const c of mv.consensus) {
      const i = Number(c.sample.slice(4, 8));
      const counts = new Map<number, number>();
      for (let a = 0; a < m; a++) {
        const v = labels.data[i * m + a]!;
        if (!Number.isNaN(v)) counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      const top = Math.max(...counts.values());
      if ([...counts.values()].filter((x) => x === top).length > 1) continue;
      untied++;
      assert.equal(c.label, String(expected.majority_vote_label[i]), c.sample);
    }
    assert.ok(untied > n / 2);
    const unknown = await runCli(['consensus', '--pred', 'prediction:nope'], project);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no label source "prediction:nope"[\s\S]*prediction:lr/);
  });
});
