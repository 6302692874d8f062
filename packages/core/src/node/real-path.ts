import { lstatSync, realpathSync, type Stats } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

/** What `realPathOf` found: the resolved path, and the nearest part of it that exists. */
export interface RealPath {
  /** The real path of the nearest existing ancestor (or the path itself), with the rest appended. */
  path: string;
  /** The real path of the nearest existing ancestor (the path itself when it exists). */
  existing: string;
  /** Names below `existing` that do not exist yet (empty when the path exists). */
  missing: string[];
}

/**
 * Resolves every symbolic link of a path that may not exist yet: the real path of its nearest
 * existing ancestor, with the names that do not exist yet appended. A dangling link at the end counts
 * as not existing (a rename onto it replaces the link, it does not follow it).
 */
export function realPathOf(path: string): RealPath {
  let current = resolve(path);
  const missing: string[] = [];
  for (;;) {
    try {
      // A missing name is found without the exception realpath throws (100k label files: issue 12).
      if (lstatSync(current, { throwIfNoEntry: false }) === undefined) throw new Error('missing');
      const existing = realpathSync.native(current);
      return { path: missing.length === 0 ? existing : join(existing, ...missing), existing, missing };
    } catch {
      const parent = dirname(current);
      if (parent === current) return { path: resolve(path), existing: current, missing };
      missing.unshift(basename(current));
      current = parent;
    }
  }
}

/** Whether `path` is `root` or lies below it (both absolute and already resolved). */
export function isWithin(root: string, path: string): boolean {
  const rel = relative(root, path);
  return (
    rel === '' ||
    (rel !== '..' && !rel.startsWith(`..${sep}`) && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel))
  );
}

/** "a folder", "a device", "a named pipe (FIFO)", "a socket". */
export function describeKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return 'a regular file';
}
