/**
 * Seeded fuzzing of import (issue 10, section 5): real files of every format, mutated (truncation,
 * type swaps, nulls, huge numbers, NaN/Infinity, deep nesting, duplicated keys, binary junk, BOM,
 * empty files, XML entities), imported into a real project. No case may end in an unexpected error
 * or change a source file. FUZZ_CASES sets the number of cases (default 24);
 * `npm run fuzz` runs 5,000. FUZZ_SEED changes the sequence; a failing case prints its seed and the
 * mutation; with FUZZ_KEEP=1 the copies of failing cases are kept (their folder is printed).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { describeCase, type FuzzOutcome, prepareCase, runCase } from './fuzz-case.js';
import { buildSeeds, type FuzzSeed } from './fuzz-seeds.js';

const CASES = Number(process.env.FUZZ_CASES ?? 24);
const SEED = Number(process.env.FUZZ_SEED ?? 20261206);

describe('fuzzing import with mutated real files (issue 10)', () => {
  let root = '';
  let seeds: FuzzSeed[] = [];

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-fuzz-'));
    seeds = await buildSeeds(join(root, 'seeds'));
  });

  after(async () => {
    if (process.env.FUZZ_KEEP === undefined) await rm(root, { recursive: true, force: true });
  });

  it(`${CASES} mutated files import or are refused with a user error, sources unchanged`, async () => {
    assert.ok(seeds.length >= 7, 'a seed for every format');
    const failures: FuzzOutcome[] = [];
    const results = new Map<string, number>();
    for (let i = 0; i < CASES; i++) {
      const seed = seeds[i % seeds.length] as FuzzSeed;
      const c = await prepareCase(seed, SEED + i, join(root, `case-${i}`));
      // every fourth case goes through `import auto` (format detection reads the mutated file too)
      const outcome = await runCase(c, join(root, `project-${i}`), i % 4 === 3 ? 'auto' : seed.format);
      if (outcome.failure !== undefined) {
        failures.push(outcome);
        console.log(
          `FUZZ FAILURE ${describeCase(c)}\n  ${outcome.failure.split('\n').slice(0, 6).join('\n  ')}`,
        );
      } else results.set(outcome.result ?? '', (results.get(outcome.result ?? '') ?? 0) + 1);
    }
    console.log(
      `fuzz: ${CASES} cases over ${seeds.length} seeds: ${JSON.stringify(Object.fromEntries(results))}`,
    );
    assert.deepEqual(
      failures.map((f) => describeCase(f.case)),
      [],
      'every case imports or is refused with a user error',
    );
  });
});
