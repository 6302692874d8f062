import type { FormatIO } from '../format-io.js';
import { headText } from '../head-text.js';
import { extName, joinPath } from '../paths.js';

/** How many of a folder's JSON files detection looks into. */
const SNIFFED = 5;

/**
 * A parsed value is a LabelMe file: an object with a `shapes` list and an `imagePath` string
 * (wkentaro/labelme writes version, flags, shapes, imagePath, imageData, imageHeight, imageWidth).
 */
export function isLabelMe(
  value: unknown,
): value is Record<string, unknown> & { shapes: unknown[]; imagePath: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return Array.isArray(v.shapes) && typeof v.imagePath === 'string';
}

/** A JSON file starts as LabelMe's do: an object naming "shapes" or "imagePath" in its first 64 KiB. */
export async function startsLikeLabelMe(file: string, io: FormatIO): Promise<boolean> {
  return LABELME_START.test(await headText(file, io));
}

/** The start of a LabelMe file: an object naming "shapes" or "imagePath" (tested on its first 64 KiB). */
export const LABELME_START = /^\uFEFF?\s*\{[\s\S]*"(shapes|imagePath)"\s*:/;

/** Whether a JSON file is LabelMe's, looking at its start first (a COCO or VIA file is not read whole). */
export async function looksLabelMe(file: string, io: FormatIO): Promise<boolean> {
  if (!(await startsLikeLabelMe(file, io))) return false;
  try {
    return isLabelMe(JSON.parse((await io.readText(file)).replace(/^\uFEFF/, '')));
  } catch {
    return false;
  }
}

/** The LabelMe files a folder holds at its top level, of the first few JSON files looked into. */
export async function sniffFolder(dir: string, io: FormatIO): Promise<{ json: number; labelme: number }> {
  const json = (await io.listFiles(dir)).filter((f) => extName(f) === '.json');
  let labelme = 0;
  for (const f of json.slice(0, SNIFFED)) if (await looksLabelMe(joinPath(dir, f), io)) labelme++;
  return { json: Math.min(json.length, SNIFFED), labelme };
}
