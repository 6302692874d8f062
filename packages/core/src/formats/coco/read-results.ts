import { rleArea, rleCounts, rleToBbox } from '../../geometry/rle.js';
import type { Annotation, Rle } from '../../model/annotation.js';
import type { ClassDef } from '../../model/class-def.js';
import type { Sample } from '../../model/sample.js';
import { counted } from '../counted.js';
import type { Dataset } from '../dataset.js';
import type { ProjectLookup } from '../define-format.js';
import { previewJson } from '../preview-json.js';
import type { ProblemList } from '../problems.js';
import { readScalars } from './read-annotation.js';
import { boxOfGeometry, isCocoId, readBbox, readKeypoints, readSegmentation } from './read-geometry.js';
import { type CocoId, isRecord } from './schema.js';

interface Unknowns {
  count: number;
  ids: CocoId[];
  firstIndex: number;
}

interface ResultsContext {
  file: string;
  source: string;
  problems: ProblemList;
  lookup: ProjectLookup;
  keys: Map<unknown, string | null>;
  classes: Map<unknown, ClassDef | null>;
  unknownImages: Unknowns;
  unknownClasses: Unknowns;
  /** Samples and classes referred to for the first time since the last drain. */
  fresh: { samples: Sample[]; classes: ClassDef[] };
}

function tally(unknowns: Unknowns, id: unknown, index: number): undefined {
  if (unknowns.count++ === 0) unknowns.firstIndex = index;
  if (unknowns.ids.length < 5 && !unknowns.ids.includes(id as CocoId)) unknowns.ids.push(id as CocoId);
  return undefined;
}

function sampleKey(ctx: ResultsContext, id: unknown): string | undefined {
  let key = ctx.keys.get(id);
  if (key === undefined) {
    key =
      typeof id === 'number' || typeof id === 'string'
        ? (ctx.lookup.sampleKeyByOriginalId(id) ?? null)
        : null;
    ctx.keys.set(id, key);
    if (key !== null) ctx.fresh.samples.push({ key, originalId: id as CocoId });
  }
  return key ?? undefined;
}

function classDef(ctx: ResultsContext, id: unknown): ClassDef | undefined {
  let def = ctx.classes.get(id);
  if (def === undefined) {
    const name =
      typeof id === 'number' || typeof id === 'string'
        ? ctx.lookup.classNameByOriginalId('coco', id)
        : undefined;
    def = name === undefined ? null : { name, originalIds: { coco: id as CocoId } };
    ctx.classes.set(id, def);
    if (def !== null) ctx.fresh.classes.push(def);
  }
  return def ?? undefined;
}

/** Box and area of a mask, decoding its counts once. */
function maskGeometry(mask: Rle): { box: [number, number, number, number]; area: number } {
  const plain: Rle = { size: mask.size, counts: rleCounts(mask) };
  return { box: rleToBbox(plain), area: rleArea(plain) };
}

function readDetection(raw: unknown, index: number, ctx: ResultsContext): Annotation | string | undefined {
  if (!isRecord(raw)) return 'a detection must be an object';
  if (!isCocoId(raw.image_id) || !isCocoId(raw.category_id)) {
    return `image_id and category_id must be integers; got ${previewJson(raw.image_id)}, ${previewJson(raw.category_id)}`;
  }
  const sample = sampleKey(ctx, raw.image_id);
  if (sample === undefined) return tally(ctx.unknownImages, raw.image_id, index);
  const def = classDef(ctx, raw.category_id);
  if (def === undefined) return tally(ctx.unknownClasses, raw.category_id, index);
  const bbox = readBbox(raw.bbox);
  if (typeof bbox === 'string') return bbox;
  const segmentation = readSegmentation(raw.segmentation);
  if (typeof segmentation === 'string') return segmentation;
  const keypoints = readKeypoints(raw.keypoints);
  if (typeof keypoints === 'string') return keypoints;
  const points = segmentation && 'points' in segmentation ? segmentation.points : undefined;
  const mask = segmentation && 'mask' in segmentation ? segmentation.mask : undefined;
  if (!bbox && !segmentation && !keypoints) return 'a detection needs a bbox, a segmentation or keypoints';
  const annotation: Annotation = {
    sample,
    source: ctx.source,
    kind: keypoints ? 'keypoints' : mask ? 'mask' : points ? 'polygon' : 'bbox',
    label: def.name,
  };
  const fromMask = mask ? maskGeometry(mask) : undefined;
  const box = bbox ?? fromMask?.box ?? boxOfGeometry(points, undefined, keypoints);
  if (box) annotation.bbox = box;
  if (points) annotation.points = points;
  if (mask) annotation.mask = mask;
  if (keypoints) annotation.keypoints = keypoints;
  const warning = readScalars(raw, annotation);
  if (warning) ctx.problems.warn(ctx.file, `[${index}]`, warning);
  if (annotation.area === undefined) {
    if (fromMask) annotation.area = fromMask.area;
    else if (box) annotation.area = box[2] * box[3];
  }
  return annotation;
}

function reportUnknown(ctx: ResultsContext, unknowns: Unknowns, what: 'image_id' | 'category_id'): void {
  if (unknowns.count === 0) return;
  const examples = unknowns.ids.map((id) => JSON.stringify(id)).join(', ');
  const where = what === 'image_id' ? 'images' : 'classes';
  const more = unknowns.count > 1 ? ` and ${unknowns.count - 1} more` : '';
  const article = what === 'image_id' ? 'an' : 'a';
  ctx.problems.skip(
    ctx.file,
    `[${unknowns.firstIndex}]${more}`,
    `${counted(unknowns.count, 'detection')} ${unknowns.count === 1 ? 'has' : 'have'} ${article} ${what} that matches none of the project's ${where} (e.g. ${examples})`,
    what === 'image_id'
      ? 'Import the COCO ground-truth file of these images first: results refer to its image ids.'
      : 'Import the ground truth with its categories first: results refer to COCO category ids.',
  );
}

const none = (): Unknowns => ({ count: 0, ids: [], firstIndex: 0 });

/**
 * Reads a COCO results list (detections) record by record. Image and category ids are resolved
 * through the project lookup; detections with unknown ids are skipped and reported as one problem per
 * kind of id, naming examples. A missing bbox is derived from the mask / polygon / keypoints and a
 * missing area from the mask or box, as pycocotools' loadRes does. Only referenced samples and
 * classes are returned.
 */
export class ResultsReader {
  private readonly ctx: ResultsContext;
  private annotations: Annotation[] = [];
  /** Records read so far, and detections kept (handed over by `drain` or not). */
  count = 0;
  kept = 0;

  constructor(file: string, source: string, problems: ProblemList, lookup: ProjectLookup) {
    const [unknownImages, unknownClasses] = [none(), none()];
    this.ctx = {
      file,
      source,
      problems,
      lookup,
      keys: new Map(),
      classes: new Map(),
      unknownImages,
      unknownClasses,
      fresh: { samples: [], classes: [] },
    };
  }

  /** The record at `index` of the list; records must come in order. */
  add(raw: unknown, index: number): void {
    this.count++;
    const result = readDetection(raw, index, this.ctx);
    if (typeof result === 'string') this.ctx.problems.skip(this.ctx.file, `[${index}]`, result);
    else if (result) {
      this.annotations.push(result);
      this.kept++;
    }
  }

  /** Detections read and not handed over yet. */
  get waiting(): number {
    return this.annotations.length;
  }

  /**
   * Hands over the detections read since the last call, with the samples and classes they are the
   * first to refer to (finish then still returns every sample and class referred to).
   */
  drain(): { annotations: Annotation[]; samples: Sample[]; classes: ClassDef[] } {
    const annotations = this.annotations;
    this.annotations = [];
    const { samples, classes } = this.ctx.fresh;
    this.ctx.fresh = { samples: [], classes: [] };
    return { annotations, samples, classes };
  }

  private referencedSamples(): Sample[] {
    const samples: Sample[] = [];
    for (const [id, key] of this.ctx.keys) if (key !== null) samples.push({ key, originalId: id as CocoId });
    return samples;
  }

  private referencedClasses(): ClassDef[] {
    const classes: ClassDef[] = [];
    for (const def of this.ctx.classes.values()) if (def !== null) classes.push(def);
    return classes;
  }

  finish(): Dataset {
    const { ctx } = this;
    reportUnknown(ctx, ctx.unknownImages, 'image_id');
    reportUnknown(ctx, ctx.unknownClasses, 'category_id');
    return {
      samples: this.referencedSamples(),
      classes: this.referencedClasses(),
      annotations: this.annotations,
    };
  }

  /** The note readCoco gives for the list. */
  note(): string {
    return `results file: ${this.count} detections, ${this.kept} read`;
  }
}
