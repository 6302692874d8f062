import { AssayError } from '../../errors.js';
import type { Annotation } from '../../model/annotation.js';
import type { ClassDef } from '../../model/class-def.js';
import type { Sample } from '../../model/sample.js';
import { counted } from '../counted.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { withoutBom } from '../format-io.js';
import { headText } from '../head-text.js';
import { SPLIT_FOLDERS } from '../merge-split-reads.js';
import {
  baseName,
  dirName,
  extName,
  isImagePath,
  joinPath,
  normalizePath,
  relativeInside,
  stripExt,
  toPosix,
} from '../paths.js';
import { ProblemList } from '../problems.js';

/** A line `<image path> <class index>` (the path may hold spaces; the index is the last word). */
const LINE = /^(.*\S)\s+(-?\d+)\s*$/;

/** How many first lines detection looks at. */
const SNIFFED = 20;

/** Whether a .txt starts with `<image path> <class index>` lines (mmpretrain, Caffe, Datumaro's imagenet_txt). */
export async function looksImageList(file: string, io: FormatIO): Promise<boolean> {
  if (extName(file) !== '.txt') return false;
  const lines = withoutBom(await headText(file, io, 8192))
    .split(/\r?\n/)
    .slice(0, SNIFFED)
    .filter((l) => l.trim() !== '');
  // The last line of the head may be cut short.
  const whole = lines.length > 1 ? lines.slice(0, -1) : lines;
  return (
    whole.length > 0 &&
    whole.every((l) => {
      const m = LINE.exec(l);
      return m !== null && isImagePath((m[1] as string).trim());
    })
  );
}

/** The folder two absolute folders share. */
function commonFolder(a: string, b: string): string {
  const x = a.split('/');
  const y = b.split('/');
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return x.slice(0, i).join('/') || '/';
}

/** Files naming the classes in index order, looked for beside the list and in ../meta/ and ../. */
const CLASS_FILES = ['classes.txt', 'synsets.txt', 'labels.txt', 'class_names.txt'];

async function classNamesFor(file: string, io: FormatIO): Promise<{ names: string[]; from?: string }> {
  const dirs = [dirName(file), joinPath(dirName(file), 'meta'), dirName(dirName(file))];
  for (const d of dirs)
    for (const c of CLASS_FILES) {
      const path = joinPath(d, c);
      if (path === file || !(await io.exists(path))) continue;
      const names = withoutBom(await io.readText(path))
        .split(/\r?\n/)
        .map((s) => s.trim())
        .filter((s) => s !== '')
        // An ImageNet synset line `n01440764 tench, Tinca tinca`: the words after the id.
        .map((s) => s.replace(/^n\d{8}\s+/, ''));
      return { names, from: path };
    }
  return { names: [] };
}

/** The lists `path` names: a .txt, or the train/val/test .txt files of a folder (or of its meta/). */
export async function locateImageList(path: string, io: FormatIO): Promise<string[] | undefined> {
  if (!(await io.isDirectory(path))) return (await looksImageList(path, io)) ? [path] : undefined;
  for (const dir of [path, joinPath(path, 'meta')]) {
    if (!(await io.isDirectory(dir))) continue;
    const lists: string[] = [];
    for (const f of await io.listFiles(dir))
      if (SPLIT_FOLDERS.has(stripExt(f).toLowerCase()) && (await looksImageList(joinPath(dir, f), io)))
        lists.push(joinPath(dir, f));
    if (lists.length > 0) return lists;
  }
  return undefined;
}

/**
 * Where a list's image paths are relative to: the list's folder, its images/, the folder above (mmpretrain's
 * meta/train.txt naming train/…), or that folder's <split>/ — the first where the list's first image is.
 */
async function rootFor(file: string, first: string | undefined, io: FormatIO): Promise<string> {
  const dir = dirName(file);
  const split = stripExt(baseName(file));
  const up = dirName(dir);
  const candidates = [
    dir,
    joinPath(dir, 'images'),
    joinPath(dir, split),
    up,
    joinPath(up, split),
    joinPath(up, 'images'),
  ];
  if (first !== undefined) for (const c of candidates) if (await io.exists(joinPath(c, first))) return c;
  return dir;
}

/**
 * Reads image lists of `<image path> <class index>` lines (mmpretrain/mmcls annotation files, Caffe's
 * train.txt, Datumaro's and CVAT's ImageNet-txt): one image-level class per image, the index naming a
 * line of classes.txt / synsets.txt / labels.txt (beside the list, in meta/, or above), else the index
 * itself. A folder's train/val/test lists are read with their splits. Keys are relative to the folder
 * the first image is found in (see rootFor), the same for every list of a folder when --images is not
 * given.
 */
export async function readImageList(input: ReadInput): Promise<ReadResult> {
  const { io } = input;
  const files = await locateImageList(input.path, io);
  if (!files)
    throw new AssayError(
      'INVALID_INPUT',
      `${input.path} is not an image list: its lines are not "<image path> <class index>".`,
      {
        hint: 'An image list has one "<image path> <class index>" per line (mmpretrain, Caffe); name the .txt or the folder holding train.txt/val.txt.',
        details: { file: input.path },
      },
    );
  const problems = new ProblemList();
  const classes = new Map<string, ClassDef>();
  const samples = new Map<string, Sample>();
  const annotations: Annotation[] = [];
  // Each list's own root (mmpretrain keeps train/ and val/ apart); keys are relative to their common folder.
  const texts = new Map<string, string[]>();
  const roots = new Map<string, string>();
  for (const file of files) {
    const lines = withoutBom(await io.readText(file)).split(/\r?\n/);
    texts.set(file, lines);
    const firstPath = lines.map((l) => LINE.exec(l)?.[1]).find((p) => p !== undefined);
    roots.set(
      file,
      input.images ??
        (await rootFor(file, firstPath === undefined ? undefined : toPosix(firstPath.trim()), io)),
    );
  }
  const imagesRoot = input.images ?? [...roots.values()].reduce(commonFolder);
  let namedFrom: string | undefined;
  for (const file of files) {
    input.signal?.throwIfAborted();
    const lines = texts.get(file) as string[];
    const fileRoot = roots.get(file) as string;
    const { names, from } = await classNamesFor(file, io);
    namedFrom ??= from;
    for (const n of names) if (!classes.has(n)) classes.set(n, { name: n });
    const splitName = SPLIT_FOLDERS.get(stripExt(baseName(file)).toLowerCase());
    for (const [i, line] of lines.entries()) {
      if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
      const m = LINE.exec(line);
      if (!m) {
        problems.skip(file, `line ${i + 1}`, `not "<image path> <class index>": ${line.slice(0, 80)}`);
        continue;
      }
      const index = Number(m[2]);
      const rel = toPosix((m[1] as string).trim());
      const key = relativeInside(imagesRoot, normalizePath(joinPath(fileRoot, rel)));
      if (key === undefined || key === '') {
        problems.skip(file, `line ${i + 1}`, `image path "${rel.slice(0, 80)}" leaves ${imagesRoot}`);
        continue;
      }
      if (index < 0) {
        // Datumaro writes -1 (and CVAT an index past the list) for an image without a class.
        if (!samples.has(key))
          samples.set(key, { key, kind: 'image', ...(splitName ? { split: splitName } : {}) });
        continue;
      }
      if (names.length > 0 && index >= names.length) {
        problems.skip(
          file,
          `line ${i + 1}`,
          `class index ${index} is past the ${names.length} classes of ${from}`,
        );
        continue;
      }
      const label = names[index] ?? String(index);
      if (!classes.has(label)) classes.set(label, { name: label });
      if (!samples.has(key))
        samples.set(key, { key, kind: 'image', ...(splitName ? { split: splitName } : {}) });
      annotations.push({ sample: key, source: input.source, kind: 'classification', label });
    }
  }
  return {
    classes: [...classes.values()],
    samples: [...samples.values()],
    annotations,
    imagesRoot,
    problems: problems.items,
    notes: [
      `${counted(files.length, 'list')}, ${counted(samples.size, 'image')}, ${counted(classes.size, 'class', 'classes')} (${namedFrom ? `names from ${baseName(namedFrom)}` : 'no classes.txt: the indices are the names'})`,
    ],
  };
}
