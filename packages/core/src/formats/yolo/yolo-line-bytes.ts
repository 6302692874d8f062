import { polygonArea } from '../../geometry/polygon.js';
import type { AnnotationColumnBatch } from '../define-format.js';
import type { ImageSize } from '../format-io.js';
import type { TextBytes } from '../text-bytes.js';

// yoloLine (yolo-line-writer.ts) of plain boxes and plain polygons in a dataset without OBB lines, written
// from their columns as bytes with the newline: the same text (the same arithmetic, in the same order, and
// TextBytes.fixed6 for toFixed(6)), without an object, an array or a string per line.

const SPACE = 32;
const NEWLINE = 10;
const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

/** `classId` then ` cx cy w h` of the box clipped to the image (normalisedBox); true when it was clipped. */
function boxValues(
  out: TextBytes,
  x: number,
  y: number,
  w: number,
  h: number,
  classId: number,
  size: ImageSize,
): boolean {
  const x1 = clamp01(x / size.width);
  const y1 = clamp01(y / size.height);
  const x2 = clamp01((x + w) / size.width);
  const y2 = clamp01((y + h) / size.height);
  const slack = 1e-6;
  out.int(classId);
  out.byte(SPACE);
  out.fixed6((x1 + x2) / 2);
  out.byte(SPACE);
  out.fixed6((y1 + y2) / 2);
  out.byte(SPACE);
  out.fixed6(x2 - x1);
  out.byte(SPACE);
  out.fixed6(y2 - y1);
  return x < -slack || y < -slack || x + w > size.width + slack || y + h > size.height + slack;
}

/** ` score` when the row has one, then the newline. */
function lineEnd(out: TextBytes, score: number): void {
  if (!Number.isNaN(score)) {
    out.byte(SPACE);
    out.fixed6(score);
  }
  out.byte(NEWLINE);
}

/** The line of a plain box row (yoloLine's text and a newline); true when yoloLine would note clipping. */
export function plainBoxLineBytes(
  out: TextBytes,
  b: AnnotationColumnBatch,
  i: number,
  classId: number,
  size: ImageSize,
): boolean {
  const clipped = boxValues(out, b.x[i]!, b.y[i]!, b.w[i]!, b.h[i]!, classId, size);
  lineEnd(out, b.score[i]!);
  return clipped;
}

/**
 * The line of a plain polygon row (AnnotationColumnBatch.polygons): its largest ring as a segment line, or
 * its box when no ring has 3 points; returns yoloLine's note (undefined: none).
 */
export function plainPolygonLineBytes(
  out: TextBytes,
  b: AnnotationColumnBatch,
  i: number,
  classId: number,
  size: ImageSize,
): string | undefined {
  const { data, start } = b.polygons!;
  const at = start[i]!;
  const count = data[at]!;
  // largestRing: the first ring of the largest area (polygonArea of each ring, in order).
  let best = -1;
  let bestLength = 0;
  let bestArea = 0;
  let segment = false;
  for (let r = 0, next = at + 1 + count; r < count; r++) {
    const length = data[at + 1 + r]!;
    if (length >= 6) segment = true;
    const area = polygonArea(data.subarray(next, next + length));
    if (best < 0 || area > bestArea) {
      best = next;
      bestLength = length;
      bestArea = area;
    }
    next += length;
  }
  if (segment && best >= 0) {
    out.int(classId);
    for (let k = 0; k < bestLength; k++) {
      out.byte(SPACE);
      out.fixed6(clamp01(data[best + k]! / (k % 2 === 0 ? size.width : size.height)));
    }
    lineEnd(out, b.score[i]!);
    return count > 1 ? 'polygons with several rings written as their largest ring' : undefined;
  }
  const clipped = plainBoxLineBytes(out, b, i, classId, size);
  return clipped ? 'boxes reaching outside the image clipped to it' : 'polygons written as their boxes';
}
