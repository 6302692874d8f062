import type { Annotation, AttributeValue } from '../../model/annotation.js';
import { previewJson } from '../preview-json.js';
import { areaOfGeometry, boxOfGeometry, readBbox, readKeypoints, readSegmentation } from './read-geometry.js';
import { isRecord } from './schema.js';

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

function hasGeometry(raw: Record<string, unknown>): boolean {
  return raw.bbox != null || raw.segmentation != null || raw.keypoints != null;
}

/** A record of `annotations` that gives no annotation: the caption it carries, or why it is skipped. */
export class NotAnnotation {
  constructor(
    /** The record's own id (for problem messages), undefined when it has none. */
    readonly id: unknown,
    readonly reason?: string,
    readonly caption?: string,
    /** Not an object at all: reported before its ids are looked up. */
    readonly notObject = false,
  ) {}
}

/** A record of `annotations` read on its own, before its image and category ids are looked up. */
export interface ParsedAnnotation {
  /** The record's `id`, for problem messages. */
  id: unknown;
  imageId: unknown;
  categoryId: unknown;
  /** The annotation with `sample` and `label` still empty, or what the record is instead. */
  value: Annotation | NotAnnotation;
  /** Set when the annotation is kept with a change (see readScalars). */
  warning: string | undefined;
}

function notAnnotation(raw: Record<string, unknown>, reason?: string, caption?: string): ParsedAnnotation {
  const value = new NotAnnotation(raw.id, reason, caption);
  return { id: raw.id, imageId: raw.image_id, categoryId: raw.category_id, value, warning: undefined };
}

/**
 * One record of `annotations` → one Annotation whose `sample` and `label` are filled in later (see
 * pending-annotations.ts). Kind: keypoints > mask (RLE) > polygon > bbox > classification (a record
 * with a category and no geometry, as in labels files). Every geometry present is kept on the one
 * annotation; a missing bbox is derived from the geometry, a missing area from the mask, polygons or box.
 * A captions-file record (a caption, no geometry) and a record with bad geometry give a NotAnnotation.
 */
export function parseInstanceAnnotation(raw: unknown, source: string): ParsedAnnotation {
  if (!isRecord(raw)) {
    const value = new NotAnnotation(undefined, 'an annotation must be an object', undefined, true);
    return { id: undefined, imageId: undefined, categoryId: undefined, value, warning: undefined };
  }
  const { image_id: imageId, category_id: categoryId } = raw;
  if (typeof raw.caption === 'string' && !hasGeometry(raw)) return notAnnotation(raw, undefined, raw.caption);
  const bbox = readBbox(raw.bbox);
  if (typeof bbox === 'string') return notAnnotation(raw, bbox);
  const segmentation = readSegmentation(raw.segmentation);
  if (typeof segmentation === 'string') return notAnnotation(raw, segmentation);
  const keypoints = readKeypoints(raw.keypoints);
  if (typeof keypoints === 'string') return notAnnotation(raw, keypoints);
  const points = segmentation && 'points' in segmentation ? segmentation.points : undefined;
  const mask = segmentation && 'mask' in segmentation ? segmentation.mask : undefined;

  const annotation: Annotation = {
    sample: '',
    source,
    kind: keypoints ? 'keypoints' : mask ? 'mask' : points ? 'polygon' : bbox ? 'bbox' : 'classification',
    label: '',
  };
  const box = bbox ?? boxOfGeometry(points, mask, keypoints);
  if (box) annotation.bbox = box;
  if (points) annotation.points = points;
  if (mask) annotation.mask = mask;
  if (keypoints) annotation.keypoints = keypoints;
  const warning = readScalars(raw, annotation);
  if (annotation.area === undefined && box) annotation.area = areaOfGeometry(points, mask, box);
  return { id: raw.id, imageId, categoryId, value: annotation, warning };
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
  else if (area != null) warning = `area must be a non-negative number; got ${previewJson(area)}; ignored`;
  if (iscrowd === 1 || iscrowd === true) annotation.iscrowd = true;
  if (typeof score === 'number' && Number.isFinite(score)) annotation.score = score;
  else if (score != null) warning = `score must be a number; got ${previewJson(score)}; dropped`;
  if (typeof id === 'number' || typeof id === 'string') annotation.originalId = id;
  const probs = raw.probs;
  if (Array.isArray(probs) && probs.every((p) => typeof p === 'number' && Number.isFinite(p)))
    annotation.probs = probs;
  else if (probs != null) warning = `probs must be a list of numbers; got ${previewJson(probs)}; dropped`;
  if (raw.attributes !== undefined) {
    const attributes = readAttributes(raw.attributes);
    if (attributes) annotation.attributes = attributes;
  }
  return warning;
}
