/**
 * COCO file_names written on the machine that made the file (`C:\\data\\imgs\\sub\\a.jpg`,
 * `/home/x/ds/images/train/a.jpg`, `http://host/a.jpg`): no relative path, so read by the end of the
 * path that names a file under the images folder (`sub/a.jpg` before `a.jpg`), else by the file name.
 */
import type { FormatIO } from '../format-io.js';
import { baseName, toPosix } from '../paths.js';

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i;

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The path of an absolute file_name or URL (with forward slashes, a URL's host and query left out); else undefined. */
export function foreignPath(fileName: string): { path: string; absolute: boolean } | undefined {
  const text = toPosix(fileName.trim());
  if (text.startsWith('/') || /^[a-zA-Z]:\//.test(text)) return { path: text, absolute: true };
  if (!SCHEME.test(text)) return undefined;
  return { path: decoded(text.replace(SCHEME, '').replace(/[?#].*$/, '')), absolute: false };
}

/** The files under the images folder by file name: file name → their paths relative to it. */
export type FilesByName = ReadonlyMap<string, readonly string[]>;

/**
 * The files under `root` by file name, for a COCO file whose `fileName` (its first, or first foreign) is
 * absolute or a URL; undefined when it is not, or the folder cannot be listed (names are then read as
 * file names, as before).
 */
export async function filesByName(
  io: FormatIO,
  root: string,
  fileName: string | undefined,
): Promise<FilesByName | undefined> {
  if (fileName === undefined || foreignPath(fileName) === undefined) return undefined;
  let files: string[];
  try {
    files = await io.listFiles(root, { recursive: true });
  } catch {
    return undefined;
  }
  const out = new Map<string, string[]>();
  for (const file of files) {
    const name = baseName(file);
    const list = out.get(name);
    if (list) list.push(file);
    else out.set(name, [file]);
  }
  return out;
}

/** How many trailing path segments `a` and `b` share. */
function sharedTail(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

/**
 * The file under the images folder a foreign path names: of the files of its file name, the one sharing
 * the longest end of the path (`/home/x/ds/images/train/a.jpg` → `train/a.jpg` before `val/a.jpg`).
 * `ambiguous` when several share that longest end; undefined when no file has its name.
 */
export function matchForeign(
  files: FilesByName,
  path: string,
): { file: string } | { ambiguous: readonly string[] } | undefined {
  const parts = path.split('/').filter((p) => p.length > 0);
  const candidates = files.get(parts[parts.length - 1] ?? '');
  if (!candidates) return undefined;
  let best: string[] = [];
  let bestShared = 0;
  for (const candidate of candidates) {
    const shared = sharedTail(parts, candidate.split('/'));
    if (shared > bestShared) {
      best = [candidate];
      bestShared = shared;
    } else if (shared === bestShared) best.push(candidate);
  }
  return best.length === 1 ? { file: best[0] as string } : { ambiguous: best };
}
