/**
 * One fuzz case: copy a seed, mutate one of its files (seeded), import it into a fresh project, run
 * the checks on what was imported, and say what went wrong, if anything. A case passes when the import either succeeds (problems listed)
 * or throws an AssayError with a user code (anything but INTERNAL), and no source file changed.
 */
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AssayError } from '../../errors.js';
import { mulberry32 } from '../../random/mulberry32.js';
import { hashTree } from '../../test-kit/hash-tree.js';
import { importDataset } from '../import-dataset.js';
import { initProject, openProject } from '../project.js';
import { runChecks } from '../run-checks.js';
import type { FuzzSeed } from './fuzz-seeds.js';
import { mutateFile } from './mutate.js';

export interface FuzzCase {
  seed: FuzzSeed;
  /** Seed of the random function (with the case index: reproduces the case). */
  random: number;
  file: string;
  what: string;
  /** Where the mutated copy lives (kept when the case fails). */
  dir: string;
}

export interface FuzzOutcome {
  case: FuzzCase;
  /** `ok`, `refused CODE`, or undefined when the case failed (see failure). */
  result?: string;
  failure?: string;
}

/** sha256 of every file under a case's folder, keyed by relative path. */
export const hashFiles = hashTree;

function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((n) => before.get(n) !== after.get(n));
}

/** Copies `seed` into `dir` and mutates one of its files with a generator seeded by `random`. */
export async function prepareCase(seed: FuzzSeed, random: number, dir: string): Promise<FuzzCase> {
  const next = mulberry32(random);
  await cp(seed.dir, dir, { recursive: true });
  const file = seed.mutable[Math.floor(next() * seed.mutable.length)] ?? seed.path;
  const path = join(dir, file);
  const mutation = mutateFile(file, await readFile(path), next);
  await writeFile(path, mutation.bytes);
  return { seed, random, file, what: mutation.what, dir };
}

/** Imports the case's copy into a new project beside it; the copy is removed when the case passes. */
export async function runCase(c: FuzzCase, projectDir: string, format = c.seed.format): Promise<FuzzOutcome> {
  const before = await hashFiles(c.dir);
  await initProject(projectDir);
  const project = await openProject(projectDir);
  let outcome: FuzzOutcome;
  try {
    await importDataset(project, {
      format,
      path: join(c.dir, c.seed.path),
      ...(c.seed.images === undefined ? {} : { images: join(c.dir, c.seed.images) }),
    });
    // what was imported must also check (label checks over whatever values got in)
    await runChecks(project);
    outcome = { case: c, result: 'ok' };
  } catch (error) {
    outcome =
      error instanceof AssayError && error.code !== 'INTERNAL'
        ? { case: c, result: `refused ${error.code}` }
        : {
            case: c,
            failure: `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
          };
  } finally {
    await project.close();
  }
  const changed = changedFiles(before, await hashFiles(c.dir));
  if (changed.length > 0) outcome = { case: c, failure: `source files changed: ${changed.join(', ')}` };
  await rm(projectDir, { recursive: true, force: true });
  if (outcome.failure === undefined) await rm(c.dir, { recursive: true, force: true });
  return outcome;
}

/** A line naming the case, enough to reproduce it. */
export function describeCase(c: FuzzCase): string {
  return `${c.seed.name} (${c.seed.format}) random ${c.random}: ${c.file} — ${c.what} [${c.dir}]`;
}
