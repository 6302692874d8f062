import { AssayError } from '../../errors.js';
import { rleArea, rleToBbox } from '../../geometry/rle.js';
import type { Annotation } from '../../model/annotation.js';
import type { Sample } from '../../model/sample.js';
import { counted } from '../counted.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import { rlesById } from '../mask-bits.js';
import { SPLIT_FOLDERS } from '../merge-split-reads.js';
import { baseName, extName, isImagePath, joinPath, relativeInside, stripExt } from '../paths.js';
import { decodePng } from '../png-mask.js';
import { ProblemList } from '../problems.js';
import { type MapLabel, parseLabelmap, pixelColours, VOC_CLASSES, VOID, vocColour } from './mask-colours.js';
import { locateMaskExport } from './segmentation-mask-files.js';

/** Image ids of each list (ImageSets/Segmentation/<subset>.txt: one id a line, the first word). */
async function listedIds(lists: string[], input: ReadInput): Promise<Map<string, string>> {
  const subsetById = new Map<string, string>();
  for (const list of lists)
    for (const line of (await input.io.readText(list)).split(/\r?\n/)) {
      const id = line.trim().split(/\s+/)[0];
      if (id && !subsetById.has(id)) subsetById.set(id, stripExt(baseName(list)));
    }
  return subsetById;
}

/** Image files below the images folder by their path without extension (the ids the lists give). */
async function imagesById(dir: string, input: ReadInput): Promise<Map<string, string>> {
  const byId = new Map<string, string>();
  if (!(await input.io.isDirectory(dir))) return byId;
  for (const f of await input.io.listFiles(dir, { recursive: true }))
    if (isImagePath(f) && !byId.has(stripExt(f))) byId.set(stripExt(f), f);
  return byId;
}

async function pixels(
  file: string,
  input: ReadInput,
  indexColour: (i: number) => number,
): Promise<{ width: number; height: number; colours: Uint32Array } | string> {
  if (!(await input.io.exists(file))) return 'no such PNG';
  const p = await decodePng(await input.io.readBytes(file));
  if (typeof p === 'string') return p;
  const colours = pixelColours(p, indexColour);
  return typeof colours === 'string' ? colours : { width: p.width, height: p.height, colours };
}

/**
 * Reads CVAT's "Segmentation mask 1.1" export (Datumaro's voc_segmentation): labelmap.txt (`name:r,g,b::`;
 * without it VOC's 21 classes and colours), ImageSets/Segmentation/<subset>.txt (the image ids; else
 * SegmentationClass/'s PNGs), SegmentationClass/<id>.png (each pixel's class by colour: RGB, palette or
 * greyscale index) and SegmentationObject/<id>.png (each pixel's instance by colour). With instance PNGs
 * each instance is a mask of the class most of its pixels have; without them, each class present is one
 * mask of the image. Black and VOC's void colour (224, 224, 192) and the background label are no object.
 * Samples are the images of JPEGImages/ (or --images) by id, sized by the masks; an id that climbs out
 * of the dataset is refused.
 */
export async function readSegmentationMask(input: ReadInput): Promise<ReadResult> {
  const layout = await locateMaskExport(input.path, input.io);
  if (!layout)
    throw new AssayError('INVALID_INPUT', `${input.path} is not a segmentation mask export.`, {
      hint: 'CVAT\'s "Segmentation mask 1.1" export holds SegmentationClass/<image>.png with labelmap.txt or ImageSets/Segmentation/<subset>.txt beside it (SegmentationObject/ optional); name that folder.',
      details: { file: input.path },
    });
  const { root } = layout;
  const problems = new ProblemList();
  let labels: MapLabel[] = VOC_CLASSES.map((name, i) => ({ name, colour: vocColour(i) }));
  if (layout.labelmap) {
    const parsed = parseLabelmap(await input.io.readText(layout.labelmap));
    for (const line of parsed.bad)
      problems.skip(layout.labelmap, line.slice(0, 80), 'not a label line (name:r,g,b:parts:actions)');
    if (parsed.labels.length > 0) labels = parsed.labels;
  }
  const byColour = new Map<number, number>();
  for (const [i, l] of labels.entries()) if (!byColour.has(l.colour)) byColour.set(l.colour, i);
  const background = new Set(
    labels.flatMap((l, i) => (l.name.toLowerCase() === 'background' || l.colour === 0 ? [i] : [])),
  );

  const subsetById = await listedIds(layout.lists, input);
  if (subsetById.size === 0)
    for (const f of await input.io.listFiles(joinPath(root, 'SegmentationClass'), { recursive: true }))
      if (extName(f) === '.png') subsetById.set(stripExt(f), '');
  const imagesRoot =
    input.images ??
    ((await input.io.isDirectory(joinPath(root, 'JPEGImages'))) ? joinPath(root, 'JPEGImages') : root);
  const images = await imagesById(imagesRoot, input);

  const samples: Sample[] = [];
  const annotations: Annotation[] = [];
  const used = new Set<number>();
  const counts = { noImage: 0, unknown: 0, unknownColour: -1, noMask: 0, perClass: 0 };
  for (const [id, subset] of subsetById) {
    input.signal?.throwIfAborted();
    const classFile = joinPath(root, 'SegmentationClass', `${id}.png`);
    if (relativeInside(joinPath(root, 'SegmentationClass'), classFile) === undefined) {
      problems.skip(layout.lists[0] ?? root, id.slice(0, 80), `image id "${id}" climbs out of the dataset`);
      continue;
    }
    const image = images.get(id);
    if (!image) counts.noImage++;
    const key = image ?? `${id}.jpg`;
    const split = SPLIT_FOLDERS.get(subset);
    const cls = await pixels(classFile, input, (i) => labels[i]?.colour ?? vocColour(i));
    if (typeof cls === 'string') {
      if (cls === 'no such PNG') counts.noMask++;
      else problems.skip(classFile, undefined, cls);
      samples.push({ key, kind: 'image', ...(split ? { split } : {}) });
      continue;
    }
    const { width, height } = cls;
    samples.push({ key, kind: 'image', width, height, ...(split ? { split } : {}) });
    // Each pixel's label index + 1 (0: no object).
    const classOf = new Uint32Array(width * height);
    for (let i = 0; i < classOf.length; i++) {
      const c = cls.colours[i] as number;
      if (c === 0 || c === VOID) continue;
      const label = byColour.get(c);
      if (label === undefined) {
        counts.unknown++;
        if (counts.unknownColour < 0) counts.unknownColour = c;
      } else if (!background.has(label)) classOf[i] = label + 1;
    }
    const objectFile = joinPath(root, 'SegmentationObject', `${id}.png`);
    const obj = layout.hasObjects ? await pixels(objectFile, input, (i) => i) : 'no such PNG';
    if (typeof obj !== 'string' && (obj.width !== width || obj.height !== height))
      problems.warn(
        objectFile,
        undefined,
        `its size ${obj.width}×${obj.height} is not its class mask's ${width}×${height}: read by class`,
      );
    const instances = typeof obj !== 'string' && obj.width === width && obj.height === height;
    if (typeof obj === 'string' && obj !== 'no such PNG')
      problems.warn(objectFile, undefined, `${obj}: read by class`);
    // Instance ids: the object PNG's colour (+1, 0: none) where a class is set; else the class itself.
    const ids = new Uint32Array(width * height);
    const votes = new Map<number, Map<number, number>>();
    for (let i = 0; i < ids.length; i++) {
      const label = classOf[i] as number;
      if (label === 0) continue;
      if (!instances) {
        ids[i] = label;
        continue;
      }
      const c = obj.colours[i] as number;
      if (c === 0 || c === VOID) continue;
      const inst = c + 1;
      ids[i] = inst;
      let v = votes.get(inst);
      if (!v) votes.set(inst, (v = new Map()));
      v.set(label, (v.get(label) ?? 0) + 1);
    }
    if (!instances) counts.perClass++;
    for (const [inst, rle] of rlesById(ids, width, height)) {
      if (inst === 0) continue;
      let label = inst;
      if (instances) {
        let best = 0;
        for (const [l, n] of votes.get(inst) ?? []) if (n > best) [best, label] = [n, l];
      }
      const name = labels[label - 1]?.name as string;
      used.add(label - 1);
      annotations.push({
        sample: key,
        source: input.source,
        kind: 'mask',
        label: name,
        mask: rle,
        bbox: rleToBbox(rle),
        area: rleArea(rle),
        ...(instances
          ? {
              attributes: {
                instance_colour: `${(inst - 1) >> 16},${((inst - 1) >> 8) & 255},${(inst - 1) & 255}`,
              },
            }
          : {}),
      });
    }
  }
  const first = layout.labelmap ?? layout.lists[0] ?? root;
  if (counts.noImage > 0)
    problems.warn(
      first,
      undefined,
      `${counted(counts.noImage, 'image id')} with no image file in ${imagesRoot}: keyed <id>.jpg`,
      'CVAT exports the images (JPEGImages/) only when asked to; name their folder with --images.',
    );
  if (counts.noMask > 0)
    problems.warn(
      first,
      undefined,
      `${counted(counts.noMask, 'listed image')} with no SegmentationClass PNG: read without annotations`,
    );
  if (counts.unknown > 0)
    problems.warn(
      first,
      undefined,
      `${counted(counts.unknown, 'pixel')} of colours no label has (the first ${counts.unknownColour >> 16},${(counts.unknownColour >> 8) & 255},${counts.unknownColour & 255}): no object`,
      layout.labelmap ? undefined : "Without labelmap.txt the colours are PASCAL VOC's 21 classes.",
    );
  const notes = [
    `${counted(samples.length, 'image')}, ${counted(annotations.length, 'mask')}, ${counted(labels.length, 'label')}${layout.labelmap ? ' (labelmap.txt)' : ' (PASCAL VOC’s, no labelmap.txt)'}`,
  ];
  if (counts.perClass > 0)
    notes.push(
      `${counted(counts.perClass, 'image')} without an instance PNG (SegmentationObject/): one mask per class present`,
    );
  return {
    classes: labels.flatMap((l, i) => (background.has(i) ? [] : [{ name: l.name }])),
    samples,
    annotations,
    imagesRoot,
    problems: problems.items,
    notes,
  };
}
