import { constants } from 'node:fs';
import { type FileHandle, open, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { AssayError } from '../../errors.js';

export interface MediaFile {
  /** Real path of the file (inside the real images root). */
  path: string;
  handle: FileHandle;
  size: number;
  mtimeMs: number;
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

function notFound(reason: string, id: number): AssayError {
  return new AssayError('NOT_FOUND', 'The image of this sample cannot be read.', {
    hint: 'Run `assay scan` to see which images are missing or corrupt.',
    details: { id, reason },
  });
}

function escapeError(id: number): AssayError {
  return new AssayError(
    'PATH_ESCAPE',
    "The sample's path leads outside its images folder; it is not served.",
    {
      hint: 'Fix the file name in the annotations (no `..`, no symlinks out of the images folder) and import again.',
      details: { id },
    },
  );
}

/**
 * Opens a sample's image for reading, refusing anything outside its images root: the key may not climb
 * out (`..`, absolute), the real path (symlinks resolved) must stay inside the real root, and the
 * opened file must be a regular file (checked on the open handle, so a swap after the check cannot
 * hand over a FIFO or a device). The caller closes `handle`.
 */
export async function openMediaFile(rootDir: string, key: string, id: number): Promise<MediaFile> {
  const root = resolve(rootDir);
  const candidate = resolve(root, key);
  if (isAbsolute(key) || key.includes('\0') || !inside(root, candidate)) throw escapeError(id);
  let realRoot: string;
  let real: string;
  try {
    realRoot = await realpath(root);
    real = await realpath(candidate);
  } catch {
    throw notFound('missing', id);
  }
  if (!inside(realRoot, real)) throw escapeError(id);
  let handle: FileHandle;
  try {
    handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | (constants.O_NONBLOCK ?? 0));
  } catch {
    throw notFound('unreadable', id);
  }
  const stat = await handle.stat();
  if (!stat.isFile()) {
    await handle.close();
    throw notFound('not a regular file', id);
  }
  return { path: real, handle, size: stat.size, mtimeMs: stat.mtimeMs };
}
