import type { AnnotationColumnBatch } from '../define-format.js';
import { jsonNumber } from '../json-number.js';

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
  const areaText = jsonNumber(area);
  const score = b.score[i]!;
  const head = `{"id":${id},"image_id":${imageId},"category_id":${categoryIdText},"area":${areaText},"bbox":[${jsonNumber(x)},${jsonNumber(y)},${jsonNumber(w)},${jsonNumber(h)}],"iscrowd":${b.iscrowd[i] === 1 ? 1 : 0}`;
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
  let text = `{"image_id":${imageId},"category_id":${categoryIdText},"bbox":[${jsonNumber(b.x[i]!)},${jsonNumber(b.y[i]!)},${jsonNumber(b.w[i]!)},${jsonNumber(b.h[i]!)}]`;
  if (!Number.isNaN(area)) text += `,"area":${jsonNumber(area)}`;
  if (!Number.isNaN(score)) text += `,"score":${score}`;
  return `${text}}`;
}

/**
 * An instances record of a plain polygon row (AnnotationColumnBatch.polygons), as JSON.stringify gives the
 * record toCocoAnnotation makes of its object: id, image_id, category_id, segmentation (the rings from their
 * stored numbers, points-codec.ts), area, bbox, iscrowd[, score]. A plain polygon has a stated finite area
 * and a finite box.
 */
export function polygonInstanceText(
  b: AnnotationColumnBatch,
  i: number,
  id: number,
  imageId: number,
  categoryIdText: string,
): string {
  const { data, start } = b.polygons!;
  const at = start[i]!;
  const count = data[at]!;
  let rings = '';
  let next = at + 1 + count;
  for (let r = 0; r < count; r++) {
    const length = data[at + 1 + r]!;
    let ring = '';
    for (let k = 0; k < length; k++)
      ring += k === 0 ? jsonNumber(data[next + k]!) : `,${jsonNumber(data[next + k]!)}`;
    rings += r === 0 ? `[${ring}]` : `,[${ring}]`;
    next += length;
  }
  const score = b.score[i]!;
  const head = `{"id":${id},"image_id":${imageId},"category_id":${categoryIdText},"segmentation":[${rings}],"area":${jsonNumber(b.area[i]!)},"bbox":[${jsonNumber(b.x[i]!)},${jsonNumber(b.y[i]!)},${jsonNumber(b.w[i]!)},${jsonNumber(b.h[i]!)}],"iscrowd":${b.iscrowd[i] === 1 ? 1 : 0}`;
  return Number.isNaN(score) ? `${head}}` : `${head},"score":${score}}`;
}
