import { joinPath } from '../paths.js';
import { labelPathFromImage } from './yolo-layout.js';

/** Folder names that name a split (`valid/` is Roboflow's `val`). */
const SPLIT_ALIASES: Record<string, string> = {
  train: 'train',
  val: 'val',
  valid: 'val',
  validation: 'val',
  test: 'test',
};

/**
 * Where a sample goes inside `images/<split>/` of an export. The sample key's `images` folders and
 * the folders naming its own split are dropped: a key imported from `images/train/x.jpg` or Roboflow's
 * `train/images/x.jpg` is written to `images/train/x.jpg`, not `images/train/images/train/x.jpg`,
 * whose label Ultralytics would look for under `images/train/labels/` (see labelPathFromImage).
 * The second candidate keeps every folder, renaming `images` to `images_`, for keys that clash.
 */
export function splitRelativeCandidates(key: string, split: string): string[] {
  const parts = key.split('/');
  const file = parts.pop() ?? key;
  const kept = parts.filter((p) => p !== 'images' && SPLIT_ALIASES[p.toLowerCase()] !== split);
  const renamed = parts.map((p) => (p === 'images' ? 'images_' : p));
  const candidates = [[...kept, file].join('/'), [...renamed, file].join('/')];
  return [...new Set(candidates)];
}

export interface YoloExportPaths {
  /** Absolute image path, `<out>/images/<split>/<rel>`. */
  image: string;
  /** Absolute label path: Ultralytics' rule applied to `image`, so `<out>/labels/<split>/<rel stem>.txt`. */
  label: string;
}

/**
 * The image and label paths of one sample, the label found from the image by Ultralytics' own rule;
 * undefined when every candidate's label path is already taken (same stem, other extension).
 */
export function yoloExportPaths(
  outDir: string,
  key: string,
  split: string,
  taken: ReadonlySet<string>,
  /** The normalized `<outDir>/images/<split>` of each split, kept between calls (a faster plain key). */
  prefixes?: Map<string, string>,
): YoloExportPaths | undefined {
  if (prefixes && plainKey(key, split)) {
    // The one candidate is the key itself, under a folder normalized once (issue 12: a million keys).
    let prefix = prefixes.get(split);
    if (prefix === undefined) {
      prefix = joinPath(outDir, 'images', split);
      prefixes.set(split, prefix);
    }
    const image = `${prefix}/${key}`;
    const label = labelPathFromImage(image);
    return label !== undefined && !taken.has(label) ? { image, label } : undefined;
  }
  for (const rel of splitRelativeCandidates(key, split)) {
    const image = joinPath(outDir, 'images', split, rel);
    const label = labelPathFromImage(image);
    if (label !== undefined && !taken.has(label)) return { image, label };
  }
  return undefined;
}

/**
 * A key splitRelativeCandidates keeps whole (no `images` folder, no folder naming `split`) that joinPath
 * would not change (no backslash, no empty, `.` or `..` segment).
 */
function plainKey(key: string, split: string): boolean {
  if (key.length === 0 || key.includes('\\')) return false;
  // Segment by segment without splitting (issue 12: once per sample); only names of 3 to 10 letters can be
  // `images` or a split's alias.
  for (let at = 0; at <= key.length; ) {
    let end = key.indexOf('/', at);
    if (end < 0) end = key.length;
    const n = end - at;
    if (n === 0 || (n <= 2 && key.charCodeAt(at) === 46 && (n === 1 || key.charCodeAt(at + 1) === 46)))
      return false;
    if (n >= 3 && n <= 10 && end < key.length) {
      const p = key.slice(at, end);
      if (p === 'images' || SPLIT_ALIASES[p.toLowerCase()] === split) return false;
    }
    at = end + 1;
  }
  return true;
}
