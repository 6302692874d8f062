import { AssayError } from '../../errors.js';
import { counted } from '../counted.js';
import { dirName, isImagePath, joinPath, relativeInside } from '../paths.js';
import { previewJson } from '../preview-json.js';
import { toSampleKey } from '../sample-key.js';
import {
  commonDir,
  type FileIndex,
  findLabel,
  joinIfRelative,
  type LayoutContext,
  type YoloClassName,
  type YoloEntry,
  type YoloLayout,
} from './yolo-layout.js';

/** data.yaml keys that are not splits. */
const NOT_SPLITS = new Set([
  'path',
  'names',
  'nc',
  'kpt_shape',
  'flip_idx',
  'download',
  'yaml_file',
  'channels',
  'labels_dirname',
]);

/** Largest data.yaml read (class names for ImageNet-21k take ~0.5 MB); the YAML parser is slow on more. */
export const MAX_DATA_YAML_BYTES = 1024 * 1024;

async function readYamlDoc(text: string, file: string): Promise<Record<string, unknown>> {
  if (text.length > MAX_DATA_YAML_BYTES) {
    throw new AssayError(
      'UNSUPPORTED',
      `${file} is ${(text.length / 1024 / 1024).toFixed(1)} MB; a data.yaml of more than 1 MB is not read.`,
      {
        hint: 'A data.yaml holds the split folders and class names only; check that this is the right file.',
      },
    );
  }
  // yaml (and zod, below) are loaded when a data.yaml is read, not by every `import auto`
  const { parse: parseYaml, YAMLParseError } = await import('yaml');
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    const at = error instanceof YAMLParseError && error.linePos ? ` at line ${error.linePos[0].line}` : '';
    throw new AssayError('PARSE_ERROR', `${file} is not valid YAML${at}.`, {
      hint: 'Fix the YAML syntax (indentation, quotes) of the data.yaml file.',
      cause: error,
    });
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new AssayError('PARSE_ERROR', `${file} is not a YAML mapping (expected keys train, val, names).`, {
      hint: 'A YOLO data.yaml holds `names:` and the split folders `train:` / `val:`.',
    });
  }
  return doc as Record<string, unknown>;
}

/** `names` as a list or an {id: name} map; `nc` alone gives class_0..class_{nc-1}, as Ultralytics does. */
export function yamlNames(names: unknown, nc: unknown, file: string): YoloClassName[] {
  if (Array.isArray(names)) return names.map((name, id) => ({ id, name: String(name) }));
  if (names && typeof names === 'object') {
    return Object.entries(names).map(([key, name]) => {
      if (!/^\d+$/.test(key)) {
        throw new AssayError('INVALID_INPUT', `${file}: class id "${key}" in names is not an integer.`, {
          hint: 'Write names as a list or as a map of integer ids to names (0: person).',
        });
      }
      return { id: Number(key), name: String(name) };
    });
  }
  if (typeof nc === 'number' && Number.isInteger(nc) && nc > 0) {
    return Array.from({ length: nc }, (_, id) => ({ id, name: `class_${id}` }));
  }
  throw new AssayError('INVALID_INPUT', `${file} has no class names (neither names nor nc).`, {
    hint: 'Add `names:` with one name per class id.',
  });
}

function yamlKptShape(value: unknown, file: string): [number, number] | undefined {
  if (value === undefined || value === null) return undefined;
  const [k, d] = Array.isArray(value) ? value : [];
  if (Number.isInteger(k) && k > 0 && (d === 2 || d === 3)) return [k, d];
  throw new AssayError('INVALID_INPUT', `${file}: kpt_shape ${previewJson(value)} is not [K, 2] or [K, 3].`, {
    hint: 'kpt_shape gives the number of keypoints and the values per keypoint (x, y[, visibility]).',
  });
}

function splitSpecs(doc: Record<string, unknown>): { name: string; values: string[] }[] {
  const out: { name: string; values: string[] }[] = [];
  for (const [name, value] of Object.entries(doc)) {
    if (NOT_SPLITS.has(name)) continue;
    const values = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
    const strings = values.filter((v): v is string => typeof v === 'string' && v.length > 0);
    if (strings.length > 0) out.push({ name, values: strings });
  }
  return out;
}

/**
 * A split path from data.yaml, relative to the root. Like Ultralytics, `../x` that does not exist is
 * retried as `x` (Roboflow exports write `train: ../train/images` beside the yaml).
 */
async function splitTarget(ctx: LayoutContext, root: string, value: string): Promise<string | undefined> {
  const target = joinIfRelative(root, value);
  if (await ctx.io.exists(target)) return target;
  const retry = value.startsWith('../') ? joinIfRelative(root, value.slice(3)) : undefined;
  return retry && (await ctx.io.exists(retry)) ? retry : undefined;
}

/** data.yaml `path`, relative to the yaml's folder; the yaml's folder when absent or not found. */
async function resolveRoot(
  ctx: LayoutContext,
  path: unknown,
  yamlDir: string,
  splits: string[],
): Promise<string> {
  const candidates = typeof path === 'string' && path.length > 0 ? [joinIfRelative(yamlDir, path)] : [];
  for (const root of candidates) {
    if (!(await ctx.io.isDirectory(root))) continue;
    for (const split of splits) if (await splitTarget(ctx, root, split)) return root;
  }
  return yamlDir;
}

/** True when the bytes hold a NUL or are not UTF-8: an image or archive, never a list of paths. */
export function isBinary(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return true;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // A head cut inside a multi-byte character is still text: try without its last 1..3 bytes.
  const cuts = bytes.length > head.length ? Math.min(3, head.length) : 0;
  for (let cut = 0; cut <= cuts; cut++) {
    try {
      decoder.decode(head.subarray(0, head.length - cut));
      return false;
    } catch {
      // not valid UTF-8 with this cut; try a shorter head
    }
  }
  return true;
}

/** Images listed one per line in a .txt: `./x` and relative paths from the list's folder, then the root. */
export async function listedImages(ctx: LayoutContext, list: string, bases: string[]): Promise<string[]> {
  const bytes = await ctx.io.readBytes(list);
  if (isBinary(bytes)) {
    ctx.problems.skip(
      list,
      undefined,
      `${list} is named as a list of image paths but holds binary data (not text)`,
      'A split in data.yaml is a folder of images, an image file, a .txt file listing image paths, or a list of these.',
    );
    return [];
  }
  const lines = new TextDecoder()
    .decode(bytes)
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/);
  const out: string[] = [];
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line.length === 0 || line.startsWith('#')) continue;
    const checked = toSampleKey(line);
    if ('refused' in checked) {
      ctx.problems.skip(
        list,
        `line ${i + 1}`,
        checked.refused,
        'List images relative to the dataset folder.',
      );
      continue;
    }
    out.push(await firstExisting(ctx.files, bases, checked.key));
  }
  return out;
}

/** CVAT/darknet lists start paths with `data/` (the archive root): drop it when that is what exists. */
export async function firstExisting(files: FileIndex, bases: string[], key: string): Promise<string> {
  const tails = key.startsWith('data/') ? [key, key.slice(5)] : [key];
  const candidates = tails.flatMap((tail) => bases.map((base) => joinPath(base, tail)));
  for (const candidate of candidates) if (await files.has(candidate)) return candidate;
  return candidates[0] ?? key;
}

async function folderEntries(
  ctx: LayoutContext,
  dir: string,
  split: string,
  labelsDir: string,
): Promise<YoloEntry[]> {
  const images = (await ctx.io.listFiles(dir, { recursive: true })).filter(isImagePath);
  const entries: YoloEntry[] = [];
  const used = new Set<string>();
  for (const rel of images) {
    const image = joinPath(dir, rel);
    const label = await findLabel(image, ctx.files, labelsDir);
    if (label) used.add(label);
    entries.push({ image, split, ...(label ? { label } : {}) });
  }
  const parts = dir.split('/');
  const at = parts.lastIndexOf('images');
  if (at >= 0) {
    parts[at] = labelsDir;
    const labelsFolder = parts.join('/');
    if (await ctx.io.isDirectory(labelsFolder)) {
      for (const rel of await ctx.io.listFiles(labelsFolder, { recursive: true })) {
        const label = joinPath(labelsFolder, rel);
        if (rel.endsWith('.txt') && !used.has(label)) entries.push({ label, split });
      }
    }
  }
  return entries;
}

/** Where a split's images and labels are, as data.yaml says. */
interface SplitPlace {
  file: string;
  root: string;
  /** The folder name that replaces `images` in an image path to give its label's (`labels_dirname`). */
  labelsDir: string;
}

async function splitEntries(
  ctx: LayoutContext,
  { file, root, labelsDir }: SplitPlace,
  split: string,
  value: string,
  imageDirs: string[],
): Promise<YoloEntry[]> {
  const target = await splitTarget(ctx, root, value);
  if (target === undefined) {
    const where = joinIfRelative(root, value);
    ctx.problems.warn(
      file,
      `${split}: ${value}`,
      `the ${split} split (${where}) does not exist`,
      'Fix the path in data.yaml.',
    );
    return [];
  }
  if (await ctx.io.isDirectory(target)) {
    imageDirs.push(target);
    return folderEntries(ctx, target, split, labelsDir);
  }
  // A split may list image files itself (`train: [images/a.jpg, images/b.jpg]`).
  const images = isImagePath(target) ? [target] : await listedImages(ctx, target, [dirName(target), root]);
  const entries: YoloEntry[] = [];
  for (const image of images) {
    const label = await findLabel(image, ctx.files, labelsDir);
    imageDirs.push(dirName(image));
    entries.push({ image, split, ...(label ? { label } : {}) });
  }
  return entries;
}

function countTwice(
  twice: Map<string, { count: number; example: string }>,
  first: string,
  split: string,
  image: string,
): void {
  const pair = `${first}\u0000${split}`;
  const known = twice.get(pair);
  if (known) known.count++;
  else twice.set(pair, { count: 1, example: image });
}

/** One warning per pair of splits sharing images: Ultralytics would validate on images it trained on. */
function warnTwice(
  ctx: LayoutContext,
  file: string,
  root: string,
  twice: Map<string, { count: number; example: string }>,
): void {
  for (const [pair, { count, example }] of twice) {
    const [first, split] = pair.split('\u0000') as [string, string];
    const shown = relativeInside(root, example) ?? example;
    ctx.problems.warn(
      file,
      split,
      `${count === 1 ? '1 image' : `${count} images`} of the ${split} split ${count === 1 ? 'is' : 'are'} also in ${first} (e.g. ${shown}); kept in ${first} only`,
      `An image belongs to one split: remove the overlap from data.yaml (${split} measured on ${first} images is no held-out measure).`,
    );
  }
}

/** Reads an Ultralytics data.yaml and lists every image/label pair of every split it names. */
export async function ultralyticsLayout(ctx: LayoutContext, file: string): Promise<YoloLayout> {
  const { checkDataYaml } = await import('./yolo-data-yaml-schema.js');
  const doc = checkDataYaml(await readYamlDoc(await ctx.io.readText(file), file), file);
  const names = yamlNames(doc.names, doc.nc, file);
  const kptShape = yamlKptShape(doc.kpt_shape, file);
  const splits = splitSpecs(doc);
  const root = await resolveRoot(
    ctx,
    doc.path,
    dirName(file),
    splits.flatMap((s) => s.values),
  );
  const labelsDir = typeof doc.labels_dirname === 'string' ? doc.labels_dirname : 'labels';
  const entries: YoloEntry[] = [];
  const seen = new Map<string, string>();
  const imageDirs: string[] = [];
  const twice = new Map<string, { count: number; example: string }>();
  for (const split of splits) {
    for (const value of split.values) {
      const place = { file, root, labelsDir };
      for (const entry of await splitEntries(ctx, place, split.name, value, imageDirs)) {
        const first = entry.image === undefined ? undefined : seen.get(entry.image);
        if (entry.image && first !== undefined) {
          if (first !== split.name) countTwice(twice, first, split.name, entry.image);
          continue;
        }
        if (entry.image) seen.set(entry.image, split.name);
        entries.push(entry);
      }
    }
  }
  warnTwice(ctx, file, root, twice);
  const notes = [
    `${file}: ${counted(names.length, 'class', 'classes')}; splits ${splits.map((s) => s.name).join(', ') || 'none'}`,
  ];
  const imagesRoot = commonDir(imageDirs) ?? root;
  return {
    kind: 'ultralytics',
    root,
    configFile: file,
    names,
    ...(kptShape ? { kptShape } : {}),
    imagesRoot,
    entries,
    notes,
  };
}
