import { isUtf8 } from 'node:buffer';
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { AssayError } from '../errors.js';
import { toPosix } from '../formats/paths.js';

/** A file name's bytes with everything but printable ASCII as \xNN, for messages. */
function printable(name: Buffer): string {
  let out = '';
  for (const byte of name)
    out +=
      byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`;
  return out;
}

/**
 * Refuses a folder holding a name that is not UTF-8: Node reads it with U+FFFD in place of the bytes,
 * a path that then names nothing (ENOENT further on, or a silently lost file).
 */
async function assertUtf8Names(dir: string): Promise<void> {
  const raw = await readdir(dir, { encoding: 'buffer' });
  const bad = raw.find((name) => !isUtf8(name));
  if (bad === undefined) return;
  throw new AssayError('INVALID_INPUT', `${join(dir, printable(bad))} has a name that is not UTF-8 text.`, {
    hint: 'Rename it (and any like it) with UTF-8 characters, for example with `convmv -f latin1 -t utf8 -r --notest <folder>`; Assay reads UTF-8 file names only.',
    details: { folder: dir, name: printable(bad) },
  });
}

/** Regular files (not folders or links) below `root`, as sorted paths relative to it with forward slashes. */
export async function listFiles(root: string, recursive: boolean): Promise<string[]> {
  const out: string[] = [];
  const folders = [root];
  for (let dir = folders.pop(); dir !== undefined; dir = folders.pop()) {
    const entries = await readdir(dir, { withFileTypes: true });
    if (entries.some((e) => e.name.includes('\uFFFD'))) await assertUtf8Names(dir);
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isFile()) out.push(toPosix(relative(root, path)));
      else if (recursive && entry.isDirectory()) folders.push(path);
    }
  }
  return out.sort();
}
