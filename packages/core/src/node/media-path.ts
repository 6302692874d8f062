import { lstatSync, realpathSync, type Stats, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describeKind, isWithin, realPathOf } from './real-path.js';

/**
 * The rule for every read of media (scan, export copies, report thumbnails): only a regular file, and
 * only inside its images root once symbolic links are resolved, as the import refuses `../` in keys.
 * A FIFO would block the reader forever, /dev/zero never ends, and a link may point anywhere.
 */
export interface MediaRefusal {
  /** Why the file is not read, for a probe error or an issue reason ("is a named pipe (FIFO)..."). */
  reason: string;
  /** Whether the file is a link leading outside the roots (else: not a regular file). */
  escapes: boolean;
}

/** The real path of an images root, resolved once per root by the caller. */
export function realRoot(root: string): string {
  return realPathOf(root).path;
}

/**
 * Real paths of folders, kept for one scan or export: a file that is not itself a link has the real
 * path of its folder plus its name, so a scan pays one lstat per file, not a realpath (about 3× a stat).
 */
export type RealFolders = Map<string, string>;

function realPathOfFile(path: string, folders: RealFolders | undefined): string {
  if (folders === undefined || lstatSync(path).isSymbolicLink()) return realpathSync.native(path);
  const dir = dirname(path);
  let real = folders.get(dir);
  if (real === undefined) folders.set(dir, (real = realpathSync.native(dir)));
  return join(real, basename(path));
}

/**
 * Why `path` must not be opened as media, or undefined when it may. `roots` are real paths
 * (realRoot); `stats` the stat of the path when the caller has it already; `folders` a cache of
 * folder real paths shared by the calls of one scan. Errors of the stat (ENOENT, EACCES...) are
 * thrown as they are.
 */
export function mediaRefusal(
  path: string,
  roots: readonly string[],
  stats?: Stats,
  folders?: RealFolders,
): MediaRefusal | undefined {
  const s = stats ?? statSync(path);
  if (!s.isFile()) return { reason: `is ${describeKind(s)}, not a regular file`, escapes: false };
  if (roots.length === 0) return undefined;
  const real = realPathOfFile(path, folders);
  if (roots.some((root) => isWithin(root, real))) return undefined;
  return {
    reason: `is a symbolic link to ${real}, outside the images folder${roots.length > 1 ? 's' : ''} of the project`,
    escapes: true,
  };
}
