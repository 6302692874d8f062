import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { CHILD_NODE_OPTIONS } from '@assay/core/test-kit/child-node';
import { json, runCli } from './test-kit/run-cli.js';

const CORE_NODE = import.meta.resolve('@assay/core/node');

let dir = '';
let project = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'assay-killed-'));
  project = join(dir, 'p');
  assert.equal((await runCli(['init', project], dir)).code, 0);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A real process opens the project for writing, starts a run and is killed (as by the OOM killer). */
function killedMidRun(): Promise<{ pid: number; signal: string | null }> {
  const script = `const m = await import(${JSON.stringify(CORE_NODE)});
    const p = await m.openProject(${JSON.stringify(project)}, { command: 'assay eval' });
    await p.store.startRun('eval', {});
    process.kill(process.pid, 'SIGKILL');`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CHILD_NODE_OPTIONS, '--input-type=module', '-e', script], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ pid: child.pid ?? -1, signal }));
  });
}

// Issue 12: a command killed for memory left its run `running` forever and the lock note naming a dead
// process. The next command that opens the project for writing marks the run aborted and takes the lock over.
it('a killed command leaves no run running: the next writer marks it aborted and takes over the lock', async () => {
  const killed = await killedMidRun();
  assert.equal(killed.signal, 'SIGKILL');
  const lockPath = join(project, '.assay', 'lock.json');
  const lock = JSON.parse(await readFile(lockPath, 'utf8')) as { pid: number; command: string };
  assert.equal(lock.pid, killed.pid);
  assert.equal(lock.command, 'assay eval');

  const before = json<{ runs: { id: number; status: string }[] }>(await runCli(['info', '--json'], project));
  assert.deepEqual(
    before.runs.map((r) => r.status),
    ['running'],
  );

  const check = await runCli(['check'], project);
  assert.equal(check.code, 0, check.stderr);
  assert.match(check.stderr, new RegExp(`stale project lock: "assay eval" \\(pid ${killed.pid}`));
  assert.match(check.stderr, /Marked run 1 aborted/);
  assert.equal(existsSync(lockPath), false, 'the lock note is removed when check closes the project');

  const after = json<{ runs: { id: number; kind: string; status: string }[] }>(
    await runCli(['info', '--json'], project),
  );
  const evalRun = after.runs.find((r) => r.id === 1);
  assert.equal(evalRun?.status, 'aborted');
  assert.ok(after.runs.some((r) => r.kind === 'check' && r.status === 'ok'));

  // Nothing stale any more: the next writer says nothing about locks or runs.
  const again = await runCli(['check'], project);
  assert.doesNotMatch(again.stderr, /stale|aborted/);
});
