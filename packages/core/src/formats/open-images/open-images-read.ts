import { AssayError } from '../../errors.js';
import type { Annotation, AttributeValue } from '../../model/annotation.js';
import type { ClassDef } from '../../model/class-def.js';
import type { Sample } from '../../model/sample.js';
import { parseCsv } from '../classification/csv-rows.js';
import { counted } from '../counted.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import { SPLIT_FOLDERS } from '../merge-split-reads.js';
import { baseName, isImagePath, joinPath, relativeInside, stripExt } from '../paths.js';
import { ProblemList } from '../problems.js';
import { locateOpenImages, type OiFile } from './open-images-files.js';
import { type OiMaskCounts, pngsByName, readOiMask } from './open-images-masks.js';

/** Open Images' per-box flags (1 yes, 0 no, -1 unknown), read as boolean attributes when known. */
const FLAGS = ['IsOccluded', 'IsTruncated', 'IsGroupOf', 'IsDepiction', 'IsInside'];

/** MID → display name, from class-descriptions CSVs (headerless, or with `LabelName,DisplayName`). */
async function classNames(files: OiFile[], input: ReadInput): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const f of files.filter((x) => x.role === 'classes'))
    for (const row of parseCsv(await input.io.readText(f.path), f.path)) {
      const [mid, name] = row.cells;
      if (mid && name && !(row.line === 1 && mid.toLowerCase() === 'labelname'))
        names.set(mid.trim(), name.trim());
    }
  return names;
}

/** Image files below the root by their name without extension (Open Images names images by ImageID). */
async function imagesById(root: string, input: ReadInput): Promise<Map<string, string[]>> {
  const byId = new Map<string, string[]>();
  if (!(await input.io.isDirectory(root))) return byId;
  for (const f of await input.io.listFiles(root, { recursive: true })) {
    if (!isImagePath(f)) continue;
    const id = stripExt(baseName(f));
    const list = byId.get(id);
    if (list) list.push(f);
    else byId.set(id, [f]);
  }
  return byId;
}

interface Table {
  file: string;
  header: Map<string, number>;
  rows: string[][];
  lines: number[];
}

async function table(file: string, input: ReadInput): Promise<Table> {
  const rows = parseCsv(await input.io.readText(file), file);
  const head = rows.shift();
  const header = new Map((head?.cells ?? []).map((c, i) => [c.trim().toLowerCase(), i] as const));
  return { file, header, rows: rows.map((r) => r.cells), lines: rows.map((r) => r.line) };
}

/**
 * Reads Open Images' CSVs (as downloaded, Datumaro's open_images layout, FiftyOne's export): boxes
 * (`ImageID, Source, LabelName, Confidence, XMin, XMax, YMin, YMax, IsOccluded, …`, normalised to the
 * image: each image's size is read from its file), positive image-level labels (`…-human-imagelabels`,
 * Confidence 1; 0 is a verified absence, counted), class names from `class-descriptions` (MIDs stay
 * MIDs without them). Images are found below the dataset's folder by ImageID (images/<subset>/<id>.jpg,
 * FiftyOne's <split>/data/); the subset named by a file (train, validation, test) is the split.
 * Segmentation CSVs' rows are instance masks (open-images-masks.ts).
 */
export async function readOpenImages(input: ReadInput): Promise<ReadResult> {
  const { io } = input;
  const found = await locateOpenImages(input.path, io);
  if (!found)
    throw new AssayError(
      'INVALID_INPUT',
      `${input.path} holds no Open Images box, image-label or segmentation CSV.`,
      {
        hint: 'Open Images CSVs start ImageID,Source,LabelName,Confidence,XMin,XMax,YMin,YMax,… (boxes) or ImageID,Source,LabelName,Confidence (image labels); name the file or the folder holding them.',
        details: { file: input.path },
      },
    );
  const names = await classNames(found.files, input);
  const imagesRoot =
    input.images ??
    ((await io.isDirectory(joinPath(found.root, 'images'))) ? joinPath(found.root, 'images') : found.root);
  const byId = await imagesById(imagesRoot, input);
  const problems = new ProblemList();
  const classes = new Map<string, ClassDef>();
  const samples = new Map<string, Sample>();
  const sizes = new Map<string, { width: number; height: number } | undefined>();
  const annotations: Annotation[] = [];
  const counts = { negative: 0, unsized: 0, missing: new Set<string>() };
  const prediction = input.source.startsWith('prediction:');

  const sampleOf = (id: string, subset: string): Sample => {
    const list = byId.get(id) ?? [];
    const key =
      list.find((p) => p.split('/').includes(subset)) ?? list[0] ?? `${subset ? `${subset}/` : ''}${id}.jpg`;
    if (list.length === 0) counts.missing.add(id);
    let s = samples.get(key);
    if (!s) {
      const split = SPLIT_FOLDERS.get(subset);
      s = { key, kind: 'image', originalId: id, ...(split ? { split } : {}) };
      samples.set(key, s);
    }
    return s;
  };
  const sizeOf = async (s: Sample) => {
    if (!sizes.has(s.key)) {
      const path = joinPath(imagesRoot, s.key);
      const size = relativeInside(imagesRoot, path) !== undefined ? await io.imageSize(path) : undefined;
      sizes.set(s.key, size ? { width: size.width, height: size.height } : undefined);
      if (size) Object.assign(s, { width: size.width, height: size.height });
    }
    return sizes.get(s.key);
  };
  const className = (mid: string) => {
    const name = names.get(mid) ?? mid;
    if (!classes.has(name)) classes.set(name, { name });
    return name;
  };

  const readMaskRows = async (f: OiFile, t: Table) => {
    const col = (name: string) => t.header.get(name.toLowerCase());
    for (const [i, row] of t.rows.entries()) {
      input.signal?.throwIfAborted();
      const where = `line ${t.lines[i]}`;
      const cell = (name: string) => row[col(name) ?? -1]?.trim();
      const [id, mid, maskPath] = [cell('ImageID'), cell('LabelName'), cell('MaskPath')];
      if (!id || !mid) {
        problems.skip(f.path, where, 'no ImageID or LabelName');
        continue;
      }
      if (/[/\\]/.test(id) || id === '.' || id === '..' || /[/\\]/.test(maskPath ?? '')) {
        problems.skip(f.path, where, `ImageID "${id}" or MaskPath "${maskPath}" is not a file name`);
        continue;
      }
      const s = sampleOf(id, f.subset);
      const size = await sizeOf(s);
      if (!size) {
        counts.unsized++;
        continue;
      }
      const g = await readOiMask(cell, size, pngs, input, maskCounts);
      if (typeof g === 'string') {
        problems.skip(f.path, where, g);
        continue;
      }
      annotations.push({ sample: s.key, source: input.source, label: className(mid), ...g });
    }
  };
  const maskCounts: OiMaskCounts = { noPng: 0, bad: 0, scaled: 0 };
  const pngs = found.files.some((f) => f.role === 'masks') ? await pngsByName(found.root, input) : new Map();
  for (const f of found.files) {
    if (f.role === 'masks') {
      await readMaskRows(f, await table(f.path, input));
      continue;
    }
    if (f.role !== 'boxes' && f.role !== 'labels') continue;
    input.signal?.throwIfAborted();
    const t = await table(f.path, input);
    const col = (name: string) => t.header.get(name.toLowerCase());
    const [cId, cLabel, cConf] = [col('ImageID'), col('LabelName'), col('Confidence')];
    for (const [i, row] of t.rows.entries()) {
      const where = `line ${t.lines[i]}`;
      const id = cId === undefined ? undefined : row[cId]?.trim();
      const mid = cLabel === undefined ? undefined : row[cLabel]?.trim();
      if (!id || !mid) {
        problems.skip(f.path, where, 'no ImageID or LabelName');
        continue;
      }
      if (/[/\\]/.test(id) || id === '.' || id === '..') {
        problems.skip(f.path, where, `ImageID "${id}" is not a file name (Open Images ids are hex strings)`);
        continue;
      }
      const confidence = cConf === undefined ? 1 : Number(row[cConf]);
      const s = sampleOf(id, f.subset);
      if (f.role === 'labels') {
        if (confidence === 0 && !prediction) {
          counts.negative++;
          continue;
        }
        annotations.push({
          sample: s.key,
          source: input.source,
          kind: 'classification',
          label: className(mid),
          ...(prediction && Number.isFinite(confidence) ? { score: confidence } : {}),
        });
        continue;
      }
      const [x0, x1, y0, y1] = ['XMin', 'XMax', 'YMin', 'YMax'].map((c) => Number(row[col(c) ?? -1]));
      if (
        ![x0, x1, y0, y1].every((v) => Number.isFinite(v)) ||
        (x1 as number) < (x0 as number) ||
        (y1 as number) < (y0 as number)
      ) {
        problems.skip(f.path, where, `XMin, XMax, YMin, YMax are not a box: ${[x0, x1, y0, y1].join(', ')}`);
        continue;
      }
      const size = await sizeOf(s);
      if (!size) {
        counts.unsized++;
        continue;
      }
      const attributes: Record<string, AttributeValue> = {};
      for (const flag of FLAGS) {
        const v = row[col(flag) ?? -1]?.trim();
        if (v === '1' || v === '0') attributes[flag] = v === '1';
      }
      annotations.push({
        sample: s.key,
        source: input.source,
        kind: 'bbox',
        label: className(mid),
        bbox: [
          (x0 as number) * size.width,
          (y0 as number) * size.height,
          ((x1 as number) - (x0 as number)) * size.width,
          ((y1 as number) - (y0 as number)) * size.height,
        ],
        ...(attributes.IsGroupOf === true ? { iscrowd: true } : {}),
        ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
        ...(prediction && Number.isFinite(confidence) ? { score: confidence } : {}),
      });
    }
  }
  const first = (found.files.find((x) => x.role !== 'classes') as OiFile).path;
  const notes = [
    `${counted(found.files.filter((x) => x.role !== 'classes').length, 'CSV')}, ${counted(samples.size, 'image')}, ${counted(classes.size, 'class', 'classes')}${names.size > 0 ? ' (names from class descriptions)' : ' (no class descriptions: MIDs as names)'}`,
  ];
  if (counts.unsized > 0)
    problems.skip(
      first,
      undefined,
      `${counted(counts.unsized, 'box', 'boxes')} on images Assay could not find or read the size of: skipped (Open Images boxes are fractions of the image's size)`,
      'Put the images below the dataset folder (images/<subset>/<ImageID>.jpg) or name their folder with --images.',
    );
  if (counts.missing.size > 0)
    problems.warn(
      first,
      undefined,
      `${counted(counts.missing.size, 'ImageID')} with no image file below ${imagesRoot}`,
    );
  if (counts.negative > 0)
    problems.warn(
      first,
      undefined,
      `${counted(counts.negative, 'image label')} with Confidence 0 (verified absent) not read`,
    );
  if (maskCounts.noPng > 0)
    problems.warn(
      first,
      undefined,
      `${counted(maskCounts.noPng, 'segmentation row')} with no mask PNG of its MaskPath below ${found.root}: read as ${maskCounts.noPng === 1 ? 'its box' : 'their boxes'}`,
      'Unpack the mask PNGs below the dataset folder (masks/<subset>/, as Datumaro lays them out).',
    );
  if (maskCounts.bad > 0)
    problems.warn(
      first,
      undefined,
      `${counted(maskCounts.bad, 'mask PNG')} could not be read (${maskCounts.badReason}): read as ${maskCounts.bad === 1 ? 'its box' : 'their boxes'}`,
    );
  if (maskCounts.scaled > 0)
    notes.push(
      `${counted(maskCounts.scaled, 'mask')} of another size than ${maskCounts.scaled === 1 ? 'its image' : 'their images'}, scaled to it (nearest neighbour)`,
    );
  return {
    classes: [...classes.values()],
    samples: [...samples.values()],
    annotations,
    imagesRoot,
    problems: problems.items,
    notes,
  };
}
