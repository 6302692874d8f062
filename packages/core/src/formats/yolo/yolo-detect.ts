import type { Detection } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { baseName, dirName, joinPath } from '../paths.js';
import { isDotaFolder } from './dota-layout.js';
import { labelCandidates } from './plain-layout.js';
import { findDataYaml } from './resolve-yolo-layout.js';
import { isYamlPath, NAMES_FILES } from './yolo-layout.js';

/** `cls cx cy w h ...`: an integer (or `1.0`) then at least four numbers. */
const LABEL_LINE = /^\d+(\.0*)?(\s+-?\d*\.?\d+(e[-+]?\d+)?){4,}\s*$/i;

/**
 * Whether the first label files' first lines are mostly YOLO lines: a few broken lines (a short line,
 * a stray value) must not hide a YOLO folder from import auto, which then reports them one by one.
 */
async function looksLikeLabels(io: FormatIO, dir: string): Promise<boolean> {
  const txt = labelCandidates(await io.listFiles(dir, { recursive: true })).slice(0, 5);
  let good = 0;
  let bad = 0;
  for (const file of txt) {
    const text = (await io.readText(joinPath(dir, file)))
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .filter((l) => l.trim().length > 0);
    for (const line of text.slice(0, 20)) {
      if (LABEL_LINE.test(line.trim())) good++;
      else bad++;
    }
  }
  return good > 0 && bad <= good / 4;
}

/** data.yaml with names → 0.95; obj.data, or classes.txt / obj.names beside YOLO label files → 0.8. */
export async function detectYolo(path: string, io: FormatIO): Promise<Detection | undefined> {
  if (!(await io.isDirectory(path))) {
    if (isYamlPath(path) && /^names\s*:/m.test(await io.readText(path))) {
      return { confidence: 0.95, reason: `${baseName(path)} has YOLO class names` };
    }
    if (baseName(path) === 'obj.data') return { confidence: 0.8, reason: 'darknet obj.data' };
    if (NAMES_FILES.includes(baseName(path)) && (await looksLikeLabels(io, dirName(path)))) {
      return { confidence: 0.8, reason: `${baseName(path)} beside YOLO label files` };
    }
    return undefined;
  }
  if (/^labelTxt/i.test(baseName(path)) && (await isDotaFolder(io, dirName(path)))) {
    return { confidence: 0.85, reason: 'a DOTA labelTxt folder (oriented boxes)' };
  }
  const top = await io.listFiles(path);
  const yaml = await findDataYaml({ io }, path, top);
  if (yaml && /^names\s*:/m.test(await io.readText(yaml))) {
    return { confidence: 0.95, reason: `${baseName(yaml)} has YOLO class names` };
  }
  if (top.includes('obj.data')) return { confidence: 0.8, reason: 'darknet obj.data' };
  if (await isDotaFolder(io, path))
    return { confidence: 0.85, reason: 'DOTA labelTxt files (oriented boxes)' };
  const names = NAMES_FILES.find((n) => top.includes(n)) ?? top.find((n) => n.endsWith('.names'));
  if (names && (await looksLikeLabels(io, path))) {
    return { confidence: 0.8, reason: `${names} with YOLO label .txt files` };
  }
  // Ultralytics' images/ + labels/ without any class-names file: the classes are named 0, 1, ...
  const pair =
    (await io.isDirectory(joinPath(path, 'images'))) && (await io.isDirectory(joinPath(path, 'labels')));
  if (pair && (await looksLikeLabels(io, path))) {
    return { confidence: 0.6, reason: 'images/ and labels/ with YOLO label lines, no class-names file' };
  }
  return undefined;
}
