import type { AnnotationColumnBatch } from '../define-format.js';
import { ascii, type TextBytes } from '../text-bytes.js';

// The JSON text of a plain box or polygon (AnnotationColumnBatch) as JSON.stringify gives the record
// toCocoAnnotation or toCocoResult makes of it, written as bytes without the object or a string: the same
// keys in the same order, and numbers as JSON.stringify writes them (TextBytes.jsonNumber; every value here
// is finite, as the column reader guarantees, but a product of finite sides may overflow: `null` then).

const ID = ascii('{"id":');
const IMAGE_ID = ascii(',"image_id":');
const RESULT_IMAGE_ID = ascii('{"image_id":');
const CATEGORY_ID = ascii(',"category_id":');
const SEGMENTATION = ascii(',"segmentation":[');
const RINGS_AREA = ascii('],"area":');
const AREA = ascii(',"area":');
const BBOX = ascii(',"bbox":[');
const CROWD_0 = ascii('],"iscrowd":0');
const CROWD_1 = ascii('],"iscrowd":1');
const SCORE = ascii(',"score":');
const COMMA = 44;
const OPEN = 91;
const CLOSE = 93;
const END = 125;

/** The four numbers of the row's box, comma-separated. */
function box(out: TextBytes, b: AnnotationColumnBatch, i: number): void {
  out.jsonNumber(b.x[i]!);
  out.byte(COMMA);
  out.jsonNumber(b.y[i]!);
  out.byte(COMMA);
  out.jsonNumber(b.w[i]!);
  out.byte(COMMA);
  out.jsonNumber(b.h[i]!);
}

/** `],"iscrowd":n[,"score":s]}` */
function tail(out: TextBytes, b: AnnotationColumnBatch, i: number): void {
  out.raw(b.iscrowd[i] === 1 ? CROWD_1 : CROWD_0);
  const score = b.score[i]!;
  if (!Number.isNaN(score)) {
    out.raw(SCORE);
    out.text(`${score}`);
  }
  out.byte(END);
}

/** An instances record of a plain box: id, image_id, category_id, area, bbox, iscrowd[, score]. */
export function plainInstanceBytes(
  out: TextBytes,
  b: AnnotationColumnBatch,
  i: number,
  id: number,
  imageId: number,
  categoryId: Uint8Array,
): void {
  const stated = b.area[i]!;
  out.raw(ID);
  out.int(id);
  out.raw(IMAGE_ID);
  out.int(imageId);
  out.raw(CATEGORY_ID);
  out.raw(categoryId);
  out.raw(AREA);
  // areaOf (to-coco-annotation.ts): the stated area, else the box's.
  out.jsonNumber(Number.isNaN(stated) ? b.w[i]! * b.h[i]! : stated);
  out.raw(BBOX);
  box(out, b, i);
  tail(out, b, i);
}

/** A results record: image_id, category_id, bbox[, area][, score]. */
export function plainResultBytes(
  out: TextBytes,
  b: AnnotationColumnBatch,
  i: number,
  imageId: number,
  categoryId: Uint8Array,
): void {
  out.raw(RESULT_IMAGE_ID);
  out.int(imageId);
  out.raw(CATEGORY_ID);
  out.raw(categoryId);
  out.raw(BBOX);
  box(out, b, i);
  out.byte(CLOSE);
  const area = b.area[i]!;
  if (!Number.isNaN(area)) {
    out.raw(AREA);
    out.jsonNumber(area);
  }
  const score = b.score[i]!;
  if (!Number.isNaN(score)) {
    out.raw(SCORE);
    out.text(`${score}`);
  }
  out.byte(END);
}

/**
 * An instances record of a plain polygon row (AnnotationColumnBatch.polygons), as JSON.stringify gives the
 * record toCocoAnnotation makes of its object: id, image_id, category_id, segmentation (the rings from their
 * stored numbers, points-codec.ts), area, bbox, iscrowd[, score]. A plain polygon has a stated finite area
 * and a finite box.
 */
export function polygonInstanceBytes(
  out: TextBytes,
  b: AnnotationColumnBatch,
  i: number,
  id: number,
  imageId: number,
  categoryId: Uint8Array,
): void {
  const { data, start } = b.polygons!;
  const at = start[i]!;
  const count = data[at]!;
  out.raw(ID);
  out.int(id);
  out.raw(IMAGE_ID);
  out.int(imageId);
  out.raw(CATEGORY_ID);
  out.raw(categoryId);
  out.raw(SEGMENTATION);
  let next = at + 1 + count;
  for (let r = 0; r < count; r++) {
    const length = data[at + 1 + r]!;
    if (r > 0) out.byte(COMMA);
    out.byte(OPEN);
    for (let k = 0; k < length; k++) {
      if (k > 0) out.byte(COMMA);
      out.jsonNumber(data[next + k]!);
    }
    out.byte(CLOSE);
    next += length;
  }
  out.raw(RINGS_AREA);
  out.jsonNumber(b.area[i]!);
  out.raw(BBOX);
  box(out, b, i);
  tail(out, b, i);
}
