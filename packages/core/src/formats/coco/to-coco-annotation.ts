import type { Annotation } from '../../model/annotation.js';
import { areaOfGeometry, boxOfGeometry } from './read-geometry.js';
import type { CocoAnnotation, CocoId, CocoResult, CocoSegmentation } from './schema.js';

function segmentationOf(a: Annotation): CocoSegmentation | undefined {
  if (a.kind === 'polyline') return undefined;
  return a.mask ?? a.points;
}

function bboxOf(a: Annotation): number[] | undefined {
  return a.bbox ?? boxOfGeometry(a.points, a.mask, a.keypoints);
}

/** Area as the annotation states it, else derived: mask pixels, polygon shoelace area, box area. */
function areaOf(a: Annotation, bbox: number[] | undefined): number | undefined {
  if (a.area !== undefined) return a.area;
  return areaOfGeometry(a.kind === 'polygon' ? a.points : undefined, a.mask, bbox);
}

function countLabeled(keypoints: number[]): number {
  let n = 0;
  for (let i = 2; i < keypoints.length; i += 3) if ((keypoints[i] as number) > 0) n++;
  return n;
}

/**
 * One annotation as a COCO instances record. Every geometry the annotation carries is written
 * (polygon rings or the RLE as stored, compressed or not; keypoints with num_keypoints); a polyline
 * has no COCO form and is written as its box. A classification is a record without geometry.
 */
export function toCocoAnnotation(
  a: Annotation,
  id: CocoId,
  imageId: CocoId,
  categoryId: CocoId,
): CocoAnnotation {
  const out: CocoAnnotation = { id, image_id: imageId, category_id: categoryId };
  if (a.kind === 'classification') return out;
  const segmentation = segmentationOf(a);
  if (segmentation) out.segmentation = segmentation;
  const bbox = bboxOf(a);
  const area = areaOf(a, bbox);
  if (area !== undefined) out.area = area;
  if (bbox) out.bbox = bbox;
  out.iscrowd = a.iscrowd ? 1 : 0;
  if (a.keypoints) {
    out.keypoints = a.keypoints;
    out.num_keypoints = countLabeled(a.keypoints);
  }
  if (a.score !== undefined) out.score = a.score;
  if (a.attributes) out.attributes = a.attributes;
  return out;
}

/** One annotation as a COCO results record (image_id, category_id, geometry, score). */
export function toCocoResult(a: Annotation, imageId: CocoId, categoryId: CocoId): CocoResult {
  const out: CocoResult = { image_id: imageId, category_id: categoryId };
  const bbox = bboxOf(a);
  if (bbox) out.bbox = bbox;
  const segmentation = segmentationOf(a);
  if (segmentation) out.segmentation = segmentation;
  if (a.keypoints) out.keypoints = a.keypoints;
  if (a.area !== undefined) out.area = a.area;
  if (a.score !== undefined) out.score = a.score;
  if (a.probs !== undefined) out.probs = a.probs;
  return out;
}
