/**
 * The fuzz suite's cases (issue 10, section 5) through the real CLI in child processes: a mutated file
 * of each kind is imported with `assay import`; the process exits 0 (problems listed) or 2 (a user
 * error with a message), never 3, and the source files are unchanged. FUZZ_CLI_CASES sets how many
 * (default 3: a child process costs seconds); the in-process suite (core node/fuzz) runs many more.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildSeeds, describeCase, type FuzzSeed, hashFiles, prepareCase } from '@assay/core/fuzz-kit';
import { runCli } from './test-kit/run-cli.js';

const CASES = Number(process.env.FUZZ_CLI_CASES ?? 3);
const SEED = Number(process.env.FUZZ_SEED ?? 20261206);

describe('fuzzing `assay import` in child processes (issue 10)', () => {
  let root = '';
  let seeds: FuzzSeed[] = [];
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-fuzz-cli-'));
    seeds = await buildSeeds(join(root, 'seeds'));
  });
  after(() => rm(root, { recursive: true, force: true }));

  it(`${CASES} mutated files: exit 0 or 2, never 3, sources unchanged`, async () => {
    const failures: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const seed = seeds[i % seeds.length] as FuzzSeed;
      const c = await prepareCase(seed, SEED + 7919 * i, join(root, `case-${i}`));
      const project = join(root, `project-${i}`);
      assert.equal((await runCli(['init', project], root)).code, 0);
      const before = await hashFiles(c.dir);
      const args = ['import', seed.format, join(c.dir, seed.path)];
      const run = await runCli(seed.images ? [...args, '--images', join(c.dir, seed.images)] : args, project);
      const after = await hashFiles(c.dir);
      if (run.code !== 0 && run.code !== 2)
        failures.push(`${describeCase(c)}: exit ${run.code}\n${run.stderr}`);
      else if (run.code === 2 && !/✖/.test(run.stderr))
        failures.push(`${describeCase(c)}: exit 2 without a message`);
      if (JSON.stringify([...before]) !== JSON.stringify([...after]))
        failures.push(`${describeCase(c)}: source changed`);
    }
    assert.deepEqual(failures, []);
  });
});
