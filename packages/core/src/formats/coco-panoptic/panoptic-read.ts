import { AssayError } from '../../errors.js';
import { rleArea, rleToBbox } from '../../geometry/rle.js';
import type { Annotation, Rle } from '../../model/annotation.js';
import type { ClassDef } from '../../model/class-def.js';
import type { Sample } from '../../model/sample.js';
import { parseJson } from '../coco/parse-json.js';
import { readBbox } from '../coco/read-geometry.js';
import { counted } from '../counted.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { withoutBom } from '../format-io.js';
import { headText } from '../head-text.js';
import { isJsonObject } from '../json-object.js';
import { rlesById } from '../mask-bits.js';
import { mergeSplitReads, SPLIT_FOLDERS } from '../merge-split-reads.js';
import {
  baseName,
  dirName,
  extName,
  joinPath,
  normalizePath,
  relativeInside,
  stripExt,
  toPosix,
} from '../paths.js';
import { decodePng, type PngPixels } from '../png-mask.js';
import { previewJson } from '../preview-json.js';
import { ProblemList } from '../problems.js';

/** Whether a JSON file starts as a COCO panoptic file: its annotations hold `segments_info`. */
export async function looksPanoptic(file: string, io: FormatIO): Promise<boolean> {
  if (extName(file) !== '.json') return false;
  const head = await headText(file, io);
  return /^\uFEFF?\s*\{/.test(head) && /"segments_info"\s*:/.test(head);
}

/** The panoptic JSONs `path` names: the file, or the panoptic_*.json files of a folder (or of its annotations/). */
export async function locatePanoptic(path: string, io: FormatIO): Promise<string[] | undefined> {
  if (!(await io.isDirectory(path))) return (await looksPanoptic(path, io)) ? [path] : undefined;
  for (const dir of [path, joinPath(path, 'annotations')]) {
    if (!(await io.isDirectory(dir))) continue;
    const found: string[] = [];
    for (const f of await io.listFiles(dir))
      if (/^panoptic_.*\.json$/i.test(f) && (await looksPanoptic(joinPath(dir, f), io)))
        found.push(joinPath(dir, f));
    if (found.length > 0) return found;
  }
  return undefined;
}

/** The split a file's subset names (panoptic_val2017.json → val), or its subset itself. */
function splitOf(file: string): string {
  const subset = /^panoptic_(.+)\.json$/i.exec(baseName(file))?.[1] ?? stripExt(baseName(file));
  return SPLIT_FOLDERS.get(subset.replace(/\d+$/, '').toLowerCase()) ?? subset;
}

/** The folder of the images: as the COCO layout puts them for `annotations/panoptic_<subset>.json`. */
async function imagesRootOf(file: string, first: string | undefined, io: FormatIO): Promise<string> {
  const dir = dirName(file);
  const subset = /^panoptic_(.+)\.json$/i.exec(baseName(file))?.[1] ?? stripExt(baseName(file));
  const root = baseName(dir) === 'annotations' ? dirName(dir) : dir;
  const candidates = [
    joinPath(root, 'images', subset),
    joinPath(root, subset),
    joinPath(root, 'images'),
    root,
    dir,
  ];
  if (first !== undefined) for (const c of candidates) if (await io.exists(joinPath(c, first))) return c;
  for (const c of candidates) if (await io.isDirectory(c)) return c;
  return dir;
}

/** Segment id of each pixel of a panoptic PNG (R + 256·G + 256²·B), or the reason it cannot be read. */
function segmentIds(p: PngPixels): Uint32Array | string {
  if ((p.colour !== 2 && p.colour !== 6) || p.depth !== 8)
    return `the PNG is not 8-bit RGB (colour type ${p.colour}, depth ${p.depth})`;
  const ids = new Uint32Array(p.width * p.height);
  for (let y = 0; y < p.height; y++)
    for (let x = 0; x < p.width; x++) {
      const at = y * p.stride + x * p.channels;
      ids[y * p.width + x] = (p.raw[at] ?? 0) + 256 * (p.raw[at + 1] ?? 0) + 65536 * (p.raw[at + 2] ?? 0);
    }
  return ids;
}

/**
 * Reads COCO panoptic segmentation (panopticapi's format: a JSON with images, categories {id, name,
 * isthing} and annotations {image_id, file_name, segments_info: [{id, category_id, bbox, area, iscrowd}]},
 * and a folder named as the JSON without .json holding one PNG per image whose pixels are segment ids,
 * R + 256·G + 256²·B). Each segment is a mask of its category (iscrowd kept; stuff and things alike,
 * attribute isthing); without its PNG, a segment is read as its box (counted). Images are found as the
 * COCO layout keeps them (annotations/panoptic_<subset>.json → <subset>/, images/<subset>/, images/).
 */
export async function readPanoptic(input: ReadInput): Promise<ReadResult> {
  const files = await locatePanoptic(input.path, input.io);
  if (!files)
    throw new AssayError(
      'INVALID_INPUT',
      `${input.path} holds no COCO panoptic JSON (annotations with segments_info).`,
      {
        hint: 'Name the panoptic_<subset>.json file (its PNGs in the folder of the same name beside it).',
        details: { file: input.path },
      },
    );
  if (files.length === 1) return readPanopticFile(files[0] as string, input);
  // One file per split (panoptic_train2017.json, panoptic_val2017.json): each with its split.
  const reads = [];
  for (const file of files)
    reads.push({ file: { file, split: splitOf(file) }, read: await readPanopticFile(file, input) });
  return mergeSplitReads(reads, [`${files.length} panoptic files, one per split`]);
}

async function readPanopticFile(file: string, input: ReadInput): Promise<ReadResult> {
  const { io } = input;
  const value = parseJson(withoutBom(await io.readText(file)), file).value;
  if (
    !isJsonObject(value) ||
    !Array.isArray(value.annotations) ||
    !Array.isArray(value.images) ||
    !Array.isArray(value.categories)
  )
    throw new AssayError(
      'INVALID_INPUT',
      `${file} is not a COCO panoptic file: it needs "images", "annotations" and "categories" lists.`,
      {
        details: { file },
      },
    );
  const problems = new ProblemList();
  const categories = new Map<number, { name: string; isthing: boolean }>();
  const classes: ClassDef[] = [];
  for (const [i, c] of value.categories.entries()) {
    if (!isJsonObject(c) || typeof c.id !== 'number' || typeof c.name !== 'string' || c.name === '') {
      problems.skip(file, `categories[${i}]`, `a category needs a numeric id and a name: ${previewJson(c)}`);
      continue;
    }
    categories.set(c.id, { name: c.name, isthing: c.isthing === 1 || c.isthing === true });
    if (!classes.some((x) => x.name === c.name)) classes.push({ name: c.name });
  }
  const firstName = (value.images as unknown[])
    .map((im) => (isJsonObject(im) ? im.file_name : undefined))
    .find((n) => typeof n === 'string') as string | undefined;
  const imagesRoot = input.images ?? (await imagesRootOf(file, firstName, io));
  const pngDir = joinPath(dirName(file), stripExt(baseName(file)));
  const samples = new Map<number | string, Sample>();
  const byKey = new Set<string>();
  for (const [i, im] of value.images.entries()) {
    if (
      !isJsonObject(im) ||
      (typeof im.id !== 'number' && typeof im.id !== 'string') ||
      typeof im.file_name !== 'string'
    ) {
      problems.skip(file, `images[${i}]`, `an image needs an id and a file_name: ${previewJson(im)}`);
      continue;
    }
    const key = relativeInside(imagesRoot, normalizePath(joinPath(imagesRoot, toPosix(im.file_name))));
    if (key === undefined || key === '' || byKey.has(key)) {
      problems.skip(
        file,
        `images[${i}]`,
        key && byKey.has(key)
          ? `file_name "${key}" is named twice`
          : `file_name "${im.file_name}" leaves ${imagesRoot}`,
      );
      continue;
    }
    byKey.add(key);
    const { width: w, height: h } = im;
    samples.set(im.id, {
      key,
      kind: 'image',
      originalId: im.id,
      ...(typeof w === 'number' && typeof h === 'number' && w > 0 && h > 0 ? { width: w, height: h } : {}),
    });
  }
  const annotations: Annotation[] = [];
  let asBoxes = 0;
  for (const [i, ann] of value.annotations.entries()) {
    input.signal?.throwIfAborted();
    const where = `annotations[${i}]`;
    if (!isJsonObject(ann) || !Array.isArray(ann.segments_info)) {
      problems.skip(file, where, `not a panoptic annotation (no segments_info list): ${previewJson(ann)}`);
      continue;
    }
    const sample = samples.get(ann.image_id as number);
    if (!sample) {
      problems.skip(file, where, `image_id ${previewJson(ann.image_id)} names no image`);
      continue;
    }
    let rles: Map<number, Rle> | undefined;
    const png =
      typeof ann.file_name === 'string' ? normalizePath(joinPath(pngDir, toPosix(ann.file_name))) : undefined;
    if (png !== undefined && relativeInside(pngDir, png) !== undefined && (await io.exists(png))) {
      const decoded = await decodePng(await io.readBytes(png));
      // The PNG covers its image: another size is the wrong file (and masks would not fit the image).
      const pixels =
        typeof decoded !== 'string' &&
        sample.width !== undefined &&
        (decoded.width !== sample.width || decoded.height !== sample.height)
          ? `the PNG is ${decoded.width}×${decoded.height}, its image ${sample.width}×${sample.height}`
          : decoded;
      const ids = typeof pixels === 'string' ? pixels : segmentIds(pixels);
      if (typeof ids === 'string' || typeof pixels === 'string')
        problems.warn(png, undefined, `${ids as string}: its segments read as boxes`);
      else rles = rlesById(ids, pixels.width, pixels.height);
    }
    for (const [j, seg] of ann.segments_info.entries()) {
      const record = `${where}.segments_info[${j}]`;
      if (!isJsonObject(seg) || typeof seg.id !== 'number') {
        problems.skip(file, record, `a segment needs a numeric id: ${previewJson(seg)}`);
        continue;
      }
      const cat = categories.get(seg.category_id as number);
      if (!cat) {
        problems.skip(file, record, `category_id ${previewJson(seg.category_id)} names no category`);
        continue;
      }
      const base = {
        sample: sample.key,
        source: input.source,
        label: cat.name,
        originalId: seg.id,
        attributes: { isthing: cat.isthing },
        ...(seg.iscrowd === 1 || seg.iscrowd === true ? { iscrowd: true } : {}),
      };
      const mask = rles?.get(seg.id);
      if (mask) {
        annotations.push({ ...base, kind: 'mask', mask, bbox: rleToBbox(mask), area: rleArea(mask) });
        continue;
      }
      const box = readBbox(seg.bbox);
      if (box === undefined || typeof box === 'string') {
        problems.skip(
          file,
          record,
          rles
            ? `segment ${seg.id} is not in its PNG and has no bbox`
            : `no PNG and no bbox: ${box ?? 'bbox missing'}`,
        );
        continue;
      }
      asBoxes++;
      annotations.push({
        ...base,
        kind: 'bbox',
        bbox: box,
        ...(typeof seg.area === 'number' ? { area: seg.area } : {}),
      });
    }
  }
  if (asBoxes > 0)
    problems.warn(
      file,
      undefined,
      `${counted(asBoxes, 'segment')} read as ${asBoxes === 1 ? 'its box' : 'their boxes'}: no PNG for ${asBoxes === 1 ? 'it' : 'them'} in ${pngDir}`,
    );
  return {
    classes,
    samples: [...samples.values()],
    annotations,
    imagesRoot,
    problems: problems.items,
    notes: [
      `COCO panoptic: ${counted(samples.size, 'image')}, ${counted(annotations.length, 'segment')}, ${counted(classes.length, 'category', 'categories')}`,
    ],
  };
}
