/**
 * Issue 10: the demo ended with `npx assay issues`, which outside the repository makes npx fetch an
 * unrelated public package. Every command line the demo prints must run as printed: this test runs them,
 * from a folder outside the repository, with and without `assay` on PATH (as `npm link` puts it).
 * The printed commands run the built CLI (bin/assay.js → dist/), which `npm ci` builds.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from './test-kit/run-cli.js';

const BIN = fileURLToPath(new URL('../bin/assay.js', import.meta.url));

/** The command lines of the demo's closing "Next:" lines. */
function printedCommands(stdout: string): string[] {
  const next = /^Next: (.+)$/m.exec(stdout)?.[1];
  const then = /^ {2}\(then: (.+)\)$/m.exec(stdout)?.[1];
  assert.ok(next && then, stdout);
  const cd = /^(cd \S+) && /.exec(next)?.[1];
  assert.ok(cd, next);
  return [next, ...then.split(', ').map((c) => `${cd} && ${c}`)];
}

function runShell(line: string, cwd: string, path: string) {
  return spawnSync('/bin/sh', ['-c', line], { cwd, encoding: 'utf8', env: { ...process.env, PATH: path } });
}

describe('issue 10: the commands the demo prints run as printed', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-next-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('without assay on PATH: node and the absolute bin path', async () => {
    const path = dirname(process.execPath);
    const run = await runCli(['demo', 'd1', '--images', '20'], dir, { path });
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stdout, /npx/);
    assert.match(run.stdout, /To type just `assay`, run `npm link`/, 'the name itself is not rewritten');
    const commands = printedCommands(run.stdout);
    assert.equal(commands.length, 3);
    for (const line of commands) {
      assert.match(line, /assay\.js (issues|stats|info)$/);
      const r = runShell(line, tmpdir(), path);
      assert.equal(r.status, 0, `${line}\n${r.stderr}`);
      assert.ok(r.stdout.length > 0, line);
    }
  });

  it('with assay on PATH (npm link): plain `assay`', async () => {
    const bin = join(dir, 'bin');
    await mkdir(bin);
    await symlink(BIN, join(bin, 'assay'));
    const path = `${bin}:${dirname(process.execPath)}:/usr/bin:/bin`;
    // The demo itself runs through that PATH too, as a user's would.
    const linked = spawnSync(process.execPath, [BIN, 'demo', 'd2', '--images', '20'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, PATH: path },
    });
    assert.equal(linked.status, 0, linked.stderr);
    const commands = printedCommands(linked.stdout);
    for (const line of commands) {
      assert.match(line, /&& assay (issues|stats|info)$/);
      const r = runShell(line, tmpdir(), path);
      assert.equal(r.status, 0, `${line}\n${r.stderr}`);
    }
  });
});
