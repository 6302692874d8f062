import type { FormatIO } from '../format-io.js';
import { headText } from '../head-text.js';
import { baseName, dirName, extName, joinPath } from '../paths.js';

/** What an Open Images CSV holds, from its header. */
export type OiRole = 'boxes' | 'labels' | 'masks' | 'classes';

export interface OiFile {
  path: string;
  role: OiRole;
  /** The subset its name (or FiftyOne's `<split>/labels/` folder) says: train, validation, test; or ''. */
  subset: string;
}

/** The header's cells, lower-cased and trimmed. */
function headerOf(head: string): string[] {
  return (head.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase());
}

/** The role of a CSV by its header (and, for the headerless class descriptions, its name). */
export function oiRole(head: string, name: string): OiRole | undefined {
  const h = headerOf(head);
  if (/class-descriptions|^classes\.csv$/i.test(name)) return 'classes';
  if (!h.includes('imageid') || !h.includes('labelname')) return undefined;
  if (h.includes('maskpath')) return 'masks';
  if (['xmin', 'xmax', 'ymin', 'ymax'].every((c) => h.includes(c))) return 'boxes';
  if (h.includes('confidence')) return 'labels';
  return undefined;
}

const SUBSETS = ['train', 'validation', 'test'];

/** The subset a file's name says (`oidv6-train-annotations-bbox.csv`, `validation-…`), or its folder's. */
function subsetOf(file: string): string {
  const name = baseName(file).toLowerCase();
  for (const s of SUBSETS) if (new RegExp(`(^|[-_])${s}[-_]`).test(name)) return s;
  // FiftyOne's Open Images export: <split>/labels/detections.csv.
  if (baseName(dirName(file)) === 'labels') return baseName(dirName(dirName(file)));
  return '';
}

/** Folders looked into for the CSVs: the one named, its annotations/, and FiftyOne's <split>/labels/, <split>/metadata/. */
async function candidateFiles(dir: string, io: FormatIO): Promise<string[]> {
  const out: string[] = [];
  const add = async (d: string) => {
    if (!(await io.isDirectory(d))) return;
    for (const f of await io.listFiles(d)) if (extName(f) === '.csv') out.push(joinPath(d, f));
  };
  await add(dir);
  await add(joinPath(dir, 'annotations'));
  for (const s of SUBSETS) {
    await add(joinPath(dir, s, 'labels'));
    await add(joinPath(dir, s, 'metadata'));
  }
  return out;
}

/**
 * The Open Images files `path` names: a box or image-label CSV, or a folder holding them (or its
 * annotations/, or FiftyOne's split folders), with the class descriptions found beside them. Undefined
 * when there is no box, image-label or segmentation CSV.
 */
export async function locateOpenImages(
  path: string,
  io: FormatIO,
): Promise<{ root: string; files: OiFile[] } | undefined> {
  const folder = await io.isDirectory(path);
  if (!folder && extName(path) !== '.csv') return undefined;
  const files: OiFile[] = [];
  const classify = async (file: string) => {
    const role = oiRole(await headText(file, io, 4096), baseName(file));
    if (role) files.push({ path: file, role, subset: subsetOf(file) });
  };
  if (folder) for (const f of await candidateFiles(path, io)) await classify(f);
  else {
    await classify(path);
    if (files.length === 0 || files[0]?.role === 'classes') return undefined;
    // The class descriptions beside the file.
    for (const f of await io.listFiles(dirName(path)))
      if (extName(f) === '.csv' && /class-descriptions/i.test(f))
        files.push({ path: joinPath(dirName(path), f), role: 'classes', subset: '' });
  }
  if (!files.some((f) => f.role !== 'classes')) return undefined;
  const at = folder ? path : dirName(path);
  const root = baseName(at) === 'annotations' ? dirName(at) : at;
  return { root, files };
}
