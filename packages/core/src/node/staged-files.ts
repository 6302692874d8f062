import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { AssayError } from '../errors.js';
import type { StagedFiles } from '../formats/format-io.js';
import { fsAssayError } from '../fs-error.js';
import { assertReplaceable, makeFolder } from './atomic-write.js';
import { FileBatchWriter, type FileBatchWriterOptions } from './file-batch-writer.js';

/**
 * StagedFiles over a real folder (fs-format-io.ts): files go to `<dir>/.assay-staging-<pid>-<random>/`
 * with plain writes (a folder made once, no temp file and rename per file), and `commit` moves them into
 * `dir`: a staged folder whose destination does not exist yet in one rename, else file by file (each
 * replacing only a regular file). At a million label files this is a handful of renames instead of a
 * million temp files (issue 12). Into a new `dir`, no file's destination is looked at (none can exist).
 * `guard` refuses a destination the export may not write (output-guard.ts). The files are written in
 * batches by a thread of their own (FileBatchWriter), while the caller makes the next ones.
 */
export function createStagedFiles(
  dir: string,
  guard: (path: string) => string,
  /** How the files are batched to their thread (tests make the batches small). */
  batches?: FileBatchWriterOptions,
): StagedFiles {
  const target = guard(dir);
  const inside = `${target}/`;
  const writer = new FileBatchWriter(batches);
  const staging = join(target, `.assay-staging-${process.pid}-${randomBytes(4).toString('hex')}`);
  const made = new Set<string>();
  /** `dir` did not exist: nothing in it can be replaced, so no file's destination is checked. */
  let fresh = false;
  try {
    fresh = statSync(target, { throwIfNoEntry: false }) === undefined;
  } catch {}
  const fail = (error: unknown, path: string) => fsAssayError(error, path) ?? error;
  /** A staged file's error, named by its destination (the staging folder is no path the user knows). */
  const failStaged = (error: unknown) => {
    const path = (error as { path?: unknown }).path;
    const named = typeof path === 'string' && path.startsWith(`${staging}/`);
    return fail(error, named ? `${inside}${path.slice(staging.length + 1)}` : target);
  };
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
      // A normalized path under the folder (as writers make them) is cut, not resolved (issue 12: per file).
      const rel = plainBelow(path, inside) ? path.slice(inside.length) : relative(target, path);
      if (rel === '' || rel === '..' || rel.startsWith('../') || isAbsolute(rel))
        throw new AssayError('INTERNAL', `${path} is not inside the staged folder ${target}.`);
      const destination = `${inside}${rel}`;
      if (!fresh) await assertReplaceable(destination);
      const file = `${staging}/${rel}`;
      const folder = dirname(file);
      try {
        if (!made.has(folder)) {
          if (made.size === 0) await makeFolder(target);
          mkdirSync(folder, { recursive: true });
          made.add(folder);
        }
        await writer.write(file, typeof text === 'string' ? encoder.encode(text) : text);
      } catch (error) {
        throw failStaged(error);
      }
    },
    async commit() {
      try {
        await writer.close();
      } catch (error) {
        await rm(staging, { recursive: true, force: true });
        throw failStaged(error);
      }
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
      await writer.abort();
      await rm(staging, { recursive: true, force: true });
    },
  };
}

const encoder = new TextEncoder();

/** `path` is `inside` + a relative path without empty, `.` or `..` segments (nothing to resolve). */
function plainBelow(path: string, inside: string): boolean {
  if (!path.startsWith(inside) || path.length === inside.length || path.endsWith('/')) return false;
  for (let at = inside.length; at < path.length; ) {
    let end = path.indexOf('/', at);
    if (end < 0) end = path.length;
    const n = end - at;
    if (n === 0 || (n === 1 && path[at] === '.') || (n === 2 && path[at] === '.' && path[at + 1] === '.'))
      return false;
    at = end + 1;
  }
  return true;
}
