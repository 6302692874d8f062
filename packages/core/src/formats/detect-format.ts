import { AssayError } from '../errors.js';
import type { Detection, Format } from './define-format.js';
import type { FormatIO } from './format-io.js';
import { SPLIT_FOLDERS } from './merge-split-reads.js';
import { extName, joinPath } from './paths.js';

export interface DetectedFormat {
  format: Format;
  detection: Detection;
}

/** The least confidence `import auto` acts on. */
const SURE = 0.5;

/** Files of a folder that may be a format's annotation file, when no format claims the folder. */
const ANNOTATION_EXTENSIONS = new Set(['.json', '.xml', '.yaml', '.yml', '.csv', '.txt', '.data', '.names']);

/** At most this many files of a folder are asked about (a folder of 10k label files is not one file). */
const MAX_FILES = 20;

/** A claim on a folder's file counts a little less than a claim on the folder itself. */
const THROUGH_FILE = 0.95;

/** The most a claim through one of several claimed files may have: not enough to act on. */
const SEVERAL = 0.45;

async function ask(formats: readonly Format[], path: string, io: FormatIO): Promise<DetectedFormat[]> {
  const ranked: DetectedFormat[] = [];
  for (const format of formats) {
    try {
      const detection = await format.detect(path, io);
      if (detection && detection.confidence > 0) ranked.push({ format, detection });
    } catch {
      // a detector that cannot read the path simply does not claim it
    }
  }
  return ranked;
}

/**
 * Claims on a folder through its own annotation files: a folder holding one Label Studio JSON, one
 * Roboflow `_annotations.coco.json`, one VOC-less XML... is that file's format, read from that file.
 */
async function askFiles(formats: readonly Format[], dir: string, io: FormatIO): Promise<DetectedFormat[]> {
  const files = (await io.listFiles(dir)).filter((f) => ANNOTATION_EXTENSIONS.has(extName(f)));
  if (files.length > MAX_FILES) return [];
  const out: DetectedFormat[] = [];
  for (const file of files) {
    const path = joinPath(dir, file);
    for (const { format, detection } of await ask(formats, path, io)) {
      if (detection.confidence < SURE) continue;
      const confidence = detection.confidence * THROUGH_FILE;
      out.push({ format, detection: { confidence, reason: `${file}: ${detection.reason}`, path } });
    }
  }
  // Several files claimed: taking one would import part of the folder silently, so none is sure.
  const several = new Set(out.map((c) => c.detection.path)).size > 1;
  return several
    ? out.map(({ format, detection }) => ({
        format,
        detection: { ...detection, confidence: Math.min(detection.confidence, SEVERAL) },
      }))
    : out;
}

/**
 * Asks every format whether `path` is its own; returns the candidates, most confident first. When
 * none is sure of a folder, each format is asked about the folder's annotation files too (those
 * claims carry the file as `detection.path`).
 */
export async function rankFormats(
  formats: readonly Format[],
  path: string,
  io: FormatIO,
): Promise<DetectedFormat[]> {
  const ranked = await ask(formats, path, io);
  if (!ranked.some((r) => r.detection.confidence >= SURE) && (await io.isDirectory(path))) {
    ranked.push(...(await askFiles(formats, path, io)));
  }
  return ranked.sort((a, b) => b.detection.confidence - a.detection.confidence);
}

/**
 * For a folder of split folders that no format claims as a whole (Roboflow's COCO export: one
 * `_annotations.coco.json` per split folder), the command that imports each split.
 */
async function perSplitHint(formats: readonly Format[], dir: string, io: FormatIO): Promise<string> {
  if (!(await io.isDirectory(dir))) return '';
  const commands: string[] = [];
  for (const [folder, split] of SPLIT_FOLDERS) {
    const sub = joinPath(dir, folder);
    if (!(await io.isDirectory(sub))) continue;
    const best = (await rankFormats(formats, sub, io))[0];
    if (best && best.detection.confidence >= SURE) {
      commands.push(`assay import ${best.format.id} ${sub} --split ${split}`);
    }
  }
  return commands.length > 0 ? ` Its split folders are each a dataset: ${commands.join('; ')}.` : '';
}

/** Subfolders where tools put a dataset inside a project folder (mmdetection's custom_dataset/images/). */
const INNER_FOLDERS = ['images', 'annotations', 'Annotations', 'labels', 'data', 'dataset'];

/** For a folder no format claims, the command that imports a well-known subfolder some format claims. */
async function innerFolderHint(formats: readonly Format[], dir: string, io: FormatIO): Promise<string> {
  if (!(await io.isDirectory(dir))) return '';
  for (const folder of INNER_FOLDERS) {
    const sub = joinPath(dir, folder);
    if (!(await io.isDirectory(sub))) continue;
    const best = (await rankFormats(formats, sub, io))[0];
    if (best && best.detection.confidence >= SURE)
      return ` Its subfolder ${folder}/ is ${best.format.id} (${best.detection.reason}): assay import ${best.format.id} ${sub}.`;
  }
  return '';
}

/** The format `assay import auto` uses: the most confident claim of at least 0.5. */
export async function detectFormat(
  formats: readonly Format[],
  path: string,
  io: FormatIO,
): Promise<DetectedFormat> {
  const ranked = await rankFormats(formats, path, io);
  const best = ranked[0];
  if (best && best.detection.confidence >= SURE) return best;
  const tried = ranked.map(
    (r) => `${r.format.id} (${Math.round(r.detection.confidence * 100)}%: ${r.detection.reason})`,
  );
  const files = [...new Set(ranked.flatMap((r) => (r.detection.path ? [r.detection.path] : [])))];
  const several = files.length > 1 ? ` It holds ${files.length} annotation files: import one at a time.` : '';
  const splits = await perSplitHint(formats, path, io);
  const inner = splits === '' && several === '' ? await innerFolderHint(formats, path, io) : '';
  throw new AssayError(
    'UNKNOWN_FORMAT',
    `Could not tell which format ${path} is in.${several}${splits}${inner}`,
    {
      hint: `Name the format: assay import <${formats.map((f) => f.id).join('|')}> ${path}.${tried.length ? ` Weak guesses: ${tried.join('; ')}.` : ''}`,
    },
  );
}
