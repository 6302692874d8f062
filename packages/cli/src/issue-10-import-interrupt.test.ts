/**
 * Issue 10 §2: Ctrl-C during `assay import` exits 130 and keeps nothing (an import is one
 * transaction): never exit 3 ("This operation was aborted"), never "saving what is done", a commit and
 * exit 0. Real CLI processes get a real SIGINT at several moments of importing generated COCO files
 * (one above the 4 MiB where the reader streams annotations into the store while it reads).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { json, runCli, startCli } from './test-kit/run-cli.js';

/** A COCO file of `images` images and `annotations` boxes spread over them by fixed strides. */
async function writeCoco(path: string, images: number, annotations: number): Promise<void> {
  const parts: string[] = [];
  for (let i = 1; i <= images; i++)
    parts.push(`{"id":${i},"file_name":"img_${i}.jpg","width":640,"height":480}`);
  const anns: string[] = [];
  for (let k = 1; k <= annotations; k++) {
    const image = 1 + ((k * 7919) % images);
    const x = (k * 37) % 500;
    const y = (k * 53) % 400;
    anns.push(
      `{"id":${k},"image_id":${image},"category_id":${1 + (k % 5)},"bbox":[${x},${y},${10 + (k % 90)},${8 + (k % 50)}],"area":100,"iscrowd":0}`,
    );
  }
  const categories = [1, 2, 3, 4, 5].map((id) => `{"id":${id},"name":"class ${id}"}`);
  await writeFile(
    path,
    `{"images":[${parts.join(',')}],"annotations":[${anns.join(',')}],"categories":[${categories.join(',')}]}`,
  );
}

async function annotationsIn(dir: string): Promise<number> {
  const run = await runCli(['info', '--json'], dir);
  assert.equal(run.code, 0, run.stderr);
  return json<{ annotations: { total: number } }>(run).annotations.total;
}

/** Starts `assay import`, sends SIGINT `delay` ms after the lock note appears (or at once), returns the outcome. */
async function interruptImport(dir: string, file: string, delay: number | 'at-start') {
  const started = startCli(['import', 'coco', file, '--images', dir], dir);
  if (delay !== 'at-start') {
    const lock = join(dir, '.assay', 'lock.json');
    const until = Date.now() + 60_000;
    while (!existsSync(lock) && Date.now() < until && started.child.exitCode === null) await sleep(5);
    await sleep(delay);
  }
  started.child.kill('SIGINT');
  return started.done;
}

describe('issue 10: Ctrl-C during import keeps nothing and exits 130', () => {
  let tmp = '';
  let big = '';
  let small = '';
  const TOTAL = 250_000;
  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'assay-issue10-sigint-'));
    big = join(tmp, 'big.json');
    small = join(tmp, 'small.json');
    await writeCoco(big, 4000, TOTAL); // ~27 MB: streamed (above 4 MiB)
    await writeCoco(small, 500, 20_000); // ~2 MB: parsed whole
  });
  after(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('at every moment: exit 130 with nothing kept, or (signal after the commit) exit 0 with all', {
    timeout: 600_000,
  }, async () => {
    const trials: { file: string; total: number; delay: number | 'at-start' }[] = [
      { file: big, total: TOTAL, delay: 'at-start' },
      { file: small, total: 20_000, delay: 0 },
      { file: big, total: TOTAL, delay: 0 },
      { file: big, total: TOTAL, delay: 400 },
      { file: big, total: TOTAL, delay: 1200 },
    ];
    let interrupted = 0;
    for (const [i, trial] of trials.entries()) {
      const dir = join(tmp, `p${i}`);
      assert.equal((await runCli(['init', dir], tmp)).code, 0);
      const run = await interruptImport(dir, trial.file, trial.delay);
      const what = `trial ${i} (${trial.delay}): exit ${run.code} ${run.signal ?? ''}\n${run.stdout}${run.stderr}`;
      assert.notEqual(run.code, 3, what);
      assert.doesNotMatch(run.stderr, /saving what is done|operation was aborted/, what);
      const kept = await annotationsIn(dir);
      // A SIGINT before the CLI installs its handler ends the process by the signal: the shell's 130.
      if (run.code === 130 || run.signal === 'SIGINT') {
        assert.equal(kept, 0, `nothing kept: ${what}`);
        interrupted++;
      } else {
        assert.equal(run.code, 0, what);
        assert.equal(kept, trial.total, `a finished import keeps everything: ${what}`);
      }
      if (run.code === 130) assert.match(run.stderr, /interrupted: nothing of it was kept/, what);
    }
    assert.ok(interrupted >= 4, `${interrupted} of ${trials.length} trials were interrupted mid-import`);
  });
});
