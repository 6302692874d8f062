import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { AssayError } from '../errors.js';
import type { StagedFiles } from '../formats/format-io.js';
import { fsAssayError } from '../fs-error.js';
import { assertReplaceable, makeFolder } from './atomic-write.js';

/**
 * StagedFiles over a real folder (fs-format-io.ts): files go to `<dir>/.assay-staging-<pid>-<random>/`
 * with plain writes (a folder made once, no temp file and rename per file), and `commit` moves them into
 * `dir`: a staged folder whose destination does not exist yet in one rename, else file by file (each
 * replacing only a regular file). At a million label files this is a handful of renames instead of a
 * million temp files (issue 12). Into a new `dir`, no file's destination is looked at (none can exist).
 * `guard` refuses a destination the export may not write (output-guard.ts).
 */
export function createStagedFiles(dir: string, guard: (path: string) => string): StagedFiles {
  const target = guard(dir);
  const staging = join(target, `.assay-staging-${process.pid}-${randomBytes(4).toString('hex')}`);
  const made = new Set<string>();
  /** `dir` did not exist: nothing in it can be replaced, so no file's destination is checked. */
  let fresh = false;
  try {
    fresh = statSync(target, { throwIfNoEntry: false }) === undefined;
  } catch {}
  const fail = (error: unknown, path: string) => fsAssayError(error, path) ?? error;
  /** Moves the staged folder `from` into `to`, merging into what is there already. */
  const move = (from: string, to: string): void => {
    const there = statSync(to, { throwIfNoEntry: false });
    if (there === undefined) {
      renameSync(from, to);
      return;
    }
    if (!there.isDirectory())
      throw new AssayError('CONFLICT', `Refusing to replace ${to}: it is not a folder.`, {
        hint: 'Export into a new folder, or remove that file first.',
        details: { path: to },
      });
    for (const entry of readdirSync(from, { withFileTypes: true })) {
      const source = join(from, entry.name);
      const destination = join(to, entry.name);
      if (entry.isDirectory()) move(source, destination);
      else renameSync(source, destination);
    }
  };
  return {
    async write(path, text) {
      const rel = relative(target, path);
      if (rel === '' || rel === '..' || rel.startsWith('../') || isAbsolute(rel))
        throw new AssayError('INTERNAL', `${path} is not inside the staged folder ${target}.`);
      const destination = join(target, rel);
      if (!fresh) await assertReplaceable(destination);
      const file = join(staging, rel);
      const folder = dirname(file);
      try {
        if (!made.has(folder)) {
          if (made.size === 0) await makeFolder(target);
          mkdirSync(folder, { recursive: true });
          made.add(folder);
        }
        writeFileSync(file, text);
      } catch (error) {
        throw fail(error, destination);
      }
    },
    async commit() {
      if (made.size === 0) return;
      try {
        move(staging, target);
      } catch (error) {
        throw fail(error, target);
      } finally {
        await rm(staging, { recursive: true, force: true });
      }
    },
    async discard() {
      await rm(staging, { recursive: true, force: true });
    },
  };
}
