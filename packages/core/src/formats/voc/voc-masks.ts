import { rleArea, rleToBbox } from '../../geometry/rle.js';
import type { Annotation } from '../../model/annotation.js';
import type { FormatIO } from '../format-io.js';
import { rlesById } from '../mask-bits.js';
import { joinPath } from '../paths.js';
import { decodePng } from '../png-mask.js';
import type { ProblemList } from '../problems.js';
import {
  type MapLabel,
  parseLabelmap,
  pixelColours,
  VOC_CLASSES,
  VOID,
  vocColour,
} from '../segmentation-mask/mask-colours.js';

/** The mask PNGs beside a VOC folder's Annotations/: SegmentationObject/, SegmentationClass/ and their labels. */
export interface VocMasks {
  objectDir: string;
  classDir?: string;
  /** labelmap.txt's labels (CVAT's and Datumaro's VOC exports), else VOC's 21 with its colours. */
  labels: MapLabel[];
}

/** What joining masks to objects met, for readVoc's notes. */
export interface VocMaskCounts {
  joined: number;
  apart: number;
  files: number;
}

/** The VOC folder's SegmentationObject/ (with SegmentationClass/ and labelmap.txt when there), or undefined. */
export async function vocMasks(root: string | undefined, io: FormatIO): Promise<VocMasks | undefined> {
  if (root === undefined) return undefined;
  const objectDir = joinPath(root, 'SegmentationObject');
  if (!(await io.isDirectory(objectDir))) return undefined;
  const classDir = joinPath(root, 'SegmentationClass');
  const labelmap = joinPath(root, 'labelmap.txt');
  const mapped = (await io.exists(labelmap)) ? parseLabelmap(await io.readText(labelmap)).labels : [];
  return {
    objectDir,
    ...((await io.isDirectory(classDir)) ? { classDir } : {}),
    labels: mapped.length > 0 ? mapped : VOC_CLASSES.map((name, i) => ({ name, colour: vocColour(i) })),
  };
}

/** VOC's colour of each index (its devkit's colour map), back to the index: instance k's colour is vocColour(k). */
const INDEX_OF_COLOUR = new Map(Array.from({ length: 256 }, (_, i) => [vocColour(i), i] as const));

async function colours(
  file: string,
  io: FormatIO,
): Promise<{ width: number; height: number; colours: Uint32Array } | string | undefined> {
  if (!(await io.exists(file))) return undefined;
  const p = await decodePng(await io.readBytes(file));
  if (typeof p === 'string') return p;
  const out = pixelColours(p, vocColour);
  return typeof out === 'string' ? out : { width: p.width, height: p.height, colours: out };
}

/** The class name most pixels of each instance have in the class PNG (background, void and unknown colours none). */
function classVotes(
  ids: Uint32Array,
  cls: Uint32Array,
  labels: readonly MapLabel[],
): Map<number, string | undefined> {
  const byColour = new Map(labels.map((l) => [l.colour, l.name] as const));
  const votes = new Map<number, Map<string, number>>();
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as number;
    const name = byColour.get(cls[i] as number);
    if (id === 0 || name === undefined || name.toLowerCase() === 'background') continue;
    let v = votes.get(id);
    if (!v) votes.set(id, (v = new Map()));
    v.set(name, (v.get(name) ?? 0) + 1);
  }
  const out = new Map<number, string | undefined>();
  for (const [id, v] of votes) {
    let best: string | undefined;
    let most = 0;
    for (const [name, n] of v) if (n > most) [most, best] = [n, name];
    out.set(id, best);
  }
  return out;
}

/** Each pixel's instance index (0: none) from SegmentationObject's colours: VOC's colour of index k is instance k. */
function instanceIds(colourOf: Uint32Array): Uint32Array {
  const ids = new Uint32Array(colourOf.length);
  for (let i = 0; i < ids.length; i++) {
    const c = colourOf[i] as number;
    if (c !== 0 && c !== VOID) ids[i] = INDEX_OF_COLOUR.get(c) ?? 0;
  }
  return ids;
}

/**
 * Joins SegmentationObject/<id>.png to the file's objects as VOC's devkit, CVAT and Datumaro pair them:
 * instance k (VOC's colour of index k, or palette index k) is the k-th <object>. Joined, the object's
 * box annotation becomes a mask annotation keeping its box, label and attributes. An instance whose
 * object is missing or no box, or whose class in SegmentationClass/<id>.png is not the object's name,
 * is read as a mask of its own, of its class there (counted apart, with a warning naming both).
 * Void (224, 224, 192) and black are no instance. Annotations are returned unchanged without a PNG.
 */
export async function joinVocMasks(
  masks: VocMasks,
  id: string,
  annotations: Annotation[],
  sample: { key: string; source: string; width?: number; height?: number },
  io: FormatIO,
  problems: ProblemList,
  counts: VocMaskCounts,
): Promise<Annotation[]> {
  const objectFile = joinPath(masks.objectDir, `${id}.png`);
  const obj = await colours(objectFile, io);
  if (obj === undefined) return annotations;
  if (typeof obj === 'string') {
    problems.warn(objectFile, undefined, `${obj}: the objects are read without their masks`);
    return annotations;
  }
  const { width, height } = obj;
  if (
    (sample.width !== undefined && sample.width !== width) ||
    (sample.height !== undefined && sample.height !== height)
  ) {
    problems.warn(
      objectFile,
      undefined,
      `its size ${width}×${height} is not the annotation's ${sample.width}×${sample.height}: the objects are read without their masks`,
    );
    return annotations;
  }
  counts.files++;
  const ids = instanceIds(obj.colours);
  const classFile = masks.classDir ? joinPath(masks.classDir, `${id}.png`) : undefined;
  const cls = classFile ? await colours(classFile, io) : undefined;
  if (typeof cls === 'string')
    problems.warn(classFile as string, undefined, `${cls}: instances matched to objects by order only`);
  const sameSize = typeof cls === 'object' && cls.width === width && cls.height === height;
  const classOf = sameSize ? classVotes(ids, cls.colours, masks.labels) : undefined;
  const objects = new Map<number, number>();
  for (const [i, a] of annotations.entries())
    if (typeof a.originalId === 'number' && a.attributes?.parent === undefined) objects.set(a.originalId, i);
  const out = [...annotations];
  for (const [k, rle] of rlesById(ids, width, height)) {
    if (k === 0) continue;
    const at = objects.get(k);
    const object = at === undefined ? undefined : annotations[at];
    const named = classOf?.get(k);
    const mask = { mask: rle, area: rleArea(rle) };
    if (at !== undefined && object?.kind === 'bbox' && (named === undefined || named === object.label)) {
      out[at] = { ...object, kind: 'mask', ...mask };
      counts.joined++;
      continue;
    }
    const label = named ?? (classOf === undefined ? object?.label : undefined);
    counts.apart++;
    const why = object
      ? `its class ${named ?? '(none)'} is not <object> ${k}'s ${object.label}${object.kind === 'bbox' ? '' : ` (a ${object.kind})`}`
      : `there is no <object> ${k}`;
    problems.warn(
      objectFile,
      `instance ${k}`,
      label === undefined ? `${why}, and it has no class: not read` : `${why}: read as a mask of its own`,
    );
    if (label === undefined) continue;
    out.push({
      sample: sample.key,
      source: sample.source,
      kind: 'mask',
      label,
      bbox: rleToBbox(rle),
      ...mask,
      attributes: { instance: k },
    });
  }
  return out;
}
