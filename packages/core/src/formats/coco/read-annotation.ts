import type { Annotation, AttributeValue } from '../../model/annotation.js';
import type { ProblemList } from '../problems.js';
import type { CategoryTable } from './read-categories.js';
import { areaOfGeometry, boxOfGeometry, readBbox, readKeypoints, readSegmentation } from './read-geometry.js';
import type { ImageTable } from './read-images.js';
import { isRecord } from './schema.js';

export interface InstanceContext {
  file: string;
  source: string;
  problems: ProblemList;
  images: ImageTable;
  categories: CategoryTable;
}

function readAttributes(value: unknown): Record<string, AttributeValue> | undefined {
  if (!isRecord(value)) return undefined;
  let out: Record<string, AttributeValue> | undefined;
  for (const key in value) {
    const v = value[key];
    if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) {
      out ??= {};
      out[key] = v;
    }
  }
  return out;
}

/** A captions-file record: the text goes to the sample's `metadata.captions` list. */
function addCaption(ctx: InstanceContext, key: string, caption: string): void {
  const sample = ctx.images.sampleByKey.get(key);
  if (!sample) return;
  sample.metadata ??= {};
  const list = sample.metadata.captions;
  if (Array.isArray(list)) list.push(caption);
  else sample.metadata.captions = [caption];
}

function hasGeometry(raw: Record<string, unknown>): boolean {
  return raw.bbox != null || raw.segmentation != null || raw.keypoints != null;
}

function skip(ctx: InstanceContext, raw: unknown, index: number, reason: string, hint?: string): undefined {
  const id = isRecord(raw) && raw.id !== undefined ? ` (id ${JSON.stringify(raw.id)})` : '';
  ctx.problems.skip(ctx.file, `annotations[${index}]${id}`, reason, hint);
  return undefined;
}

/**
 * One record of `annotations` → one Annotation, or undefined (skipped with a problem, or a caption).
 * Kind: keypoints > mask (RLE) > polygon > bbox > classification (a record with a category and no
 * geometry, as in labels files). Every geometry present is kept on the one annotation; a missing bbox
 * is derived from the geometry, a missing area from the mask, polygons or box.
 */
export function readInstanceAnnotation(
  raw: unknown,
  index: number,
  ctx: InstanceContext,
): Annotation | undefined {
  if (!isRecord(raw)) return skip(ctx, raw, index, 'an annotation must be an object');
  const sample = ctx.images.keyById.get(raw.image_id as number);
  if (sample === undefined) {
    const reason = `image_id ${JSON.stringify(raw.image_id)} is not in images`;
    return skip(ctx, raw, index, reason, 'Add the image or drop the annotation.');
  }
  if (typeof raw.caption === 'string' && !hasGeometry(raw)) {
    addCaption(ctx, sample, raw.caption);
    return undefined;
  }
  const label = ctx.categories.nameById.get(raw.category_id as number);
  if (label === undefined) {
    const reason = `category_id ${JSON.stringify(raw.category_id)} is not in categories`;
    return skip(ctx, raw, index, reason, 'Add the category or drop the annotation.');
  }
  const bbox = readBbox(raw.bbox);
  if (typeof bbox === 'string') return skip(ctx, raw, index, bbox);
  const segmentation = readSegmentation(raw.segmentation);
  if (typeof segmentation === 'string') return skip(ctx, raw, index, segmentation);
  const keypoints = readKeypoints(raw.keypoints);
  if (typeof keypoints === 'string') return skip(ctx, raw, index, keypoints);
  const points = segmentation && 'points' in segmentation ? segmentation.points : undefined;
  const mask = segmentation && 'mask' in segmentation ? segmentation.mask : undefined;

  const annotation: Annotation = {
    sample,
    source: ctx.source,
    kind: keypoints ? 'keypoints' : mask ? 'mask' : points ? 'polygon' : bbox ? 'bbox' : 'classification',
    label,
  };
  const box = bbox ?? boxOfGeometry(points, mask, keypoints);
  if (box) annotation.bbox = box;
  if (points) annotation.points = points;
  if (mask) annotation.mask = mask;
  if (keypoints) annotation.keypoints = keypoints;
  const warning = readScalars(raw, annotation);
  if (warning) ctx.problems.warn(ctx.file, `annotations[${index}]`, warning);
  if (annotation.area === undefined && box) annotation.area = areaOfGeometry(points, mask, box);
  return annotation;
}

/**
 * area, iscrowd, score, id, attributes, and Assay's `probs` extension (class probabilities of a
 * prediction, in the order of the file's categories): kept when well-typed. A bad area or score is dropped; the
 * returned text says so (a warning for the caller to record).
 */
export function readScalars(raw: Record<string, unknown>, annotation: Annotation): string | undefined {
  const { area, iscrowd, score, id } = raw;
  let warning: string | undefined;
  if (typeof area === 'number' && Number.isFinite(area) && area >= 0) annotation.area = area;
  else if (area != null) warning = `area must be a non-negative number; got ${JSON.stringify(area)}; ignored`;
  if (iscrowd === 1 || iscrowd === true) annotation.iscrowd = true;
  if (typeof score === 'number' && Number.isFinite(score)) annotation.score = score;
  else if (score != null) warning = `score must be a number; got ${JSON.stringify(score)}; dropped`;
  if (typeof id === 'number' || typeof id === 'string') annotation.originalId = id;
  const probs = raw.probs;
  if (Array.isArray(probs) && probs.every((p) => typeof p === 'number' && Number.isFinite(p)))
    annotation.probs = probs;
  else if (probs != null)
    warning = `probs must be a list of numbers; got ${JSON.stringify(probs).slice(0, 60)}; dropped`;
  if (raw.attributes !== undefined) {
    const attributes = readAttributes(raw.attributes);
    if (attributes) annotation.attributes = attributes;
  }
  return warning;
}
