/**
 * Issue 10 ("every command Assay prints for the user to run works as printed"): a hint that quotes an
 * `assay` command names it as the user can run it — `assay` when that is this CLI on PATH, else
 * `node /path/to/bin/assay.js`.
 */
import assert from 'node:assert/strict';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from './test-kit/run-cli.js';

const BIN = fileURLToPath(new URL('../bin/assay.js', import.meta.url));

describe('issue 10: printed commands run as printed', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-runnable-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('with `assay` on PATH the hint says `assay init`', async () => {
    const run = await runCli(['info'], dir);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /Run `assay init <folder>` first/);
  });

  it('without it, the hint names node and the bin file', async () => {
    // PATH with node only: no `assay` anywhere on it.
    const run = await runCli(['info'], dir, { path: dirname(process.execPath) });
    assert.equal(run.code, 2, run.stderr);
    assert.ok(run.stderr.includes(`Run \`node ${await realpath(BIN)} init <folder>\` first`), run.stderr);
    assert.ok(!run.stderr.includes('`assay '), run.stderr);
  });
});
