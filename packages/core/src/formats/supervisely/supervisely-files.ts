import type { FormatIO } from '../format-io.js';
import { withoutBom } from '../format-io.js';
import { headText } from '../head-text.js';
import { baseName, dirName, extName, isImagePath, joinPath } from '../paths.js';
import type { SlyClass } from './supervisely-object.js';

/** How many annotation files detection looks into. */
const SNIFFED = 3;

/** The start of a Supervisely annotation: an object naming "objects" (tested on its first 64 KiB). */
const SLY_START = /^\uFEFF?\s*\{[\s\S]*"objects"\s*:/;

/** A parsed value is a Supervisely image annotation: `objects` a list and `size` an object (or absent). */
export function isSlyAnnotation(value: unknown): value is Record<string, unknown> & { objects: unknown[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return (
    Array.isArray(v.objects) &&
    (typeof v.size === 'object' || v.size === undefined) &&
    v.shapes === undefined &&
    v.images === undefined
  );
}

/** Whether a JSON file is a Supervisely annotation (`{"size": …, "objects": [...]}`), head first. */
export async function looksSly(file: string, io: FormatIO): Promise<boolean> {
  if (extName(file) !== '.json') return false;
  const head = await headText(file, io);
  if (!SLY_START.test(head) || !/"(size|classTitle)"\s*:/.test(head)) return false;
  try {
    return isSlyAnnotation(JSON.parse(withoutBom(await io.readText(file))));
  } catch {
    return false;
  }
}

/** A project's meta.json: its classes (title → shape and keypoint nodes) in order, or undefined. */
export async function readSlyMeta(
  dir: string,
  io: FormatIO,
): Promise<{ file: string; classes: Map<string, SlyClass> } | undefined> {
  const file = joinPath(dir, 'meta.json');
  if (!(await io.exists(file))) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(withoutBom(await io.readText(file)));
  } catch {
    return undefined;
  }
  const list = (value as Record<string, unknown> | null)?.classes;
  if (!Array.isArray(list)) return undefined;
  const classes = new Map<string, SlyClass>();
  for (const c of list) {
    if (typeof c !== 'object' || c === null) continue;
    const { title, shape, geometry_config: config } = c as Record<string, unknown>;
    if (typeof title !== 'string' || title === '') continue;
    const entry: SlyClass = typeof shape === 'string' ? { shape } : {};
    const nodes = (config as Record<string, unknown> | null | undefined)?.nodes;
    if (typeof nodes === 'object' && nodes !== null && !Array.isArray(nodes))
      entry.nodes = Object.entries(nodes).map(([id, n]) => {
        const label = (n as Record<string, unknown> | null)?.label;
        return { id, label: typeof label === 'string' && label !== '' ? label : id };
      });
    classes.set(title, entry);
  }
  return { file, classes };
}

/** The annotation files below `dir` that lie in an `ann/` folder (a dataset's), sorted. */
export async function annFilesBelow(dir: string, io: FormatIO): Promise<string[]> {
  if (baseName(dir) === 'ann')
    return (await io.listFiles(dir)).filter((f) => extName(f) === '.json').map((f) => joinPath(dir, f));
  return (await io.listFiles(dir, { recursive: true }))
    .filter((f) => extName(f) === '.json' && /(^|\/)ann\/[^/]+$/.test(f))
    .map((f) => joinPath(dir, f));
}

/**
 * Whether a folder is a Supervisely project, dataset or `ann/` folder: meta.json naming classes beside
 * datasets, or an `ann/` folder (itself, or a subfolder) whose first JSON files are annotations.
 */
export async function sniffSlyFolder(
  dir: string,
  io: FormatIO,
): Promise<{ meta: boolean; looked: number; sly: number } | undefined> {
  const meta = (await readSlyMeta(dir, io)) !== undefined;
  let ann: string[];
  if (meta) ann = await annFilesBelow(dir, io);
  else if (baseName(dir) === 'ann') ann = await annFilesBelow(dir, io);
  else if (await io.isDirectory(joinPath(dir, 'ann'))) ann = await annFilesBelow(joinPath(dir, 'ann'), io);
  else return undefined;
  const looked = ann.slice(0, SNIFFED);
  let sly = 0;
  for (const f of looked) if (await looksSly(f, io)) sly++;
  return { meta, looked: looked.length, sly };
}

/** Image extensions looked for in img/ when an annotation's name holds none (`a.json` for `img/a.png`). */
const IMAGE_EXTS = ['.jpg', '.jpeg', '.png', '.bmp', '.tif', '.tiff', '.webp', '.JPG', '.JPEG', '.PNG'];

/**
 * The image an annotation file is of: Supervisely names it `<image name>.json` in `<dataset>/ann/`, the
 * image being `<dataset>/img/<image name>`; a name without an image extension is looked for in img/ with
 * one. Only the file's own name is used, so the path never leaves the dataset's folder.
 */
export async function imageOfAnn(file: string, io: FormatIO, images?: string): Promise<string> {
  const name = baseName(file).replace(/\.json$/i, '');
  const dir =
    images ?? (baseName(dirName(file)) === 'ann' ? joinPath(dirName(dirName(file)), 'img') : dirName(file));
  if (isImagePath(name)) return joinPath(dir, name);
  for (const ext of IMAGE_EXTS)
    if (await io.exists(joinPath(dir, `${name}${ext}`))) return joinPath(dir, `${name}${ext}`);
  return joinPath(dir, name);
}
