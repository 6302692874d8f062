import type { FormatIO } from '../format-io.js';
import { headText } from '../head-text.js';
import { baseName, dirName, extName, joinPath } from '../paths.js';

/**
 * The start of a Datumaro annotation file: an object whose `categories` is an object (COCO's is a list)
 * beside `items`, or that names `dm_format_version` (tested on its first 64 KiB; Datumaro writes
 * dm_format_version, media_type, infos, categories, then items).
 */
export function startsLikeDatumaro(head: string): boolean {
  if (!/^\uFEFF?\s*\{/.test(head)) return false;
  if (/"dm_format_version"\s*:/.test(head)) return true;
  return /"categories"\s*:\s*\{/.test(head) && /"items"\s*:\s*\[/.test(head);
}

/** Whether a JSON file starts as Datumaro's do. */
export async function looksDatumaro(file: string, io: FormatIO): Promise<boolean> {
  return extName(file) === '.json' && startsLikeDatumaro(await headText(file, io));
}

/**
 * Where a Datumaro dataset named by `path` is: its root (holding annotations/ and images/) and its
 * annotation files, one per subset. `path` is the root, its annotations/ folder, or one file there.
 */
export async function locateDatumaro(
  path: string,
  io: FormatIO,
): Promise<{ root: string; files: string[] } | undefined> {
  if (!(await io.isDirectory(path))) {
    if (!(await looksDatumaro(path, io))) return undefined;
    const dir = dirName(path);
    return { root: baseName(dir) === 'annotations' ? dirName(dir) : dir, files: [path] };
  }
  const annotations = baseName(path) === 'annotations' ? path : joinPath(path, 'annotations');
  if (!(await io.isDirectory(annotations))) return undefined;
  const files: string[] = [];
  for (const f of await io.listFiles(annotations))
    if (await looksDatumaro(joinPath(annotations, f), io)) files.push(joinPath(annotations, f));
  return files.length === 0 ? undefined : { root: dirName(annotations), files };
}
