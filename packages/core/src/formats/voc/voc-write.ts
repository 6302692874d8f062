import { AssayError } from '../../errors.js';
import { boxFromKeypoints } from '../../geometry/box.js';
import { polygonBbox } from '../../geometry/polygon.js';
import { rleToBbox } from '../../geometry/rle.js';
import type { Annotation } from '../../model/annotation.js';
import type { Sample } from '../../model/sample.js';
import type { WriteInput, WriteResult } from '../define-format.js';
import { NoteCounter } from '../note-counter.js';
import { joinPath, stripExt } from '../paths.js';
import { eachSampleAnnotations } from '../sample-annotations.js';
import { type VocObjectOut, vocAnnotationXml } from './voc-xml-writer.js';

const SAFE_SPLIT = /^[A-Za-z0-9_.-]+$/;

/**
 * VOC image ids are flat file stems: a key with folders, `a/b/c.jpg`, gets the id `a__b__c`
 * (Annotations/a__b__c.xml, listed in ImageSets). The image keeps its folders inside JPEGImages/ and
 * <filename> holds the key itself, so reading restores `a/b/c.jpg`. Clashing ids get `_2`, `_3`...
 */
export function vocImageId(key: string, used: Set<string>): string {
  const base = stripExt(key).replaceAll('/', '__');
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
  used.add(id);
  return id;
}

function boxOf(a: Annotation): number[] | undefined {
  return (
    a.bbox ??
    (a.points ? polygonBbox(a.points) : undefined) ??
    (a.mask ? rleToBbox(a.mask) : undefined) ??
    (a.keypoints ? boxFromKeypoints(a.keypoints) : undefined)
  );
}

/**
 * A box as VOC devkit files hold it: whole pixels, inside the image. Each edge is rounded to the nearest
 * integer (the devkit's files and most readers, `int(xmin.text)`, take integers) and clipped to
 * 0..width / 0..height (Assay's reader, like the devkit, refuses negative coordinates). No ±1 shift:
 * Assay reads VOC edges as they are (see voc-object.ts), so integer boxes inside the image round-trip
 * exactly and fractional ones within half a pixel.
 */
export function vocIntegerBox(
  [x = 0, y = 0, w = 0, h = 0]: number[],
  size: { width: number; height: number },
  notes: NoteCounter,
): [number, number, number, number] {
  const maxX = size.width > 0 ? size.width : Number.POSITIVE_INFINITY;
  const maxY = size.height > 0 ? size.height : Number.POSITIVE_INFINITY;
  const edges = [x, y, x + w, y + h];
  const clipped = [
    Math.min(maxX, Math.max(0, x)),
    Math.min(maxY, Math.max(0, y)),
    Math.min(maxX, Math.max(0, x + w)),
    Math.min(maxY, Math.max(0, y + h)),
  ];
  if (clipped.some((v, i) => v !== edges[i]))
    notes.add('boxes reaching outside the image clipped to its edges (VOC coordinates lie inside the image)');
  const [x1, y1, x2, y2] = clipped.map(Math.round) as [number, number, number, number];
  if (clipped.some((v) => !Number.isInteger(v)))
    notes.add('boxes with fractional coordinates rounded to whole pixels (VOC devkit files hold integers)');
  return [x1, y1, x2 - x1, y2 - y1];
}

/** Top-level objects of one image, with bbox annotations whose `parent` names another one nested as <part>s. */
function vocObjects(
  anns: Annotation[],
  size: { width: number; height: number },
  notes: NoteCounter,
): VocObjectOut[] {
  const ids = new Set<unknown>(
    anns.filter((a) => a.attributes?.parent === undefined).map((a) => a.originalId),
  );
  const isPart = (a: Annotation) =>
    a.kind === 'bbox' && a.attributes?.parent !== undefined && ids.has(a.attributes.parent);
  const objects: VocObjectOut[] = [];
  for (const a of anns) {
    if (isPart(a)) continue;
    if (a.kind === 'classification')
      notes.add('classification labels are not written (VOC objects need a box)');
    const bbox = a.kind === 'classification' ? undefined : boxOf(a);
    if (!bbox || a.label === undefined) {
      if (a.kind !== 'classification') notes.add('annotations without a class or a box skipped');
      continue;
    }
    if (a.kind !== 'bbox') notes.add(`${a.kind} annotations written as their boxes`);
    if (a.score !== undefined) notes.add('prediction scores dropped (VOC has no score field)');
    const parts = anns
      .filter((p) => isPart(p) && p.attributes?.parent === a.originalId && p.bbox && p.label !== undefined)
      .map((p) => ({ label: p.label as string, bbox: vocIntegerBox(p.bbox as number[], size, notes) }));
    objects.push({
      label: a.label,
      bbox: vocIntegerBox(bbox, size, notes),
      attributes: a.attributes ?? {},
      parts,
    });
  }
  return objects;
}

async function imageSize(input: WriteInput, sample: Sample, notes: NoteCounter) {
  if (sample.width && sample.height) return { width: sample.width, height: sample.height };
  const size = await input.io.imageSize(joinPath(input.imagesRoot, sample.key));
  if (!size) notes.addExample('images of unknown size written with <size> 0', sample.key);
  return size ?? { width: 0, height: 0 };
}

/** Where an image goes: JPEGImages/<key> as it is, or (flat) JPEGImages/<id>.jpg, converted when not JPEG. */
async function writeImage(
  input: WriteInput,
  sample: Sample,
  id: string,
  notes: NoteCounter,
): Promise<string | undefined> {
  const { io, outDir } = input;
  const source = joinPath(input.imagesRoot, sample.key);
  if (!(await io.exists(source))) {
    notes.addExample(`images not found under ${input.imagesRoot}, not copied`, sample.key);
    return undefined;
  }
  const jpeg = /\.jpe?g$/i.test(sample.key);
  const target = joinPath(outDir, 'JPEGImages', input.flat ? `${id}.jpg` : sample.key);
  if (!input.flat || jpeg) await io.copyFile(source, target);
  else {
    await io.convertImage(source, target, 'jpeg');
    notes.add('images that are not JPEG converted to JPEG (quality 95) for JPEGImages/<id>.jpg');
  }
  return target;
}

/** What the devkit's flat layout moved: said once each, so a user knows where to look. */
function layoutNotes(input: WriteInput, sample: Sample, id: string, notes: NoteCounter): void {
  if (input.flat) {
    if (`${id}.jpg` !== sample.key)
      notes.add(
        'images renamed to JPEGImages/<id>.jpg (devkit-flat); image-keys.json maps each id to its key',
      );
    return;
  }
  if (sample.key.includes('/'))
    notes.add(
      'images in sub-folders kept as JPEGImages/<folders>/<file>, <filename> naming that path; the VOC devkit looks for JPEGImages/<id>.jpg (--voc-flat writes that)',
    );
  if (!/\.jpe?g$/i.test(sample.key))
    notes.add(
      (input.images ?? 'copy') === 'copy'
        ? 'images that are not JPEG copied as they are; the VOC devkit and torchvision look for <id>.jpg (--voc-flat converts them)'
        : 'images that are not JPEG named as they are in <filename>; the VOC devkit and torchvision look for <id>.jpg (--voc-flat names them so)',
    );
}

/**
 * Writes Annotations/<id>.xml, JPEGImages/<key> and ImageSets/Main/<split>.txt. With `flat` (--voc-flat),
 * the devkit's own layout: JPEGImages/<id>.jpg for every id (non-JPEG images converted), <filename>
 * `<id>.jpg`, and image-keys.json ({id: sample key}) so a round trip can be traced back to the keys.
 */
export async function writeVoc(input: WriteInput): Promise<WriteResult> {
  const { outDir, io } = input;
  const notes = new NoteCounter();
  const files: string[] = [];
  const used = new Set<string>();
  const splits = new Map<string, string[]>();
  const keyOfId: Record<string, string> = {};
  let objectCount = 0;
  // One small XML per image: staged and moved into place together when the IO can (format-io.ts).
  const staged = io.stagedFiles?.(joinPath(outDir, 'Annotations'));
  const writeXml = staged
    ? (path: string, text: string) => staged.write(path, text)
    : (path: string, text: string) => io.writeText(path, text);
  try {
    // Samples with their annotations: from the project in batches on export (never all at once).
    for await (const { sample, annotations } of eachSampleAnnotations(input)) {
      if (input.signal?.aborted) throw new AssayError('INTERRUPTED', `Writing ${outDir} was interrupted.`);
      const id = vocImageId(sample.key, used);
      keyOfId[id] = sample.key;
      const split = sample.split && SAFE_SPLIT.test(sample.split) ? sample.split : 'train';
      if (split !== sample.split)
        notes.add('samples without a split (or with an unusable name) listed in ImageSets/Main/train.txt');
      const ids = splits.get(split);
      if (ids) ids.push(id);
      else splits.set(split, [id]);
      const size = await imageSize(input, sample, notes);
      const depth = Number(sample.metadata?.depth) || 3;
      const objects = vocObjects(annotations, size, notes);
      objectCount += objects.reduce((n, o) => n + 1 + o.parts.length, 0);
      const xmlPath = joinPath(outDir, 'Annotations', `${id}.xml`);
      const filename = input.flat ? `${id}.jpg` : sample.key;
      await writeXml(xmlPath, vocAnnotationXml({ filename, ...size, depth, objects }));
      files.push(xmlPath);
      layoutNotes(input, sample, id, notes);
      if ((input.images ?? 'copy') === 'copy') {
        const image = await writeImage(input, sample, id, notes);
        if (image) files.push(image);
      }
    }
    await staged?.commit();
  } catch (error) {
    await staged?.discard();
    throw error;
  }
  if (input.flat) {
    const map = joinPath(outDir, 'image-keys.json');
    await io.writeText(map, `${JSON.stringify(keyOfId, null, 2)}\n`);
    files.push(map);
  }
  for (const [split, ids] of splits) {
    const list = joinPath(outDir, 'ImageSets', 'Main', `${split}.txt`);
    await io.writeText(list, ids.map((id) => `${id}\n`).join(''));
    files.push(list);
  }
  return { files, notes: notes.list(), annotations: objectCount };
}
