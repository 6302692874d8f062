import { randomBytes } from 'node:crypto';
import { createWriteStream, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AssayError } from '../errors.js';
import { fsAssayError } from '../fs-error.js';
import { describeKind, realPathOf } from './real-path.js';

/**
 * Refuses to replace anything but a regular file (a rename would replace a device node, a pipe or a
 * socket just as well; a folder fails later with a less clear error).
 */
export async function assertReplaceable(path: string): Promise<void> {
  let stats: ReturnType<typeof statSync>;
  try {
    // No exception for the common case, a new file (thrown errors cost more than the write: issue 12).
    stats = statSync(path, { throwIfNoEntry: false });
  } catch (error) {
    throw fsAssayError(error, path) ?? error;
  }
  if (stats === undefined || stats.isFile()) return;
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
 * Creates a folder and its parents. Node's recursive mkdir reports ENOENT when a parent cannot be
 * made (a read-only disk, no permission): the first missing folder is then made alone, so that the
 * error is the real one (EROFS, EACCES, ENOTDIR), worded with its path (fs-error.ts).
 */
export async function makeFolder(dir: string): Promise<void> {
  // An existing folder needs no mkdir (one stat instead of a recursive mkdir per file written).
  if (statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return;
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    const { existing, missing } = realPathOf(dir);
    const first = missing[0] === undefined ? existing : join(existing, missing[0]);
    try {
      await mkdir(first);
    } catch (real) {
      throw fsAssayError(real, first) ?? real;
    }
    throw fsAssayError(error, dir) ?? error;
  }
}

/**
 * Writes a file atomically: a temp file beside it, then a rename, so readers never see half a file.
 * Only a regular file is ever replaced; on any failure (no space, read-only folder...) the temp file
 * is removed and the error names the path (fs-error.ts).
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: { mode?: number } = {},
): Promise<void> {
  await assertReplaceable(path);
  await makeFolder(dirname(path));
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, data, options.mode === undefined ? undefined : { mode: options.mode });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw fsAssayError(error, path) ?? error;
  }
}

/** Writes text given in pieces atomically (temp file, then rename), holding one piece at a time. */
export async function writeChunksAtomic(
  path: string,
  chunks: AsyncIterable<string | Uint8Array>,
): Promise<void> {
  await assertReplaceable(path);
  await makeFolder(dirname(path));
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const out = createWriteStream(temp);
  // A write error (ENOSPC...) may come while no one waits on the stream: kept, and thrown at the next step.
  let failure: unknown;
  out.on('error', (error) => {
    failure ??= error;
  });
  const settled = (event: 'drain' | 'finish') =>
    failure !== undefined
      ? Promise.reject(failure)
      : new Promise<void>((resolve, reject) => {
          // Both listeners removed when either fires: a long write waits for 'drain' many times.
          const done = () => {
            out.off('error', fail);
            resolve();
          };
          const fail = (error: unknown) => {
            out.off(event, done);
            reject(error);
          };
          out.once(event, done);
          out.once('error', fail);
        });
  try {
    for await (const chunk of chunks) {
      if (failure !== undefined) throw failure;
      if (!out.write(chunk)) await settled('drain');
    }
    if (failure !== undefined) throw failure;
    out.end();
    await settled('finish');
    await rename(temp, path);
  } catch (error) {
    out.destroy();
    await rm(temp, { force: true });
    throw fsAssayError(error, path) ?? error;
  }
}
