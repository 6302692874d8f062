import type { AnnotationColumnBatch } from '../define-format.js';

// The JSON text of a plain box (AnnotationColumnBatch) as JSON.stringify gives the record toCocoAnnotation
// or toCocoResult makes of it, without the object: the same keys in the same order, and numbers as
// JSON.stringify writes them (String(n): every value here is finite, as the column reader guarantees).

/** An instances record: id, image_id, category_id, area, bbox, iscrowd[, score]. */
export function plainInstanceText(
  b: AnnotationColumnBatch,
  i: number,
  id: number,
  imageId: number,
  categoryIdText: string,
): string {
  const x = b.x[i]!;
  const y = b.y[i]!;
  const w = b.w[i]!;
  const h = b.h[i]!;
  const stated = b.area[i]!;
  // areaOf (to-coco-annotation.ts): the stated area, else the box's.
  const area = Number.isNaN(stated) ? w * h : stated;
  // A product of finite sides may overflow: JSON.stringify writes Infinity as null.
  const areaText = Number.isFinite(area) ? area : 'null';
  const score = b.score[i]!;
  const head = `{"id":${id},"image_id":${imageId},"category_id":${categoryIdText},"area":${areaText},"bbox":[${x},${y},${w},${h}],"iscrowd":${b.iscrowd[i] === 1 ? 1 : 0}`;
  return Number.isNaN(score) ? `${head}}` : `${head},"score":${score}}`;
}

/** A results record: image_id, category_id, bbox[, area][, score]. */
export function plainResultText(
  b: AnnotationColumnBatch,
  i: number,
  imageId: number,
  categoryIdText: string,
): string {
  const area = b.area[i]!;
  const score = b.score[i]!;
  let text = `{"image_id":${imageId},"category_id":${categoryIdText},"bbox":[${b.x[i]},${b.y[i]},${b.w[i]},${b.h[i]}]`;
  if (!Number.isNaN(area)) text += `,"area":${area}`;
  if (!Number.isNaN(score)) text += `,"score":${score}`;
  return `${text}}`;
}
