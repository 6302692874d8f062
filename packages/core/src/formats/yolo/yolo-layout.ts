import { AssayError } from '../../errors.js';
import type { ReadInput } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { baseName, dirName, extName, joinPath, stripExt } from '../paths.js';
import type { ProblemList } from '../problems.js';

/** One image and its label file, either of which may be missing (reported by the reader). */
export interface YoloEntry {
  /** Absolute image path. */
  image?: string;
  /** Absolute label (.txt) path. */
  label?: string;
  split?: string;
}

export interface YoloClassName {
  id: number;
  name: string;
}

/** What a YOLO dataset on disk says, whichever of the three layouts it uses. */
export interface YoloLayout {
  /** `dota`: DOTA labelTxt files, oriented boxes in pixels with class names in each line. */
  kind: 'ultralytics' | 'plain' | 'darknet' | 'dota';
  /** Dataset root (absolute). */
  root: string;
  /** The file the class names come from (data.yaml, classes.txt, obj.names), for messages. */
  configFile?: string;
  /** Classes in file order; undefined when no names file exists (ids are then looked up in the project). */
  names?: YoloClassName[];
  kptShape?: [number, number];
  /** Folder the sample keys are relative to: the common folder of the split image folders. */
  imagesRoot: string;
  entries: YoloEntry[];
  notes: string[];
}

export interface LayoutContext {
  input: ReadInput;
  io: FormatIO;
  problems: ProblemList;
  files: FileIndex;
}

/** Caches folder listings so "does this label exist" costs one listFiles per folder. */
export class FileIndex {
  private readonly dirs = new Map<string, Promise<Set<string>>>();

  constructor(private readonly io: FormatIO) {}

  async has(path: string): Promise<boolean> {
    const dir = dirName(path);
    let listing = this.dirs.get(dir);
    if (!listing) {
      listing = this.io.listFiles(dir).then(
        (files) => new Set(files),
        () => new Set<string>(),
      );
      this.dirs.set(dir, listing);
    }
    return (await listing).has(baseName(path));
  }
}

/**
 * Ultralytics' image → label rule (`img2label_paths` in ultralytics/data/utils.py): the last `/images/`
 * of the path becomes `/labels/` (or data.yaml's `labels_dirname`) and everything after the last `.`
 * becomes `txt`. Undefined when the path has no `/images/` folder (Ultralytics would then look for a
 * .txt beside the image).
 */
export function labelPathFromImage(image: string, labelsDir = 'labels'): string | undefined {
  const i = image.lastIndexOf('/images/');
  if (i < 0) return undefined;
  const mapped = `${image.slice(0, i)}/${labelsDir}/${image.slice(i + '/images/'.length)}`;
  const dot = mapped.lastIndexOf('.');
  return `${dot < 0 ? mapped : mapped.slice(0, dot)}.txt`;
}

/** Inverse of labelPathFromImage, without the extension (which the label cannot tell). */
export function imageStemFromLabel(label: string): string | undefined {
  const parts = label.split('/');
  const i = parts.lastIndexOf('labels');
  if (i < 0) return undefined;
  parts[i] = 'images';
  return stripExt(parts.join('/'));
}

/** The label file of an image: Ultralytics' images→labels rule first, then a .txt beside the image. */
export async function findLabel(
  image: string,
  files: FileIndex,
  labelsDir = 'labels',
): Promise<string | undefined> {
  const mapped = labelPathFromImage(image, labelsDir);
  if (mapped && (await files.has(mapped))) return mapped;
  const beside = `${stripExt(image)}.txt`;
  return (await files.has(beside)) ? beside : undefined;
}

/** Class names of a classes.txt / obj.names file: one per non-empty line, id = line order. */
export function parseNamesFile(text: string): YoloClassName[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((name, id) => ({ id, name }));
}

/** Names files a plain YOLO folder may carry, in the order they are looked for. */
export const NAMES_FILES = ['classes.txt', 'obj.names', 'classes.names', 'coco.names'];

export function notYolo(path: string): AssayError {
  return new AssayError(
    'INVALID_INPUT',
    `${path} is not a YOLO dataset: no data.yaml/dataset.yaml with names:, obj.data, ${NAMES_FILES.join(', ')} or *.names, and no YOLO label .txt files.`,
    {
      hint: 'Point at the folder holding data.yaml (Ultralytics), or classes.txt/obj.names with the label .txt files (labels/ beside images/). Without a names file the classes are named 0, 1, ...',
    },
  );
}

export function isYamlPath(path: string): boolean {
  const ext = extName(path);
  return ext === '.yaml' || ext === '.yml';
}

export function joinIfRelative(base: string, path: string): string {
  return path.startsWith('/') || /^[a-zA-Z]:\//.test(path) ? joinPath(path) : joinPath(base, path);
}

/** Deepest folder holding every one of `dirs` (absolute); undefined for none. */
export function commonDir(dirs: string[]): string | undefined {
  const [first, ...rest] = dirs;
  if (first === undefined) return undefined;
  let parts = first.split('/');
  for (const dir of rest) {
    const other = dir.split('/');
    let n = 0;
    while (n < parts.length && n < other.length && parts[n] === other[n]) n++;
    parts = parts.slice(0, n);
  }
  return parts.join('/') || '/';
}
