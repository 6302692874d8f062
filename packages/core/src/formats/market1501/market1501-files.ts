import { isClutter } from '../clutter-files.js';
import type { FormatIO } from '../format-io.js';
import { baseName, dirName, isImagePath, joinPath } from '../paths.js';

/**
 * Market-1501's folders (Zheng et al. 2015; DukeMTMC-reID and CUHK03-np use the same layout), with the
 * split and tag each gives its images: the training identities, the gallery and the queries of the test
 * identities, and gt_bbox's hand-drawn boxes.
 */
export const MARKET_FOLDERS: ReadonlyMap<string, { split?: string; tag: string }> = new Map([
  ['bounding_box_train', { split: 'train', tag: 'train' }],
  ['bounding_box_test', { split: 'test', tag: 'gallery' }],
  ['query', { split: 'test', tag: 'query' }],
  ['gt_bbox', { tag: 'gt_bbox' }],
]);

/**
 * A re-ID image name: `0002_c1s1_000451_03.jpg` (Market-1501: identity 0002, camera 1, sequence 1,
 * frame 451, box 3 of that frame), `0001_c2_f0046182.jpg` (DukeMTMC-reID: camera 2, frame 46182),
 * `-1_c1s1_000401_03.jpg` (junk).
 */
const NAME = /^(-1|\d{1,6})_c(\d{1,3})(?:s(\d{1,3}))?_(?:f?(\d{1,9})(?:_(\d{1,4}))?)?/;

export interface ReidName {
  identity: string;
  camera: number;
  sequence?: number;
  frame?: number;
  /** Market-1501: which of the frame's detected boxes the image is. */
  box?: number;
}

/** The identity, camera, sequence and frame an image's file name says, or undefined. */
export function reidName(file: string): ReidName | undefined {
  const m = NAME.exec(baseName(file));
  if (!m || !isImagePath(file)) return undefined;
  return {
    identity: m[1] as string,
    camera: Number(m[2]),
    ...(m[3] !== undefined ? { sequence: Number(m[3]) } : {}),
    ...(m[4] !== undefined ? { frame: Number(m[4]) } : {}),
    ...(m[5] !== undefined ? { box: Number(m[5]) } : {}),
  };
}

/** One of the layout's folders: its name and its images (relative to it). */
export interface MarketFolder {
  name: string;
  images: string[];
}

/**
 * The Market-1501 folders of `path` (bounding_box_train/, bounding_box_test/, query/, gt_bbox/) whose
 * images are all named as re-ID images (`<identity>_c<camera>…`), or `path` itself when it is one of
 * them. Undefined when there is none, or a folder holds an image named otherwise (class folders).
 */
export async function locateMarket(
  path: string,
  io: FormatIO,
): Promise<{ root: string; folders: MarketFolder[] } | undefined> {
  if (!(await io.isDirectory(path))) return undefined;
  const own = MARKET_FOLDERS.has(baseName(path));
  const names = own ? [''] : [...MARKET_FOLDERS.keys()];
  const folders: MarketFolder[] = [];
  for (const name of names) {
    const dir = name === '' ? path : joinPath(path, name);
    if (name !== '' && !(await io.isDirectory(dir))) continue;
    const images = (await io.listFiles(dir)).filter((f) => !isClutter(f) && isImagePath(f));
    if (images.length === 0) continue;
    if (!images.every((f) => reidName(f) !== undefined)) return undefined;
    folders.push({ name: name === '' ? baseName(path) : name, images: images.sort() });
  }
  if (folders.length === 0) return undefined;
  return { root: own ? dirName(path) : path, folders };
}
