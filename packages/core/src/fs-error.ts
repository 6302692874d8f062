import { AssayError } from './errors.js';

/**
 * The one place where file-system error codes (errno) become errors written for users: what happened
 * to which path, and what to do. Pure (it only reads `code` and `path` of the error), so the CLI's last
 * resort (`toAssayError`) maps them too, while the node layer calls it with the path it was working on.
 */
interface Wording {
  what: (path: string) => string;
  hint: string;
}

const WORDING: Record<string, Wording> = {
  ENOSPC: {
    what: (p) => `No space left on the device holding ${p}.`,
    hint: 'Free some space (or choose a folder on another disk) and run the command again; nothing half-written was kept.',
  },
  EDQUOT: {
    what: (p) => `The disk quota is used up on the device holding ${p}.`,
    hint: 'Free some space (or choose a folder on another disk) and run the command again; nothing half-written was kept.',
  },
  EROFS: {
    what: (p) => `${p} is on a read-only file system.`,
    hint: 'Choose a folder you can write to.',
  },
  EACCES: {
    what: (p) => `Permission denied for ${p}.`,
    hint: 'Check the permissions of the path (and its folder), or choose another path.',
  },
  EPERM: {
    what: (p) => `The operation is not permitted on ${p}.`,
    hint: 'Check the permissions of the path (and its folder), or choose another path.',
  },
  EISDIR: {
    what: (p) => `${p} is a folder, not a file.`,
    hint: 'Give the path of a file (for example a name inside that folder).',
  },
  ENOTDIR: {
    what: (p) => `A part of ${p} is a file, not a folder.`,
    hint: 'Check the path: a name along it is a file, so nothing can be created below it.',
  },
  ENOENT: {
    what: (p) => `${p} does not exist.`,
    hint: 'Check the path.',
  },
  ENAMETOOLONG: {
    what: (p) => `The path ${p} is too long for the file system.`,
    hint: 'Choose a shorter path.',
  },
  ELOOP: {
    what: (p) => `${p} goes through a loop of symbolic links.`,
    hint: 'Fix the symbolic links along the path.',
  },
  EIO: {
    what: (p) => `The device holding ${p} reported an input/output error.`,
    hint: 'The disk or the network share may be failing: check it, then run the command again.',
  },
  EMFILE: {
    what: (p) => `Too many open files while opening ${p}.`,
    hint: 'Raise the limit of open files (ulimit -n), or lower --concurrency.',
  },
  EBUSY: {
    what: (p) => `${p} is busy (in use by another program or a mount point).`,
    hint: 'Close what uses it, or choose another path.',
  },
  EXDEV: {
    what: (p) => `${p} cannot be moved across devices.`,
    hint: 'Choose an output on the same disk as its folder.',
  },
};

/** The errno code of an error thrown by Node's fs (or anything carrying one), if any. */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : undefined;
}

/**
 * An AssayError for a file-system error on `path` (default: the path the error names), or undefined
 * when the error carries no errno code this table knows.
 */
export function fsAssayError(error: unknown, path?: string): AssayError | undefined {
  if (error instanceof AssayError) return error;
  const code = errnoCode(error);
  const wording = code === undefined ? undefined : WORDING[code];
  if (code === undefined || wording === undefined) return undefined;
  const where = path ?? (error as { path?: unknown }).path;
  const shown = typeof where === 'string' && where.length > 0 ? where : 'a file';
  return new AssayError(code === 'ENOENT' ? 'NOT_FOUND' : 'IO_ERROR', wording.what(shown), {
    hint: wording.hint,
    details: { errno: code, path: shown },
    cause: error,
  });
}
