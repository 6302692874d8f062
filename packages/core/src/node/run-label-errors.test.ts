import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sharedFixture } from '../test-kit/fixtures.js';
import { type StoredIssueRow, storedIssues } from './_stored-issues-test-helpers.js';
import { readNpy } from './arrays/read-npz.js';
import { importDataset } from './import-dataset.js';
import { initProject, openProject } from './project.js';
import { type LabelErrorsRunSummary, runLabelErrors } from './run-label-errors.js';

const DIGITS = sharedFixture('synthetic-classification-digits/');

const key = (i: number): string => `img/${String(i).padStart(4, '0')}.png`;

/** The digits set as a project: labels and probabilities imported from class-csv files (digit0..digit9). */
async function digitsProject(dir: string): Promise<string> {
  const labels = await readNpy(`${DIGITS}labels.npy`);
  const probs = await readNpy(`${DIGITS}pred_probs.npy`);
  const names = Array.from({ length: 10 }, (_, j) => `digit${j}`);
  const gt = Array.from(labels.data, (y, i) => `${key(i)},digit${y}`);
  gt.push('img/extra.png,digit0'); // labelled, never predicted: must be reported as skipped
  await writeFile(join(dir, 'gt.csv'), `path,label\n${gt.join('\n')}\n`);
  const rows = Array.from(labels.data, (_, i) =>
    [key(i), ...Array.from(probs.data.subarray(i * 10, i * 10 + 10), String)].join(','),
  );
  await writeFile(join(dir, 'pred.csv'), `path,${names.join(',')}\n${rows.join('\n')}\n`);
  const root = join(dir, 'project');
  await initProject(root);
  const project = await openProject(root);
  try {
    await importDataset(project, { format: 'class-csv', path: join(dir, 'gt.csv') });
    await importDataset(project, {
      format: 'class-csv',
      path: join(dir, 'pred.csv'),
      source: 'prediction:logreg',
    });
  } finally {
    await project.close();
  }
  return root;
}

describe('runLabelErrors on a classification project (digits)', () => {
  let dir = '';
  let root = '';
  let summary: LabelErrorsRunSummary;
  // cleanlab 2.9.0 on the same labels and pred_probs: fixtures/synthetic-classification-digits/expected/cleanlab.json.
  let expected: {
    find_label_issues_ranked: { self_confidence: number[] };
    label_quality_scores: { self_confidence: number[] };
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-labelerrors-'));
    root = await digitsProject(dir);
    expected = JSON.parse(await readFile(`${DIGITS}expected/cleanlab.json`, 'utf8'));
    const project = await openProject(root);
    try {
      const result = await runLabelErrors(project, { prediction: 'prediction:logreg' });
      assert.equal(result.kind, 'classification');
      summary = result as LabelErrorsRunSummary;
    } finally {
      await project.close();
    }
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("flags cleanlab's examples in cleanlab's order and says which sample was left out", () => {
    const ranked = expected.find_label_issues_ranked.self_confidence;
    assert.equal(summary.issues, ranked.length);
    assert.deepEqual(
      summary.top.map((t) => t.sample),
      ranked.slice(0, 20).map(key),
    );
    assert.deepEqual(summary.skipped, { 'no predicted probabilities': 1 });
    assert.equal(summary.examples, 1797);
  });

  it('stores one label_error issue per flagged sample with score 1 − quality and its evidence', async () => {
    const issues = await storedIssues(root);
    const ranked = expected.find_label_issues_ranked.self_confidence;
    assert.equal(issues.length, ranked.length);
    assert.ok(issues.every((x) => x.type === 'label_error' && x.annotation_id !== null));
    const first = issues[0] as StoredIssueRow;
    const quality = expected.label_quality_scores.self_confidence[ranked[0] as number] as number;
    assert.ok(Math.abs(first.score - (1 - quality)) < 1e-12);
    assert.equal(first.severity, 'error');
    assert.equal(first.details.given_class, 'digit4');
    assert.equal(first.details.suggested_class, 'digit3');
    assert.match(first.reason, /^Labelled "digit4" but prediction:logreg gives it 0\.0% and "digit3" \d+%/);
    assert.equal((first.details.top_probs as unknown[]).length, 3);
    assert.equal(first.details.rank, 1);
  });

  it('replaces its open issues when run again', async () => {
    const project = await openProject(root);
    try {
      await runLabelErrors(project, { prediction: 'prediction:logreg', filterBy: 'confident_learning' });
    } finally {
      await project.close();
    }
    const issues = await storedIssues(root);
    assert.ok(issues.every((x) => x.details.filter_by === 'confident_learning'));
    assert.equal(issues.length, 163); // cleanlab: find_label_issues.confident_learning has 163 indices
  });

  it('probability columns in another class order are put into the project order at import', async () => {
    // Columns digit9..digit0: import maps each column to its class, so the stored vectors equal the file's rows reversed back.
    const probs = await readNpy(`${DIGITS}pred_probs.npy`);
    const names = Array.from({ length: 10 }, (_, j) => `digit${9 - j}`);
    const rows = Array.from({ length: 50 }, (_, i) =>
      [key(i), ...Array.from(probs.data.subarray(i * 10, i * 10 + 10)).reverse()].join(','),
    );
    await writeFile(join(dir, 'reversed.csv'), `path,${names.join(',')}\n${rows.join('\n')}\n`);
    const project = await openProject(root);
    try {
      await importDataset(project, {
        format: 'class-csv',
        path: join(dir, 'reversed.csv'),
        source: 'prediction:rev',
      });
      const stored = await project.store.listAnnotations(['prediction:rev']);
      const first = stored.find((a) => a.sample === key(0));
      assert.deepEqual(first?.probs, Array.from(probs.data.subarray(0, 10)));
    } finally {
      await project.close();
    }
  });

  it('refuses a prediction source whose probabilities do not follow the class map', async () => {
    // A results list carries no class list, so import cannot reorder it; stored reversed vectors
    // (as another tool might write them) must be caught, not silently analysed.
    const probs = await readNpy(`${DIGITS}pred_probs.npy`);
    const project = await openProject(root);
    try {
      const classIds = new Map((await project.store.listClasses()).map((c) => [c.name, c.id]));
      const sampleIds = new Map((await project.store.listSamples()).map((s) => [s.key, s.id]));
      const source = await project.store.ensureSource('prediction:bad');
      const runId = await project.store.startRun('import', {});
      const rows = Array.from({ length: 50 }, (_, i) => {
        const p = Array.from(probs.data.subarray(i * 10, i * 10 + 10));
        return {
          sample: key(i),
          source: 'prediction:bad',
          kind: 'classification' as const,
          label: `digit${p.indexOf(Math.max(...p))}`,
          probs: p.reverse(),
        };
      });
      await project.store.appendAnnotations(
        rows,
        { sampleIds, classIds, sourceIds: new Map([[source.name, source.id]]) },
        runId,
      );
      await assert.rejects(
        runLabelErrors(project, { prediction: 'prediction:bad' }),
        /do not line up with the project's class map: only \d+ of 50/,
      );
    } finally {
      await project.close();
    }
  });

  it('names the known sources when one is missing', async () => {
    const project = await openProject(root);
    try {
      await assert.rejects(
        runLabelErrors(project, { prediction: 'prediction:nope' }),
        /no label source "prediction:nope"[\s\S]*/,
      );
    } finally {
      await project.close();
    }
  });
});
