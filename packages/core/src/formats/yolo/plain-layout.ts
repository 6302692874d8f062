import { counted } from '../counted.js';
import { SPLIT_FOLDERS } from '../merge-split-reads.js';
import { baseName, dirName, isImagePath, joinPath, relativeInside, stripExt } from '../paths.js';
import { toSampleKey } from '../sample-key.js';
import { firstExisting, listedImages } from './ultralytics-layout.js';
import {
  commonDir,
  findLabel,
  imageStemFromLabel,
  type LayoutContext,
  NAMES_FILES,
  parseNamesFile,
  type YoloClassName,
  type YoloEntry,
  type YoloLayout,
} from './yolo-layout.js';

/** A split named by a folder on the way (images/train/x.jpg → train), else undefined. */
export function splitFromPath(rel: string): string | undefined {
  const parts = rel.split('/').slice(0, -1);
  for (let i = parts.length - 1; i >= 0; i--) {
    const split = SPLIT_FOLDERS.get(parts[i]?.toLowerCase() ?? '');
    if (split) return split;
  }
  return undefined;
}

async function readNames(ctx: LayoutContext, file: string | undefined): Promise<YoloClassName[] | undefined> {
  return file ? parseNamesFile(await ctx.io.readText(file)) : undefined;
}

/** Label files of a plain folder: .txt in subfolders, or at the top beside an image of the same stem. */
export function labelCandidates(files: string[]): string[] {
  const topImages = new Set(files.filter((f) => !f.includes('/') && isImagePath(f)).map(stripExt));
  return files.filter(
    (f) => f.endsWith('.txt') && !NAMES_FILES.includes(f) && (f.includes('/') || topImages.has(stripExt(f))),
  );
}

function pairLabel(
  label: string,
  byStem: Map<string, string>,
  byBase: Map<string, string[]>,
): string | undefined {
  const mapped = imageStemFromLabel(label);
  const direct = (mapped && byStem.get(mapped)) ?? byStem.get(stripExt(label));
  if (direct) return direct;
  const same = byBase.get(stripExt(baseName(label)));
  return same?.length === 1 ? same[0] : undefined;
}

/**
 * A folder with classes.txt / obj.names and label .txt files beside the images, in a `labels/` tree
 * mirroring `images/`, or in any folder with the same file stems (Datumaro's Images/ + Annotations/).
 */
export async function plainLayout(ctx: LayoutContext, root: string, namesFile?: string): Promise<YoloLayout> {
  const names = await readNames(ctx, namesFile);
  const imagesBase = ctx.input.images ?? root;
  const rootFiles = await ctx.io.listFiles(root, { recursive: true });
  const imageFiles =
    imagesBase === root ? rootFiles : await ctx.io.listFiles(imagesBase, { recursive: true });
  const images = imageFiles.filter(isImagePath).map((f) => joinPath(imagesBase, f));
  const byStem = new Map(images.map((image) => [stripExt(image), image]));
  const byBase = new Map<string, string[]>();
  for (const image of images) {
    const stem = stripExt(baseName(image));
    byBase.set(stem, [...(byBase.get(stem) ?? []), image]);
  }
  const entries: YoloEntry[] = [];
  const paired = new Set<string>();
  for (const rel of labelCandidates(rootFiles)) {
    const label = joinPath(root, rel);
    const found = pairLabel(label, byStem, byBase);
    const image = found && !paired.has(found) ? found : undefined;
    if (image) paired.add(image);
    const split = splitFromPath(relativeInside(imagesBase, image ?? '') ?? rel);
    entries.push({ label, ...(image ? { image } : {}), ...(split ? { split } : {}) });
  }
  for (const image of images) {
    if (paired.has(image)) continue;
    const split = splitFromPath(relativeInside(imagesBase, image) ?? '');
    entries.push({ image, ...(split ? { split } : {}) });
  }
  const notes = [
    `${namesFile ?? root}: ${counted(names?.length ?? 0, 'class', 'classes')}, ${counted(entries.length, 'image/label file')}`,
  ];
  const config = namesFile ? { configFile: namesFile } : {};
  return {
    kind: 'plain',
    root,
    ...config,
    ...(names ? { names } : {}),
    imagesRoot: imagesBase,
    entries,
    notes,
  };
}

function parseObjData(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (eq > 0) out.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return out;
}

/** Darknet's obj.data: `names = data/obj.names`, `train = data/train.txt` listing the images. */
export async function darknetLayout(ctx: LayoutContext, objData: string): Promise<YoloLayout> {
  const dir = dirName(objData);
  const keys = parseObjData(await ctx.io.readText(objData));
  const namesRef = toSampleKey(keys.get('names') ?? 'obj.names');
  const namesFile = await firstExisting(ctx.files, [dir], 'key' in namesRef ? namesRef.key : 'obj.names');
  const names = (await ctx.io.exists(namesFile)) ? await readNames(ctx, namesFile) : undefined;
  const entries: YoloEntry[] = [];
  for (const [key, split] of [
    ['train', 'train'],
    ['valid', 'val'],
    ['test', 'test'],
  ] as const) {
    const ref = keys.get(key);
    const checked = ref ? toSampleKey(ref) : undefined;
    if (!checked || !('key' in checked)) continue;
    const list = await firstExisting(ctx.files, [dir], checked.key);
    if (!(await ctx.io.exists(list))) {
      ctx.problems.warn(objData, key, `the ${key} list ${ref} does not exist`, 'Fix the path in obj.data.');
      continue;
    }
    for (const image of await listedImages(ctx, list, [dir, dirName(list)])) {
      const label = await findLabel(image, ctx.files);
      entries.push({ image, split, ...(label ? { label } : {}) });
    }
  }
  const notes = [`${objData}: ${counted(names?.length ?? 0, 'class', 'classes')} (darknet layout)`];
  const imagesRoot =
    ctx.input.images ?? commonDir(entries.flatMap((e) => (e.image ? [dirName(e.image)] : []))) ?? dir;
  return {
    kind: 'darknet',
    root: dir,
    configFile: namesFile,
    ...(names ? { names } : {}),
    imagesRoot,
    entries,
    notes,
  };
}
