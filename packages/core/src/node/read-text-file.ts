import { isAscii } from 'node:buffer';
import { open, readFile, stat } from 'node:fs/promises';
import { AssayError } from '../errors.js';
import { withoutBom } from '../formats/format-io.js';
import { fsAssayError } from '../fs-error.js';
import { describeKind } from './real-path.js';

/**
 * Reads a whole text file a user named (plan, results, ratings, labels...): only a regular file (a
 * FIFO blocks, /dev/zero never ends), as UTF-8 without a leading byte-order mark (many Windows tools
 * write one). Errors name the file: `what` says which ("plan file"), and the hint what to do.
 */
export async function readTextFile(path: string, what?: string): Promise<string> {
  return decodeText(await readFileBytes(path, what));
}

/** The text of a file's bytes as readTextFile gives it (UTF-8, without a leading byte-order mark). */
export function decodeText(bytes: Buffer): string {
  // Plain ASCII (the usual JSON) is the same text read as latin1, which is a copy, not a decode.
  return isAscii(bytes) ? bytes.toString('latin1') : withoutBom(bytes.toString('utf8'));
}

/**
 * The bytes of a file a user named, with readTextFile's checks and errors (only a regular file).
 * `into(size)` may give the buffer to read them into (exactly `size` bytes: e.g. a kernel's memory,
 * so that they are not copied there); a file whose size changed since its stat is read as without.
 */
export async function readFileBytes(
  path: string,
  what?: string,
  into?: (size: number) => Buffer | undefined,
): Promise<Buffer> {
  const named = what === undefined ? path : `the ${what} ${path}`;
  try {
    const stats = await stat(path);
    if (!stats.isFile()) {
      throw new AssayError(
        'INVALID_INPUT',
        `Cannot read ${named}: it is ${describeKind(stats)}, not a regular file.`,
        {
          hint: 'Give the path of a regular file (Assay does not read devices, pipes or sockets).',
          details: { path },
        },
      );
    }
    const target = into?.(stats.size);
    if (target !== undefined && (await readWhole(path, target))) return target;
    return await readFile(path);
  } catch (error) {
    if (error instanceof AssayError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new AssayError('NOT_FOUND', `Cannot read ${named}: it does not exist.`, {
        hint: 'Check the path.',
        details: { path },
        cause: error,
      });
    }
    throw fsAssayError(error, path) ?? error;
  }
}

/** Reads the file into `target` (one read as a rule): true when the file has exactly its length. */
async function readWhole(path: string, target: Buffer): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    let at = 0;
    while (at < target.length) {
      const { bytesRead } = await file.read(target, at, target.length - at, at);
      if (bytesRead === 0) return false;
      at += bytesRead;
    }
    return (await file.read(Buffer.alloc(1), 0, 1, at)).bytesRead === 0;
  } finally {
    await file.close();
  }
}
