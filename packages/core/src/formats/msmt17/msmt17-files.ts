import type { FormatIO } from '../format-io.js';
import { looksImageList } from '../image-list/image-list-read.js';
import { baseName, dirName, joinPath } from '../paths.js';

/**
 * MSMT17's lists (Wei et al. 2018, "Person Transfer GAN to Bridge Domain Gap for Person
 * Re-Identification"): list_train.txt and list_val.txt name images of train/, list_query.txt and
 * list_gallery.txt images of test/ (MSMT17_V2: mask_train_v2/, mask_test_v2/), each line
 * `<identity folder>/<image> <identity>`, the identities numbered apart in each part.
 */
export const MSMT_LISTS: ReadonlyMap<string, { part: 'train' | 'test'; split: string; tag: string }> =
  new Map([
    ['list_train.txt', { part: 'train', split: 'train', tag: 'train' }],
    ['list_val.txt', { part: 'train', split: 'val', tag: 'val' }],
    ['list_query.txt', { part: 'test', split: 'test', tag: 'query' }],
    ['list_gallery.txt', { part: 'test', split: 'test', tag: 'gallery' }],
  ]);

/** The image folders of each part, V1's first. */
export const MSMT_PARTS: Readonly<Record<'train' | 'test', readonly string[]>> = {
  train: ['train', 'mask_train_v2'],
  test: ['test', 'mask_test_v2'],
};

/**
 * An MSMT17 image name: `0000_000_01_0303morning_0015_0.jpg` (identity 0000, its image 000, camera 01,
 * the day and time 0303morning, frame 0015, then a last number).
 */
const NAME = /^(\d{1,6})_(\d{1,6})_(\d{1,3})_(\d{4}[a-z]+)_(\d{1,9})/;

export interface MsmtName {
  camera: number;
  time: string;
  frame: number;
}

/** The camera, time and frame an MSMT17 image's name says, or undefined. */
export function msmtName(path: string): MsmtName | undefined {
  const m = NAME.exec(baseName(path));
  if (!m) return undefined;
  return { camera: Number(m[3]), time: m[4] as string, frame: Number(m[5]) };
}

/** Where MSMT17 lists are: their folder and the lists in it (in MSMT_LISTS order). */
export interface MsmtLayout {
  root: string;
  lists: string[];
}

async function hasPart(root: string, io: FormatIO): Promise<boolean> {
  for (const dir of [...MSMT_PARTS.train, ...MSMT_PARTS.test])
    if (await io.isDirectory(joinPath(root, dir))) return true;
  return false;
}

/**
 * The MSMT17 lists `path` names: a folder holding list_*.txt beside train/ or test/ (or
 * mask_train_v2/, mask_test_v2/), or one of those lists. Undefined when a list's lines are not
 * `<image path> <identity>`.
 */
export async function locateMsmt(path: string, io: FormatIO): Promise<MsmtLayout | undefined> {
  if (!(await io.isDirectory(path))) {
    const root = dirName(path);
    if (!MSMT_LISTS.has(baseName(path)) || !(await hasPart(root, io))) return undefined;
    return (await looksImageList(path, io)) ? { root, lists: [baseName(path)] } : undefined;
  }
  // Four stats, not a listing: detection asks every folder.
  const lists: string[] = [];
  for (const f of MSMT_LISTS.keys()) if (await io.exists(joinPath(path, f))) lists.push(f);
  if (lists.length === 0 || !(await hasPart(path, io))) return undefined;
  for (const f of lists) if (!(await looksImageList(joinPath(path, f), io))) return undefined;
  return { root: path, lists };
}
