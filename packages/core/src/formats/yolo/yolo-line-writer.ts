import { boxFromKeypoints } from '../../geometry/box.js';
import { polygonArea } from '../../geometry/polygon.js';
import { rleToBbox } from '../../geometry/rle.js';
import type { Annotation } from '../../model/annotation.js';
import type { ImageSize } from '../format-io.js';

export interface YoloLineOptions {
  classId: number;
  size: ImageSize;
  /** Keypoints per pose line (kpt_shape K); shorter annotations are padded with `0 0 0`. */
  kptCount: number;
  /**
   * The dataset holds oriented boxes: every line is written as YOLO OBB, `class x1 y1 ... x4 y4`
   * (4-point polygons as they are, anything else as the 4 corners of its box), so Ultralytics'
   * OBB task can train on the whole set.
   */
  obb?: boolean;
}

/** A written line, or why the annotation cannot be written; `changed` says how it was adapted. */
export type YoloLineResult = { line: string; changed?: string } | { skipped: string };

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));
const fmt = (v: number): string => v.toFixed(6);

function spatialBox(a: Annotation): [number, number, number, number] | undefined {
  if (a.bbox) return a.bbox;
  if (a.mask) return rleToBbox(a.mask);
  if (a.keypoints) return boxFromKeypoints(a.keypoints);
  return undefined;
}

/** Box clipped to the image, as normalised `cx cy w h`. */
function normalisedBox(box: number[], size: ImageSize): { values: number[]; clipped: boolean } {
  const [x = 0, y = 0, w = 0, h = 0] = box;
  const x1 = clamp01(x / size.width);
  const y1 = clamp01(y / size.height);
  const x2 = clamp01((x + w) / size.width);
  const y2 = clamp01((y + h) / size.height);
  const slack = 1e-6;
  const clipped = x < -slack || y < -slack || x + w > size.width + slack || y + h > size.height + slack;
  return { values: [(x1 + x2) / 2, (y1 + y2) / 2, x2 - x1, y2 - y1], clipped };
}

function largestRing(rings: number[][]): number[] {
  return rings.reduce((best, ring) => (polygonArea(ring) > polygonArea(best) ? ring : best), rings[0] ?? []);
}

function segmentValues(a: Annotation, size: ImageSize): { values: number[]; changed?: string } {
  const rings = a.points ?? [];
  const ring = largestRing(rings);
  const values = ring.map((v, i) => clamp01(v / (i % 2 === 0 ? size.width : size.height)));
  return rings.length > 1
    ? { values, changed: 'polygons with several rings written as their largest ring' }
    : { values };
}

function poseValues(a: Annotation, size: ImageSize, kptCount: number): string[] {
  const kpts = a.keypoints ?? [];
  const out: string[] = [];
  for (let k = 0; k < kptCount; k++) {
    const [x = 0, y = 0, v = 0] = kpts.slice(k * 3, k * 3 + 3);
    if (v > 0) out.push(fmt(clamp01(x / size.width)), fmt(clamp01(y / size.height)), String(Math.round(v)));
    else out.push('0', '0', '0');
  }
  return out;
}

/** The 4 corners of a normalised centre box, clockwise from the top-left, for an OBB line. */
function corners([cx = 0, cy = 0, w = 0, h = 0]: number[]): number[] {
  const x1 = cx - w / 2;
  const y1 = cy - h / 2;
  return [x1, y1, x1 + w, y1, x1 + w, y1 + h, x1, y1 + h];
}

function obbLine(a: Annotation, options: YoloLineOptions, score: number[]): YoloLineResult {
  const ring = a.kind === 'polygon' && a.points?.length === 1 ? a.points[0] : undefined;
  if (ring?.length === 8) {
    const values = ring.map((v, i) => clamp01(v / (i % 2 === 0 ? options.size.width : options.size.height)));
    return { line: `${options.classId} ${[...values, ...score].map(fmt).join(' ')}` };
  }
  const box = spatialBox(a);
  if (!box) return { skipped: `${a.kind} annotation without a box or points` };
  const { values } = normalisedBox(box, options.size);
  const line = `${options.classId} ${[...corners(values), ...score].map(fmt).join(' ')}`;
  return { line, changed: `${a.kind} annotations written as the 4 corners of their box (YOLO OBB)` };
}

/** One annotation as a YOLO line: polygons as segments, keypoints as pose lines, the rest as boxes. */
export function yoloLine(a: Annotation, options: YoloLineOptions): YoloLineResult {
  if (a.kind === 'classification')
    return { skipped: 'classification labels are not part of YOLO detection labels' };
  const { size } = options;
  const score = a.score === undefined ? [] : [a.score];
  if (options.obb) return obbLine(a, options, score);
  if (a.kind === 'polygon' && a.points && a.points.some((r) => r.length >= 6)) {
    const { values, changed } = segmentValues(a, size);
    return {
      line: `${options.classId} ${[...values, ...score].map(fmt).join(' ')}`,
      ...(changed ? { changed } : {}),
    };
  }
  const box = spatialBox(a);
  if (!box) return { skipped: `${a.kind} annotation without a box or points` };
  const { values, clipped } = normalisedBox(box, size);
  const pose = a.kind === 'keypoints' && options.kptCount > 0 ? poseValues(a, size, options.kptCount) : [];
  const line = [options.classId, ...values.map(fmt), ...pose, ...score.map(fmt)].join(' ');
  if (clipped) return { line, changed: 'boxes reaching outside the image clipped to it' };
  if (a.kind === 'mask' || a.kind === 'polyline' || a.kind === 'polygon')
    return { line, changed: `${a.kind}s written as their boxes` };
  return { line };
}
