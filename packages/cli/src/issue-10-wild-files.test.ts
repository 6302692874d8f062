/**
 * Issue 10 (files nobody here made): PCL's test folder mixes point clouds with PCD files that hold an
 * image or descriptors (no x, y, z). `import auto` on such a folder imports the clouds, names each other
 * file once (not its path twice) and does not refuse the whole folder because no cloud has labels.
 * `export --help` names the point (and text) formats it writes; an export that writes nothing says so in
 * sentences (the notes ran into the next sentence, "The 1 files").
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formats } from '@assay/core';
import { callCli } from './test-kit/call-cli.js';
import { json } from './test-kit/run-cli.js';

const pcd = (fields: string, rows: string[]) => {
  const n = fields.split(' ').length;
  return `VERSION .7\nFIELDS ${fields}\nSIZE ${'4 '.repeat(n).trim()}\nTYPE ${'F '.repeat(n).trim()}\nCOUNT ${'1 '.repeat(n).trim()}\nWIDTH ${rows.length}\nHEIGHT 1\nVIEWPOINT 0 0 0 1 0 0 0\nPOINTS ${rows.length}\nDATA ascii\n${rows.join('\n')}\n`;
};

describe('issue 10: files from the wild through the CLI', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-wild-pcd-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a folder of PCD files, some not point clouds: imports the clouds without labels, skips the others, each named once', async () => {
    const clouds = join(dir, 'clouds');
    await mkdir(clouds);
    await writeFile(join(clouds, 'bunny.pcd'), pcd('x y z', ['0 0 0', '1 2 3']));
    await writeFile(join(clouds, 'scan.pcd'), pcd('x y z intensity', ['0 0 1 5', 'nan nan nan 0']));
    await writeFile(join(clouds, 'stereo_left.pcd'), pcd('rgba', ['1', '2']));
    const project = join(dir, 'project');
    assert.equal((await callCli(['init', project], dir)).code, 0);
    const run = await callCli(['import', 'auto', clouds, '--json'], project);
    assert.equal(run.code, 0, run.stderr);
    const summary = json<{
      samples: { total: number };
      skipped: number;
      problems: { file: string; reason: string }[];
    }>(run);
    assert.equal(summary.samples.total, 2);
    assert.equal(summary.skipped, 1);
    const [problem] = summary.problems;
    assert.ok(problem?.file.endsWith('stereo_left.pcd'));
    assert.equal(problem?.reason, 'the points have no x, y, z field.');
  });

  it('`export --help` names every format Assay writes (it named the image formats only)', async () => {
    const run = await callCli(['export', '--help'], dir);
    const argument = /\n\s+format\s+([\s\S]*?)\n\s+out\s/.exec(run.stdout)?.[1]?.replace(/\s+/g, ' ') ?? '';
    const named = argument.split(/,\s*/).map((f) => f.trim());
    assert.deepEqual(
      named.sort(),
      formats
        .filter((f) => f.write !== undefined)
        .map((f) => f.id)
        .sort(),
    );
  });

  it('a span project exported as text-csv: refused, the hint in whole sentences', async () => {
    const project = join(dir, 'spans');
    assert.equal((await callCli(['init', project], dir)).code, 0);
    await mkdir(join(dir, 'text'));
    const file = join(dir, 'text', 'ner.txt');
    await writeFile(file, 'Peter B-PER\nBlackburn I-PER\nsaid O\n');
    assert.equal((await callCli(['import', 'auto', file], project)).code, 0);
    const run = await callCli(['export', 'text-csv', join(dir, 'csv')], project);
    assert.equal(run.code, 2);
    // refused before anything is written (node/export-kinds.ts), naming the formats that hold spans
    assert.match(
      run.stderr,
      /text-csv has no form for what ground_truth holds: 1 annotation of text spans\. Nothing was written\./,
    );
    assert.match(run.stderr, /Formats that hold them: .*conll/);
    assert.equal(existsSync(join(dir, 'csv')), false);
  });
});
