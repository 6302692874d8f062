import type { FormatIO } from '../format-io.js';
import { baseName, dirName, extName, joinPath, stripExt } from '../paths.js';

/** CelebA's annotation files by what they hold (Liu et al. 2015; .txt as released, .csv as on Kaggle). */
export const CELEBA_FILES = {
  attributes: 'list_attr_celeba',
  identity: 'identity_CelebA',
  boxes: 'list_bbox_celeba',
  landmarks: 'list_landmarks_celeba',
  alignedLandmarks: 'list_landmarks_align_celeba',
  partition: 'list_eval_partition',
} as const;

export type CelebaPart = keyof typeof CELEBA_FILES;

/** Where a CelebA dataset's files are. */
export interface CelebaLayout {
  root: string;
  files: Partial<Record<CelebaPart, string>>;
  /** The images folder: Img/img_align_celeba/, img_align_celeba/ (Kaggle nests one more), Img/img_celeba/… */
  images: string;
  /** Whether the images are the aligned, cropped ones (img_align_celeba). */
  aligned: boolean;
}

const STEMS = new Map(
  Object.entries(CELEBA_FILES).map(([part, stem]) => [stem.toLowerCase(), part as CelebaPart]),
);

const IMAGE_DIRS = [
  'Img/img_align_celeba',
  'img_align_celeba/img_align_celeba',
  'img_align_celeba',
  'Img/img_celeba',
  'img_celeba',
  'Img',
];

/**
 * The CelebA layout of `path` (the folder, its Anno/ or Eval/, or one of its files): annotation files
 * in the folder, Anno/ and Eval/ (the release's layout; torchvision and Kaggle keep them flat). Undefined
 * without any of attributes, identities, boxes or landmarks.
 */
export async function locateCeleba(path: string, io: FormatIO): Promise<CelebaLayout | undefined> {
  const folder = await io.isDirectory(path);
  if (!folder && !STEMS.has(stripExt(baseName(path)).toLowerCase())) return undefined;
  let root = folder ? path : dirName(path);
  if (['anno', 'eval'].includes(baseName(root).toLowerCase())) root = dirName(root);
  const files: Partial<Record<CelebaPart, string>> = {};
  for (const dir of [root, joinPath(root, 'Anno'), joinPath(root, 'Eval')]) {
    if (!(await io.isDirectory(dir))) continue;
    for (const f of await io.listFiles(dir)) {
      if (f.includes('/') || !['.txt', '.csv'].includes(extName(f))) continue;
      const part = STEMS.get(stripExt(f).toLowerCase());
      if (part && !files[part]) files[part] = joinPath(dir, f);
    }
  }
  if (!files.attributes && !files.identity && !files.boxes && !files.landmarks && !files.alignedLandmarks)
    return undefined;
  let images = root;
  for (const d of IMAGE_DIRS)
    if (await io.isDirectory(joinPath(root, d))) {
      images = joinPath(root, d);
      break;
    }
  const aligned = images.includes('img_align_celeba') || (!!files.alignedLandmarks && !files.landmarks);
  return { root, files, images, aligned };
}

/** A CelebA table: its column names and rows (image name, then values), whitespace or comma separated. */
export interface CelebaTable {
  columns: string[];
  rows: { image: string; values: string[]; line: number }[];
  bad: number[];
}

const IMAGE = /\.(jpe?g|png)$/i;

/**
 * Parses a CelebA file: an optional first line of the row count, an optional header (its columns, with
 * or without `image_id` first), then `<image> <values…>` rows. Rows whose first word is no image name are bad.
 */
export function parseCelebaTable(text: string): CelebaTable {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let columns: string[] = [];
  const rows: CelebaTable['rows'] = [];
  const bad: number[] = [];
  for (const [i, raw] of lines.entries()) {
    const words = raw
      .trim()
      .split(/[\s,]+/)
      .filter(Boolean);
    if (words.length === 0) continue;
    const [first, ...rest] = words as [string, ...string[]];
    if (IMAGE.test(first)) rows.push({ image: first, values: rest, line: i + 1 });
    else if (rows.length === 0 && words.length === 1 && /^\d+$/.test(first)) continue;
    else if (rows.length === 0 && columns.length === 0)
      columns = first.toLowerCase() === 'image_id' ? rest : words;
    else bad.push(i + 1);
  }
  return { columns, rows, bad };
}
