import { AssayError } from '../../errors.js';
import type { FormatIO } from '../format-io.js';
import { SPLIT_FOLDERS } from '../merge-split-reads.js';
import { baseName, dirName, extName, joinPath, stripExt } from '../paths.js';
import { toSampleKey } from '../sample-key.js';

/** File name write() gives the instances file, and the first one read() looks for in a folder. */
export const COCO_INSTANCES_FILE = 'annotations.json';
/** Split name of `instances_default.json` (Datumaro's name for "no subset"): read as no split. */
export const COCO_DEFAULT_SPLIT = 'default';

/** A COCO file to read, and the split its name gives (`instances_<split>.json`), if several are read. */
export interface CocoFile {
  file: string;
  split?: string;
}

const TASK_FILE = /^(?:instances|person_keypoints|image_info|stuff|labels|captions)_(.+)\.json$/i;

const SPLIT_FILE = /^(instances|person_keypoints)_(.+)\.json$/i;

/**
 * The COCO files of a root whose split folders each hold one (Roboflow's COCO export:
 * `<split>/_annotations.coco.json` beside that split's images), each read with its folder's split.
 */
async function splitFolderFiles(path: string, io: FormatIO): Promise<CocoFile[]> {
  const out: CocoFile[] = [];
  for (const [folder, split] of SPLIT_FOLDERS) {
    const dir = joinPath(path, folder);
    if (!(await io.isDirectory(dir))) continue;
    for (const name of (await io.listFiles(dir)).sort()) {
      if (/\.coco\.json$/i.test(name) || name === COCO_INSTANCES_FILE)
        out.push({ file: joinPath(dir, name), split });
    }
  }
  return out;
}

/**
 * The COCO files a path names: the file itself; in a folder `annotations.json`; else the
 * `instances_<split>.json` (or Roboflow's `*.coco.json`) files of the folder and its `annotations/` subfolder, each read with its
 * split (`default` = none), or when there are none the `person_keypoints_<split>.json` files, or when
 * there are none either the files of its split folders (`train/`, `valid/`...: see splitFolderFiles). `notes`
 * gets the other task files left out (captions, labels, keypoints beside instances...).
 */
export async function findCocoFiles(path: string, io: FormatIO, notes: string[]): Promise<CocoFile[]> {
  if (!(await io.isDirectory(path))) return [{ file: path }];
  const direct = joinPath(path, COCO_INSTANCES_FILE);
  if (await io.exists(direct)) return [{ file: direct }];
  const byTask = new Map<string, CocoFile[]>();
  const others: string[] = [];
  const otherFiles: string[] = [];
  for (const dir of [path, joinPath(path, 'annotations')]) {
    if (!(await io.isDirectory(dir))) continue;
    for (const name of (await io.listFiles(dir)).sort()) {
      const m = SPLIT_FILE.exec(name);
      // `instances_val2014_fakebbox100_results.json` is a results list, not a split.
      if (m?.[1] && m[2] && !/results$/i.test(m[2])) {
        const task = m[1].toLowerCase();
        const split = m[2] === COCO_DEFAULT_SPLIT ? undefined : m[2];
        byTask.set(task, [
          ...(byTask.get(task) ?? []),
          { file: joinPath(dir, name), ...(split ? { split } : {}) },
        ]);
      } else if (/\.coco\.json$/i.test(name)) {
        // Roboflow's COCO export puts `_annotations.coco.json` in each split folder beside the images.
        byTask.set('instances', [...(byTask.get('instances') ?? []), { file: joinPath(dir, name) }]);
      } else if (TASK_FILE.test(name)) {
        others.push(name);
        otherFiles.push(joinPath(dir, name));
      }
    }
  }
  const task = byTask.has('instances') ? 'instances' : 'person_keypoints';
  const all = byTask.get(task) ?? [];
  // One file alone is read as it is (no split from its name), as before splits were read; with none
  // at the top, the split folders' files, each with its folder's split.
  const found = all.length === 1 ? [{ file: (all[0] as CocoFile).file }] : all;
  if (found.length === 0 && others.length === 0) found.push(...(await splitFolderFiles(path, io)));
  if (found.length === 0 && otherFiles.length > 0) {
    throw new AssayError(
      'NOT_FOUND',
      `No COCO instances or keypoints file in ${path}; it holds other COCO task files: ${others.join(', ')}.`,
      { hint: `Import one by its path: assay import coco ${otherFiles[0]}` },
    );
  }
  if (found.length === 0) {
    throw new AssayError('NOT_FOUND', `No COCO annotation file in ${path}.`, {
      hint: `Name the JSON file itself, or put it in the folder as ${COCO_INSTANCES_FILE}.`,
    });
  }
  const splits = found.map((f) => f.split ?? COCO_DEFAULT_SPLIT);
  if (new Set(splits).size < splits.length) {
    throw new AssayError('USAGE', `${path} holds several COCO files for one split; which one?`, {
      hint: `Import one file at a time: ${found.map((f) => baseName(f.file)).join(', ')}.`,
      details: { files: found.map((f) => f.file) },
    });
  }
  const skipped = [
    ...others,
    ...[...byTask].filter(([t]) => t !== task).flatMap(([, fs]) => fs.map((f) => baseName(f.file))),
  ];
  if (skipped.length > 0)
    notes.push(
      `read the ${task} files; not read: ${skipped.join(', ')} (import a file by its path to read it)`,
    );
  return found;
}

/** Bytes of the file's head searched for a first `file_name`. */
const PEEK_BYTES = 256 * 1024;

/** Bytes of a file's head searched for a first `file_name`. */
export const HEAD_BYTES = PEEK_BYTES;

/** The first `file_name` in a file's head (text), as written; undefined when the head holds none. */
export function fileNameInHead(head: string): string | undefined {
  const literal = /"file_name"\s*:\s*("(?:[^"\\]|\\.)*")/.exec(head)?.[1];
  if (literal === undefined) return undefined;
  try {
    const name: unknown = JSON.parse(literal);
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

/** The first image's `file_name` as written, when the file's head holds one (else undefined). */
async function headFileName(jsonPath: string, io: FormatIO): Promise<string | undefined> {
  let head = '';
  try {
    for await (const chunk of io.readChunks(jsonPath, PEEK_BYTES)) {
      head = new TextDecoder().decode(chunk);
      break;
    }
  } catch {
    return undefined;
  }
  return fileNameInHead(head);
}

/** The first image's `file_name` as a sample key, when the file's head holds one (else undefined). */
async function firstFileName(jsonPath: string, io: FormatIO): Promise<string | undefined> {
  const name = await headFileName(jsonPath, io);
  if (name === undefined) return undefined;
  const key = toSampleKey(name);
  return 'key' in key ? key.key : undefined;
}

/**
 * The images folder when the user names none, first that exists of:
 *  1. `<json folder>/images` (what write() produces);
 *  2. for `<root>/annotations/<task>_<subset>.json` (the official COCO layout):
 *     `<root>/images/<subset>`, `<root>/<subset>`, `<root>/images`;
 *  3. the JSON's own folder.
 * When that is not the JSON's own folder and the first image's file_name is not found in it, the first of
 * these folders (the official layout's root too) or the JSON's folder that holds it is the root:
 * file_names that already start with `images/` are relative to the JSON's folder, not to its images/
 * (issue 10: every image was "missing" at scan).
 */
export async function defaultImagesRoot(jsonPath: string, io: FormatIO): Promise<string> {
  const dir = dirName(jsonPath);
  const candidates = [joinPath(dir, 'images')];
  const name = baseName(jsonPath);
  if (baseName(dir) === 'annotations' && extName(name) === '.json') {
    const root = dirName(dir);
    const subset = TASK_FILE.exec(name)?.[1] ?? stripExt(name);
    candidates.push(joinPath(root, 'images', subset), joinPath(root, subset), joinPath(root, 'images'), root);
  }
  let chosen = dir;
  for (const candidate of candidates) {
    if (candidate !== dirName(dir) && (await io.isDirectory(candidate))) {
      chosen = candidate;
      break;
    }
  }
  // Only a folder other than the JSON's own can be wrong: then the first file_name is looked up.
  const first = chosen === dir ? undefined : await firstFileName(jsonPath, io);
  if (first !== undefined && !(await io.exists(joinPath(chosen, first)))) {
    for (const candidate of [...candidates, dir])
      if (await io.exists(joinPath(candidate, first))) return candidate;
  }
  return chosen;
}
