import type { Detection } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { type JsonStreamHandler, scanJsonStream } from '../json-stream.js';
import { baseName, extName } from '../paths.js';
import { findCocoFiles } from './locate.js';
import { isRecord } from './schema.js';

/** Files up to this size are parsed whole to check their shape; larger ones are scanned as a stream. */
export const COCO_DETECT_PARSE_LIMIT = 64 * 1024 * 1024;

export interface DetectCocoOptions {
  /** Files of more bytes than this are scanned as a stream (default COCO_DETECT_PARSE_LIMIT). */
  parseLimit?: number;
}

function detectValue(value: unknown, name: string): Detection | undefined {
  if (Array.isArray(value)) {
    const first = value[0];
    if (isRecord(first) && 'image_id' in first && 'category_id' in first) {
      return { confidence: 0.95, reason: `${name} is a COCO results list (image_id, category_id)` };
    }
    return value.length === 0 ? { confidence: 0.2, reason: `${name} is an empty list` } : undefined;
  }
  if (!isRecord(value) || !Array.isArray(value.images)) return undefined;
  const annotations = Array.isArray(value.annotations);
  const categories = Array.isArray(value.categories);
  const first = annotations ? (value.annotations as unknown[])[0] : undefined;
  if (isRecord(first) && 'segments_info' in first) {
    return { confidence: 0.9, reason: `${name} is a COCO panoptic file (images, annotations.segments_info)` };
  }
  if (annotations || categories) {
    const keys = ['images', ...(annotations ? ['annotations'] : []), ...(categories ? ['categories'] : [])];
    return { confidence: 0.95, reason: `${name} has the COCO top-level lists ${keys.join(', ')}` };
  }
  return { confidence: 0.6, reason: `${name} has an "images" list (COCO image_info?)` };
}

function detectText(text: string, name: string): Detection | undefined {
  const start = text.trimStart().slice(0, 4096);
  if (start.startsWith('[')) {
    return start.includes('"image_id"') && start.includes('"category_id"')
      ? { confidence: 0.9, reason: `${name} starts as a COCO results list (image_id, category_id)` }
      : undefined;
  }
  if (!start.startsWith('{') || !text.includes('"images"')) return undefined;
  if (text.includes('"annotations"') && text.includes('"categories"')) {
    return { confidence: 0.9, reason: `${name} has the keys images, annotations, categories` };
  }
  return { confidence: 0.5, reason: `${name} has an "images" key` };
}

/** Stops the scan once the shape is known. */
class Enough extends Error {}

/**
 * The shape of a big file from a stream scan that stops early: a skeleton of the top level holding
 * the first element of each list (enough for detectValue), without reading the whole file.
 */
async function detectStream(file: string, io: FormatIO, name: string): Promise<Detection | undefined> {
  let skeleton: unknown;
  const lists: Record<string, unknown> = {};
  const list = (key: string | undefined, first?: unknown): void => {
    if (key === undefined) {
      skeleton = first === undefined ? [] : [first];
      throw new Enough();
    }
    lists[key] = first === undefined ? [] : [first];
    if ('images' in lists && 'annotations' in lists) throw new Enough();
  };
  const handler: JsonStreamHandler = {
    start: (kind) => {
      skeleton = kind === 'object' ? lists : undefined;
      if (kind === 'scalar') throw new Enough();
    },
    element: (key, index, value) => (index === 0 ? list(key, value) : undefined),
    listEnd: (key, count) => (count === 0 ? list(key) : undefined),
    member: (key, value) => {
      if (key !== undefined) lists[key] = value;
    },
  };
  const streamKeys = new Set(['images', 'annotations', 'categories']);
  try {
    await scanJsonStream(io.readChunks(file), handler, { file, streamKeys });
  } catch (error) {
    if (!(error instanceof Enough)) {
      const guess = detectValue(skeleton, name);
      return guess && { confidence: 0.5, reason: `${guess.reason}, but it is not valid JSON` };
    }
  }
  return detectValue(skeleton, name);
}

/**
 * COCO detection: a .json whose top level has `images` + `annotations`/`categories` lists, or is a
 * list of objects with image_id + category_id (results). A folder is checked through the file
 * read() would pick in it.
 */
export async function detectCoco(
  path: string,
  io: FormatIO,
  options: DetectCocoOptions = {},
): Promise<Detection | undefined> {
  let file = path;
  if (await io.isDirectory(path)) {
    try {
      file = (await findCocoFiles(path, io, []))[0]?.file ?? path;
    } catch {
      return undefined;
    }
  }
  if (extName(file) !== '.json') return undefined;
  const size = await io.fileSize(file);
  if (size === undefined) return undefined;
  const name = file === path ? baseName(file) : `${baseName(path)}/…/${baseName(file)}`;
  if (size > (options.parseLimit ?? COCO_DETECT_PARSE_LIMIT)) return detectStream(file, io, name);
  const text = await io.readText(file);
  try {
    return detectValue(JSON.parse(text), name);
  } catch {
    const guess = detectText(text, name);
    return guess && { confidence: 0.5, reason: `${guess.reason}, but it is not valid JSON` };
  }
}
