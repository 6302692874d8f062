/**
 * Issue 10: file-mode `label-errors` must check its paired files as project mode does. Lengths, class
 * indices and the [0, 1] range were checked; rows that are not one distribution over the classes (sigmoid
 * or multi-label scores) were taken and gave meaningless results with exit 0.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from './test-kit/run-cli.js';

describe('issue 10: label-errors file mode checks its paired files', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-le-inputs-'));
    await writeFile(join(dir, 'labels.csv'), '0\n1\n1\n0\n');
    await writeFile(join(dir, 'labels5.csv'), '0\n1\n1\n0\n1\n');
    await writeFile(join(dir, 'labels3.csv'), '0\n1\n2\n0\n');
    await writeFile(join(dir, 'softmax.csv'), '0.9,0.1\n0.2,0.8\n0.3,0.7\n0.6,0.4\n');
    // Independent sigmoid outputs: each in [0, 1], rows summing to 1.5, 1.1, ...
    await writeFile(join(dir, 'sigmoid.csv'), '0.9,0.6\n0.2,0.9\n0.3,0.7\n0.6,0.4\n');
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const labelErrors = (labels: string, probs: string, ...more: string[]) =>
    runCli(['label-errors', '--labels', labels, '--pred-probs', probs, ...more], dir);

  it('refuses rows that do not sum to 1, naming the files and the example, and takes them with --normalize', async () => {
    const run = await labelErrors('labels.csv', 'sigmoid.csv');
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(
      run.stderr,
      /labels\.csv, sigmoid\.csv: the probabilities of example 0 sum to 1\.5, not 1\./,
    );
    assert.match(run.stderr, /--normalize/);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
    assert.equal((await labelErrors('labels.csv', 'sigmoid.csv', '--normalize')).code, 0);
    assert.equal((await labelErrors('labels.csv', 'softmax.csv')).code, 0);
  });

  it('refuses a length mismatch and labels outside the classes', async () => {
    const length = await labelErrors('labels5.csv', 'softmax.csv');
    assert.equal(length.code, 2);
    assert.match(length.stderr, /5 labels but 4 rows/);
    const classes = await labelErrors('labels3.csv', 'softmax.csv');
    assert.equal(classes.code, 2);
    assert.match(classes.stderr, /example 2 has label 2, outside the 2 classes/);
  });
});
