/**
 * End-to-end: `assay label-errors` called in this process (test-kit/call-cli.ts), in file mode on the real fixtures (.npy and the
 * same numbers as .csv) and in project mode on a project imported from CSV files and on the demo.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readNpy } from '@assay/core/node/arrays/read-npz';
import { sharedFixture } from '@assay/core/test-kit';
import { callCli } from './test-kit/call-cli.js';
import { runDemo } from './test-kit/demo-project.js';
import { type CliRun, json } from './test-kit/run-cli.js';

const DIGITS = sharedFixture('synthetic-classification-digits/');
const LE = sharedFixture('label-errors/');

interface FileResult {
  examples: number;
  issues: number[];
  scores: number[];
  confident_joint: number[][];
  noise_matrix: number[][];
  health_score: number;
}

interface Expected {
  find_label_issues: Record<string, number[]>;
  find_label_issues_ranked: Record<string, number[]>;
  label_quality_scores: Record<string, number[]>;
  count: { confident_joint: number[][] };
}

const readJson = async <T>(path: string): Promise<T> => JSON.parse(await readFile(path, 'utf8')) as T;

function assertUserError(run: CliRun, pattern: RegExp): void {
  assert.equal(run.code, 2, `exit code 2 expected:\n${run.stdout}\n${run.stderr}`);
  assert.match(run.stderr, /^✖ /m);
  assert.match(run.stderr, pattern);
  assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace for a user mistake');
}

describe('assay label-errors, file mode', () => {
  let dir = '';
  // cleanlab 2.9.0 on synthetic-classification-digits: fixtures/synthetic-classification-digits/expected/cleanlab.json.
  let digits: Expected;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-le-'));
    digits = await readJson<Expected>(`${DIGITS}expected/cleanlab.json`);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('ranks the issues, scores every example and prints the joint as cleanlab does (.npy)', async () => {
    const run = await callCli(
      [
        '--json',
        'label-errors',
        '--labels',
        `${DIGITS}labels.npy`,
        '--pred-probs',
        `${DIGITS}pred_probs.npy`,
      ],
      dir,
    );
    const got = json<FileResult>(run);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(got.issues, digits.find_label_issues_ranked.self_confidence);
    assert.deepEqual(got.confident_joint, digits.count.confident_joint);
    const want = digits.label_quality_scores.self_confidence as number[];
    assert.ok(want.every((w, i) => Math.abs((got.scores[i] as number) - w) <= 1e-9));
  });

  it('--method and --score choose the filter and the ranking (cleanlab: find_label_issues.both, ranked set)', async () => {
    const run = await callCli(
      [
        '--json',
        'label-errors',
        '--labels',
        `${DIGITS}labels.npy`,
        '--pred-probs',
        `${DIGITS}pred_probs.npy`,
        '--method',
        'both',
        '--score',
        'normalized_margin',
      ],
      dir,
    );
    const got = json<FileResult>(run);
    assert.deepEqual(
      [...got.issues].sort((a, b) => a - b),
      digits.find_label_issues.both,
    );
    const nm = digits.label_quality_scores.normalized_margin as number[];
    for (let r = 1; r < got.issues.length; r++)
      assert.ok((nm[got.issues[r - 1] as number] as number) <= (nm[got.issues[r] as number] as number));
  });

  it('reads the same numbers from CSV files and gives the same answer', async () => {
    const labels = await readNpy(`${DIGITS}labels.npy`);
    const probs = await readNpy(`${DIGITS}pred_probs.npy`);
    const k = probs.shape[1] as number;
    await writeFile(
      join(dir, 'labels.csv'),
      `id,label\n${Array.from(labels.data, (v, i) => `${i},${v}`).join('\n')}\n`,
    );
    const rows: string[] = [];
    for (let i = 0; i < (probs.shape[0] as number); i++)
      rows.push(Array.from(probs.data.subarray(i * k, i * k + k), String).join(','));
    await writeFile(join(dir, 'probs.csv'), `${rows.join('\n')}\n`);
    const run = await callCli(
      ['--json', 'label-errors', '--labels', 'labels.csv', '--pred-probs', 'probs.csv'],
      dir,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(json<FileResult>(run).issues, digits.find_label_issues_ranked.self_confidence);
  });

  it('prints a table of the top issues for people', async () => {
    const run = await callCli(
      [
        'label-errors',
        '--labels',
        `${DIGITS}labels.npy`,
        '--pred-probs',
        `${DIGITS}pred_probs.npy`,
        '--top',
        '5',
      ],
      dir,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^199 likely label errors in 1,797 examples, 10 classes/m);
    assert.match(run.stdout, /^ +1 +13 /m, 'example 13 first (cleanlab ranks it first)');
    assert.match(run.stdout, /… 194 more/);
  });

  it('refuses IMDB probabilities above 1 with a hint, and takes them with --normalize', async () => {
    const args = ['label-errors', '--labels', `${LE}imdb_test_set_original_labels.npy`];
    assertUserError(
      await callCli([...args, '--pred-probs', `${LE}imdb_test_set_pyx.npy`], dir),
      /probability 1\.00000119\d*, outside \[0, 1\][\s\S]*--normalize/,
    );
    const run = await callCli(
      ['--json', ...args, '--pred-probs', `${LE}imdb_test_set_pyx.npy`, '--normalize'],
      dir,
    );
    // cleanlab 2.9.0 on clipped and renormalised IMDB: 1309 issues (fixtures/label-errors/expected/imdb_cleanlab.json).
    const imdb = await readJson<Expected>(`${LE}expected/imdb_cleanlab.json`);
    assert.deepEqual(json<FileResult>(run).issues, imdb.find_label_issues_ranked.self_confidence);
  });

  it('explains usage mistakes without a stack', async () => {
    assertUserError(
      await callCli(['label-errors', '--labels', `${DIGITS}labels.npy`], dir),
      /needs both --labels/,
    );
    assertUserError(await callCli(['label-errors'], dir), /Say what to check/);
    assertUserError(
      await callCli(['label-errors', '--labels', 'x.npy', '--pred-probs', 'y.npy', '--method', 'nope'], dir),
      /--method "nope" is not one of/,
    );
    assertUserError(
      await callCli(
        ['label-errors', '--labels', `${DIGITS}labels.npy`, '--pred-probs', `${LE}mnist_test_set_pyx.npy`],
        dir,
      ),
      /1797 labels but 10000 rows/,
    );
    assertUserError(
      await callCli(
        ['label-errors', '--labels', 'missing.npy', '--pred-probs', `${DIGITS}pred_probs.npy`],
        dir,
      ),
      /Cannot read missing\.npy/,
    );
  });
});

describe('assay label-errors, project mode', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-le-project-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stores label_error issues for a classification project and reports them in info', async () => {
    const labels = await readNpy(`${DIGITS}labels.npy`);
    const probs = await readNpy(`${DIGITS}pred_probs.npy`);
    const key = (i: number) => `img/${String(i).padStart(4, '0')}.png`;
    await writeFile(
      join(dir, 'gt.csv'),
      `path,label\n${Array.from(labels.data, (y, i) => `${key(i)},d${y}`).join('\n')}\n`,
    );
    const rows = Array.from(labels.data, (_, i) =>
      [key(i), ...probs.data.subarray(i * 10, i * 10 + 10)].join(','),
    );
    const header = Array.from({ length: 10 }, (_, j) => `d${j}`).join(',');
    await writeFile(join(dir, 'pred.csv'), `path,${header}\n${rows.join('\n')}\n`);
    const p = join(dir, 'digits');
    for (const args of [
      ['init', p],
      ['--project', p, 'import', 'class-csv', join(dir, 'gt.csv')],
      ['--project', p, 'import', 'class-csv', join(dir, 'pred.csv'), '--as', 'prediction:logreg'],
    ]) {
      const run = await callCli(args, dir);
      assert.equal(run.code, 0, run.stderr);
    }
    const run = await callCli(['--project', p, '--json', 'label-errors', '--pred', 'prediction:logreg'], dir);
    assert.equal(run.code, 0, run.stderr);
    const got = json<{ kind: string; issues: number; top: { sample: string }[] }>(run);
    // cleanlab 2.9.0: find_label_issues_ranked.self_confidence in fixtures/synthetic-classification-digits/expected/cleanlab.json.
    const digits = await readJson<Expected>(`${DIGITS}expected/cleanlab.json`);
    assert.equal(got.kind, 'classification');
    assert.equal(got.issues, digits.find_label_issues_ranked.self_confidence?.length);
    assert.equal(got.top[0]?.sample, key(13));
    const info = json<{ issues: { by_type: Record<string, number> } }>(
      await callCli(['--project', p, '--json', 'info'], dir),
    );
    assert.equal(info.issues.by_type.label_error, got.issues);
  });

  it('hands box labels to the detection label-issue runner', async () => {
    const demo = join(dir, 'demo');
    assert.equal((await runDemo(demo, ['--images', '20', '--seed', '5'], dir)).code, 0);
    const run = await callCli(
      ['--project', demo, '--json', 'label-errors', '--pred', 'prediction:model-a'],
      dir,
    );
    assert.equal(run.code, 0, run.stderr);
    const got = json<{ kind: string; images: number; issues: Record<string, number> }>(run);
    assert.equal(got.kind, 'detection');
    assert.ok(got.images >= 20);
    assertUserError(
      await callCli(['--project', demo, 'label-errors', '--pred', 'prediction:nope'], dir),
      /no label source "prediction:nope"/,
    );
  });
});
