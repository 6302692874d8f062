import { AssayError } from '../../errors.js';
import type { ReadInput } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { baseName, dirName, extName, isImagePath, joinPath, stripExt } from '../paths.js';

/** Where a VOC dataset's parts are, whichever way the user pointed at it. */
export interface VocLayout {
  /** Absolute annotation files. */
  xmlFiles: string[];
  /** Folder the sample keys (<filename>) are relative to: JPEGImages, --images, or the xml folder. */
  imagesRoot: string;
  /** The VOC folder holding Annotations/ (and maybe SegmentationObject/), when there is one. */
  root?: string;
  /** ImageSets/Main, when the dataset has one. */
  splitsDir?: string;
  /** The user named one .xml file: a wrong root element is an error, not a skipped file. */
  single: boolean;
  /** imagesRoot is a guess (no --images): readVoc checks it against the files (voc-images-root.ts). */
  guessed: boolean;
}

/** Folders of annotation files: VOC's own, and LabelImg users' lower-case one. */
export const ANNOTATION_DIRS = ['Annotations', 'annotations'];
/** Folders of images beside them: VOC's own, then LabelImg's and most tools'. */
export const IMAGE_DIRS = ['JPEGImages', 'images', 'Images'];

async function firstDir(io: FormatIO, root: string, names: string[]): Promise<string | undefined> {
  for (const name of names) if (await io.isDirectory(joinPath(root, name))) return joinPath(root, name);
  return undefined;
}

async function xmlIn(io: FormatIO, dir: string): Promise<string[]> {
  return (await io.listFiles(dir)).filter((f) => extName(f) === '.xml').map((f) => joinPath(dir, f));
}

async function imagesBeside(io: FormatIO, xmlDir: string): Promise<string> {
  if (!ANNOTATION_DIRS.includes(baseName(xmlDir))) return xmlDir;
  return (await firstDir(io, dirName(xmlDir), IMAGE_DIRS)) ?? xmlDir;
}

/**
 * A VOC folder (Annotations/, JPEGImages/, ImageSets/Main/; or LabelImg's annotations/ and images/),
 * its Annotations/ folder, any folder of .xml files, or a single .xml file.
 */
export async function vocLayout(input: ReadInput): Promise<VocLayout> {
  const { io, path } = input;
  if (!(await io.isDirectory(path))) {
    if (extName(path) !== '.xml' || !(await io.exists(path))) throw notVoc(path);
    return {
      xmlFiles: [path],
      imagesRoot: input.images ?? (await imagesBeside(io, dirName(path))),
      single: true,
      guessed: input.images === undefined,
    };
  }
  const guessed = input.images === undefined;
  let annotations = await firstDir(io, path, ANNOTATION_DIRS);
  let root = annotations === undefined ? undefined : path;
  if (
    root === undefined &&
    ANNOTATION_DIRS.includes(baseName(path)) &&
    (await firstDir(io, dirName(path), IMAGE_DIRS))
  ) {
    root = dirName(path);
    annotations = path;
  }
  if (root === undefined || annotations === undefined) {
    const xmlFiles = await xmlIn(io, path);
    if (xmlFiles.length === 0) throw notVoc(path);
    return { xmlFiles, imagesRoot: input.images ?? path, single: false, guessed };
  }
  const splitsDir = joinPath(root, 'ImageSets', 'Main');
  return {
    root,
    xmlFiles: await xmlIn(io, annotations),
    imagesRoot: input.images ?? (await firstDir(io, root, IMAGE_DIRS)) ?? joinPath(root, 'JPEGImages'),
    ...((await io.isDirectory(splitsDir)) ? { splitsDir } : {}),
    single: false,
    guessed,
  };
}

function notVoc(path: string): AssayError {
  return new AssayError(
    'INVALID_INPUT',
    `${path} is not a Pascal VOC dataset: no Annotations/ folder or .xml files.`,
    {
      hint: 'Point at the VOC folder (holding Annotations/ and JPEGImages/), a folder of .xml files, or one .xml file.',
    },
  );
}

const SPLIT_ORDER = ['train', 'val', 'test'];

/**
 * ImageSets/Main/default.txt: Datumaro's (and so CVAT's VOC export's) list for a task without subsets,
 * read as no split, as COCO's instances_default.json is.
 */
export const VOC_DEFAULT_SPLIT = 'default';

/**
 * Image id → split from ImageSets/Main/<split>.txt (one id a line; lines starting with `#` are
 * comments). Files named <class>_<split>.txt are per-class lists and are not splits. An id in several lists (train and trainval) keeps train, val, test first.
 */
export async function vocSplits(io: FormatIO, splitsDir: string | undefined): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!splitsDir) return out;
  const rank = (s: string) => SPLIT_ORDER.indexOf(s) + 1 || SPLIT_ORDER.length + 1;
  const lists = (await io.listFiles(splitsDir))
    .filter((f) => extName(f) === '.txt' && !f.includes('/') && !stripExt(f).includes('_'))
    .map(stripExt)
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  for (const split of lists) {
    for (const line of (await io.readText(joinPath(splitsDir, `${split}.txt`))).split(/\r?\n/)) {
      // One id a line (ids may hold spaces); a line starting with `#` is a comment (datumaro writes them).
      const id = line.trim().startsWith('#') ? '' : line.trim();
      if (id && !out.has(id)) out.set(id, split);
    }
  }
  return out;
}

/** Image files directly in the images folder by stem, for ids a split lists without an annotation. */
export async function imagesByStem(io: FormatIO, imagesRoot: string): Promise<Map<string, string>> {
  if (!(await io.isDirectory(imagesRoot))) return new Map();
  const files = (await io.listFiles(imagesRoot)).filter(isImagePath);
  return new Map(files.map((f) => [stripExt(f), f]));
}
