import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AssayError } from '../errors.js';
import { fsAssayError } from '../fs-error.js';
import { describeKind } from './real-path.js';

/**
 * Refuses to replace anything but a regular file (a rename would replace a device node, a pipe or a
 * socket just as well; a folder fails later with a less clear error).
 */
export async function assertReplaceable(path: string): Promise<void> {
  let stats: Awaited<ReturnType<typeof stat>>;
  try {
    stats = await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw fsAssayError(error, path) ?? error;
  }
  if (stats.isFile()) return;
  throw new AssayError(
    'CONFLICT',
    `Refusing to replace ${path}: it is ${describeKind(stats)}, not a regular file.`,
    {
      hint: 'Give the path of a new file (or of a regular file to replace); Assay never replaces folders, devices, pipes or sockets.',
      details: { path },
    },
  );
}

/**
 * Writes a file atomically: a temp file beside it, then a rename, so readers never see half a file.
 * Only a regular file is ever replaced; on any failure (no space, read-only folder...) the temp file
 * is removed and the error names the path (fs-error.ts).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await assertReplaceable(path);
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (error) {
    throw fsAssayError(error, dirname(path)) ?? error;
  }
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, data);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw fsAssayError(error, path) ?? error;
  }
}
