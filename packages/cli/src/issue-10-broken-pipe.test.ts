/**
 * Issue 10: `assay … | head` crashed with EPIPE (exit 1 and a stack). A reader that closes the pipe
 * early must leave the command quiet, finishing with its own exit code (0 here).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CHILD_NODE_OPTIONS, moduleBeside } from '@assay/core/test-kit/child-node';

const MAIN = moduleBeside(import.meta.url, './main.js');

/** Runs the CLI and closes its stdout after the first chunk, as `head -1` does. */
function runClosingStdout(
  args: string[],
  cwd: string,
): Promise<{ code: number; stderr: string; read: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CHILD_NODE_OPTIONS, MAIN, ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let read = 0;
    child.stdout.once('data', (d: Buffer) => {
      read = d.length;
      child.stdout.destroy();
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stderr, read }));
  });
}

describe('issue 10: a closed stdout pipe', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-epipe-'));
    // 40,000 examples whose given label (0) is never the predicted class (1): every one is listed,
    // several MB of table, far more than a pipe buffer holds.
    const n = 40_000;
    await writeFile(join(dir, 'labels.csv'), `${'0\n'.repeat(n)}`);
    await writeFile(join(dir, 'probs.csv'), `${'0.1,0.9\n'.repeat(n)}`);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const json of [false, true]) {
    it(`exits 0 without a stack when the reader stops early${json ? ' (--json)' : ''}`, async () => {
      const args = [
        ...(json ? ['--json'] : []),
        'label-errors',
        '--labels',
        'labels.csv',
        '--pred-probs',
        'probs.csv',
        '--method',
        'predicted_neq_given',
        '--top',
        '40000',
      ];
      const run = await runClosingStdout(args, dir);
      assert.ok(run.read > 0, 'the command printed something first');
      assert.equal(run.code, 0, run.stderr);
      assert.doesNotMatch(run.stderr, /EPIPE|\n\s+at /);
    });
  }
});
