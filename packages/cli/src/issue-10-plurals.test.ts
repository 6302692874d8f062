/** Issue 10: counts are printed with the word in the right number ("1 sample", "2 samples"). */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from './test-kit/run-cli.js';
import { counted } from './ui/output.js';

describe('issue 10: plurals', () => {
  it('counted() picks the singular for exactly one', () => {
    assert.equal(counted(1, 'sample'), '1 sample');
    assert.equal(counted(0, 'sample'), '0 samples');
    assert.equal(counted(1204, 'class', 'classes'), '1,204 classes');
    assert.equal(counted(1, 'class', 'classes'), '1 class');
  });

  it('a one-item ratings file says "1 item"', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'assay-plural-'));
    try {
      await writeFile(join(dir, 'one.csv'), 'a,b\n1,1\n');
      const run = await runCli(['agree', '--ratings', 'one.csv'], dir);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^1 item × 2 raters, 2 ratings \(1 item with ≥ 2/m);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
