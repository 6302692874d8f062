import { AssayError } from '../../errors.js';
import { rleArea, rleCheck, rleToBbox } from '../../geometry/rle.js';
import type { Annotation } from '../../model/annotation.js';
import type { Sample } from '../../model/sample.js';
import { parseJson } from '../coco/parse-json.js';
import { readSegmentation } from '../coco/read-geometry.js';
import { counted } from '../counted.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { withoutBom } from '../format-io.js';
import { headText } from '../head-text.js';
import { baseName, dirName, extName, joinPath, normalizePath, relativeInside, toPosix } from '../paths.js';
import { previewJson } from '../preview-json.js';
import { ProblemList, reasonAbout } from '../problems.js';

/** The start of an SA-1B file: an object whose first key is "image" (an object), then "annotations". */
const SAM_START = /^\uFEFF?\s*\{\s*"image"\s*:\s*\{[^{}]*"file_name"/;

/** Whether a JSON file starts as SA-1B's per-image files do. */
export async function looksSam(file: string, io: FormatIO): Promise<boolean> {
  return extName(file) === '.json' && SAM_START.test(await headText(file, io, 4096));
}

/** How many of a folder's JSON files detection looks into. */
const SNIFFED = 3;

/** The SA-1B files `path` names: one file, or the JSON files of a folder (its first few must be SA-1B's). */
export async function locateSam(path: string, io: FormatIO): Promise<string[] | undefined> {
  if (!(await io.isDirectory(path))) return (await looksSam(path, io)) ? [path] : undefined;
  const json = (await io.listFiles(path)).filter((f) => extName(f) === '.json').map((f) => joinPath(path, f));
  if (json.length === 0) return undefined;
  for (const f of json.slice(0, SNIFFED)) if (!(await looksSam(f, io))) return undefined;
  return json;
}

/** The class every mask gets: SAM's masks have none, and a mask without a class cannot be exported. */
const SAM_CLASS = 'object';

/**
 * Reads Segment Anything's SA-1B layout (one `<image>.json` beside each image: {image: {image_id, width,
 * height, file_name}, annotations: [{id, segmentation: COCO RLE, bbox, area, predicted_iou,
 * stability_score, point_coords, crop_box}]}; also what SAM's automatic mask generator writes with RLE
 * output): every mask a `mask` of class `object` (SAM's have none), predicted_iou the score of a
 * prediction source. Keys are the images'
 * paths relative to the folder named (file_name beside its JSON; one leaving the folder is read by its
 * file name).
 */
export async function readSam(input: ReadInput): Promise<ReadResult> {
  const { io } = input;
  const files = await locateSam(input.path, io);
  if (!files)
    throw new AssayError(
      'INVALID_INPUT',
      `${input.path} holds no Segment Anything (SA-1B) JSON: {"image": {..., "file_name"}, "annotations": [...]}.`,
      {
        hint: 'Name the folder of SA-1B JSON files (one per image) or one of them.',
        details: { file: input.path },
      },
    );
  const folder = await io.isDirectory(input.path);
  const root = input.images ?? (folder ? normalizePath(input.path) : dirName(input.path));
  const problems = new ProblemList();
  const samples = new Map<string, Sample>();
  const annotations: Annotation[] = [];
  let outside = 0;
  const prediction = input.source.startsWith('prediction:');
  for (const file of files) {
    input.signal?.throwIfAborted();
    let value: Record<string, unknown>;
    try {
      value = parseJson(withoutBom(await io.readText(file)), file).value as Record<string, unknown>;
    } catch (error) {
      if (!folder || !(error instanceof AssayError)) throw error;
      problems.skip(file, undefined, reasonAbout(error, file), error.hint);
      continue;
    }
    const image = (value?.image ?? {}) as Record<string, unknown>;
    if (typeof image.file_name !== 'string' || image.file_name === '' || !Array.isArray(value.annotations)) {
      problems.skip(
        file,
        undefined,
        `not an SA-1B file: "image.file_name" ${previewJson(image.file_name)}, "annotations" ${previewJson(value?.annotations)}`,
      );
      continue;
    }
    const name = toPosix(image.file_name);
    let key = relativeInside(root, normalizePath(joinPath(dirName(file), name)));
    if (key === undefined || key === '') {
      outside++;
      key = relativeInside(root, joinPath(dirName(file), baseName(name))) ?? baseName(name);
    }
    if (samples.has(key)) {
      problems.skip(file, undefined, `image "${key}" is named by an earlier file too: skipped`);
      continue;
    }
    const { width: w, height: h } = image;
    samples.set(key, {
      key,
      kind: 'image',
      ...(typeof w === 'number' && typeof h === 'number' && w > 0 && h > 0 ? { width: w, height: h } : {}),
      ...(typeof image.image_id === 'number' || typeof image.image_id === 'string'
        ? { originalId: image.image_id }
        : {}),
    });
    for (const [i, raw] of value.annotations.entries()) {
      const a = (raw ?? {}) as Record<string, unknown>;
      const s = readSegmentation(a.segmentation);
      const mask = s && typeof s !== 'string' && 'mask' in s ? s.mask : undefined;
      const bad =
        typeof s === 'string'
          ? s
          : mask
            ? rleCheck(mask)
            : `"segmentation" is not an RLE: ${previewJson(a.segmentation)}`;
      if (bad || !mask) {
        problems.skip(file, `annotations[${i}]`, bad ?? 'no mask');
        continue;
      }
      const iou = a.predicted_iou;
      annotations.push({
        sample: key,
        source: input.source,
        kind: 'mask',
        label: SAM_CLASS,
        mask,
        bbox: rleToBbox(mask),
        area: rleArea(mask),
        ...(typeof a.id === 'number' || typeof a.id === 'string' ? { originalId: a.id } : {}),
        ...(prediction && typeof iou === 'number' && Number.isFinite(iou) ? { score: iou } : {}),
      });
    }
  }
  if (outside > 0)
    problems.warn(
      files[0] as string,
      undefined,
      `${counted(outside, 'file_name')} leaving the folder read by file name`,
    );
  return {
    classes: annotations.length > 0 ? [{ name: SAM_CLASS }] : [],
    samples: [...samples.values()],
    annotations,
    imagesRoot: root,
    problems: problems.items,
    notes: [
      `${counted(files.length, 'SA-1B file')}, ${counted(samples.size, 'image')}, ${counted(annotations.length, 'mask')} (unlabelled, as SAM makes them)`,
    ],
  };
}
