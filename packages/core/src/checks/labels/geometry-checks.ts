import { type CheckIssue, type CheckSkip, wants } from '../check-types.js';
import type { LabelAnnotation, LabelCheckInput, ResolvedLabelCheckOptions } from './label-check-input.js';
import {
  annotationName,
  isImageKind,
  KIND_CLASSIFICATION,
  KIND_KEYPOINTS,
  KIND_POLYGON,
  type LabelColumns,
} from './label-columns.js';

function finite(values: readonly number[]): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}

/** Twice the signed area of a flat [x0, y0, x1, y1, ...] ring (shoelace). */
export function ringArea2(ring: readonly number[]): number {
  return ringArea2At(ring, 0, ring.length);
}

/** ringArea2 of the ring values[at .. at + length). */
function ringArea2At(values: ArrayLike<number>, at: number, length: number): number {
  const k = length >> 1;
  if (k < 3) return 0;
  let px = values[at + 2 * k - 2]!;
  let py = values[at + 2 * k - 1]!;
  let s = 0;
  for (let i = 0; i < 2 * k; i += 2) {
    const x = values[at + i]!;
    const y = values[at + i + 1]!;
    s += px * y - x * py;
    px = x;
    py = y;
  }
  return s;
}

/** Whether values[from .. to) are all finite numbers. */
function finiteRange(values: ArrayLike<number>, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}

/**
 * Whether `test` holds for some ring of a polygon row (stored layout: count, lengths, values), each ring
 * given as its start in `values` and its length cut at the row's end.
 */
function someRing(
  c: LabelColumns,
  i: number,
  test: (values: ArrayLike<number>, at: number, length: number) => boolean,
): boolean {
  const v = c.points.values;
  const from = c.points.start[i]!;
  const end = c.points.start[i + 1]!;
  const count = v[from] ?? 0;
  let at = from + 1 + count;
  for (let r = 0; r < count; r++) {
    const stated = v[from + 1 + r] ?? 0;
    if (test(v, at, Math.max(0, Math.min(end, at + stated) - at))) return true;
    at += stated;
  }
  return false;
}

/** Whether a polygon row has a ring too short or of no area. */
function degenerateRow(c: LabelColumns, i: number): boolean {
  return someRing(c, i, (v, at, length) => length < 6 || Math.abs(ringArea2At(v, at, length)) < 1e-9);
}

/** Whether every ring of a polygon row holds finite numbers only (as its rings would be read). */
function finiteRings(c: LabelColumns, i: number): boolean {
  return !someRing(c, i, (v, at, length) => !finiteRange(v, at, at + length));
}

/**
 * The columns' answer to "is the geometry invalid?" without the annotation object: the same tests as
 * invalidGeometry (which words the reason once this says yes).
 */
function invalidRow(c: LabelColumns, i: number): boolean {
  const classification = c.kind[i] === KIND_CLASSIFICATION;
  if (c.hasBbox[i] === 1 && !classification) {
    if (
      !(
        Number.isFinite(c.x[i]) &&
        Number.isFinite(c.y[i]) &&
        Number.isFinite(c.w[i]) &&
        Number.isFinite(c.h[i])
      )
    )
      return true;
    if (!isPointExtent(c, i, c.kind[i] === KIND_KEYPOINTS) && !(c.w[i]! > 0 && c.h[i]! > 0)) return true;
  } else if (!classification) return true;
  if (c.points.has[i] === 1 && !finiteRings(c, i)) return true;
  const k = c.keypoints;
  return k.has[i] === 1 && !finiteRange(k.values, k.start[i]!, k.start[i + 1]!);
}

/** Distinct vertices of a flat ring. */
function distinctPoints(ring: readonly number[]): number {
  const seen = new Set<string>();
  for (let i = 0; i + 1 < ring.length; i += 2) seen.add(`${ring[i]},${ring[i + 1]}`);
  return seen.size;
}

/** A keypoints annotation whose box is a point or a line (the extent of one or aligned points). */
function isPointExtent(c: LabelColumns, i: number, keypoints: boolean): boolean {
  return keypoints && c.w[i]! >= 0 && c.h[i]! >= 0 && (c.w[i] === 0 || c.h[i] === 0);
}

/** Why the annotation's geometry is invalid, or undefined. */
function invalidGeometry(c: LabelColumns, i: number, a: LabelAnnotation): string | undefined {
  if (a.bbox !== undefined && a.kind !== 'classification') {
    if (!finite(a.bbox)) return `its box [${a.bbox.join(', ')}] has a value that is not a number`;
    // The box of a keypoints annotation may be the extent of its points: zero-sized for one point.
    if (!isPointExtent(c, i, a.kind === 'keypoints') && !(c.w[i]! > 0 && c.h[i]! > 0))
      return `its box is ${c.w[i]} × ${c.h[i]} px (zero or negative)`;
  } else if (a.kind !== 'classification') {
    return `it is a ${a.kind} without a box`;
  }
  if (a.points !== undefined)
    for (const r of a.points) if (!finite(r)) return 'a polygon point is not a number';
  if (a.keypoints !== undefined && !finite(a.keypoints)) return 'a keypoint value is not a number';
  return undefined;
}

/** Share of box i's area outside the image, or -1 when it is within bounds (or the size is unknown). */
function outsideShare(c: LabelColumns, i: number, tol: number): number {
  const s = c.sample[i]!;
  const W = s < 0 ? Number.NaN : c.imageW[s]!;
  const H = s < 0 ? Number.NaN : c.imageH[s]!;
  const x = c.x[i]!;
  const y = c.y[i]!;
  const w = c.w[i]!;
  const h = c.h[i]!;
  if (x >= -tol && y >= -tol && x + w <= W + tol && y + h <= H + tol) return -1;
  const iw = Math.max(0, Math.min(x + w, W) - Math.max(x, 0));
  const ih = Math.max(0, Math.min(y + h, H) - Math.max(y, 0));
  return 1 - (iw * ih) / (w * h);
}

/** Indexes of the labelled keypoints of row i (keypoints[from .. to)) outside its box. */
function keypointsOutside(c: LabelColumns, i: number, tol: number): number[] {
  const out: number[] = [];
  const kp = c.keypoints.values;
  const from = c.keypoints.start[i]!;
  const length = c.keypoints.start[i + 1]! - from;
  for (let k = 0; k + 2 < length; k += 3) {
    if (kp[from + k + 2]! <= 0) continue;
    const px = kp[from + k]!;
    const py = kp[from + k + 1]!;
    if (
      px < c.x[i]! - tol ||
      py < c.y[i]! - tol ||
      px > c.x[i]! + c.w[i]! + tol ||
      py > c.y[i]! + c.h[i]! + tol
    )
      out.push(k / 3);
  }
  return out;
}

type Where = () => string;
type Base = { sampleId: number; annotationId: number };

function boundsIssue(
  c: LabelColumns,
  i: number,
  share: number,
  a: LabelAnnotation,
  base: Base,
  where: Where,
) {
  const s = c.sample[i]!;
  const size = [c.imageW[s]!, c.imageH[s]!];
  return {
    ...base,
    type: 'out_of_bounds',
    severity: share >= 1 ? 'error' : 'warning',
    score: 0.5 + 0.5 * share,
    reason: `${where()}: the box [${a.bbox!.map((v) => +v.toFixed(2)).join(', ')}] reaches outside the ${size[0]}×${size[1]} image (${(share * 100).toFixed(0)}% of it outside).`,
    details: { bbox: a.bbox, image_size: size, outside_share: share },
  } satisfies CheckIssue;
}

function polygonIssue(points: number[][], base: Base, where: Where): CheckIssue | undefined {
  // Fewer than 3 distinct points always gives zero area, so the area test covers both cases.
  const ring = points.findIndex((r) => r.length < 6 || Math.abs(ringArea2(r)) < 1e-9);
  if (ring < 0) return undefined;
  const r = points[ring]!;
  const distinct = distinctPoints(r);
  return {
    ...base,
    type: 'degenerate_polygon',
    severity: 'error',
    score: 1,
    reason: `${where()}: polygon ring ${ring} has ${distinct} distinct points and area ${(Math.abs(ringArea2(r)) / 2).toFixed(2)} px².`,
    details: { ring, points: r.length / 2, distinct_points: distinct },
  };
}

function keypointIssue(outside: number[], a: LabelAnnotation, base: Base, where: Where) {
  return {
    ...base,
    type: 'keypoint_outside_box',
    severity: 'warning',
    score: Math.min(1, 0.5 + outside.length / (a.keypoints!.length / 3)),
    reason: `${where()}: ${outside.length} labelled keypoint(s) lie outside its box (keypoints ${outside.join(', ')}).`,
    details: { keypoints: outside, bbox: a.bbox },
  } satisfies CheckIssue;
}

function isTiny(c: LabelColumns, i: number, o: ResolvedLabelCheckOptions): boolean {
  const w = c.w[i]!;
  const h = c.h[i]!;
  return w * h < o.tinyArea || w < o.tinySide || h < o.tinySide;
}

function tinyIssue(c: LabelColumns, i: number, base: Base, where: Where, o: ResolvedLabelCheckOptions) {
  const w = c.w[i]!;
  const h = c.h[i]!;
  const area = w * h;
  return {
    ...base,
    type: 'tiny_box',
    severity: 'warning',
    score: Math.max(0.5, 1 - area / o.tinyArea),
    reason: `${where()}: the box is ${+w.toFixed(2)} × ${+h.toFixed(2)} px (tiny: under ${o.tinyArea} px² or ${o.tinySide} px a side).`,
    details: { width: w, height: h, area },
  } satisfies CheckIssue;
}

const GEOMETRY_TYPES = [
  'invalid_geometry',
  'out_of_bounds',
  'degenerate_polygon',
  'keypoint_outside_box',
  'tiny_box',
];

/**
 * Per-annotation geometry: invalid_geometry, out_of_bounds, degenerate_polygon, keypoint_outside_box,
 * tiny_box. An annotation with invalid geometry gets no other geometry issue.
 */
export function geometryChecks(
  input: LabelCheckInput,
  c: LabelColumns,
  o: ResolvedLabelCheckOptions,
): { issues: CheckIssue[]; skipped: CheckSkip[] } {
  const issues: CheckIssue[] = [];
  if (!GEOMETRY_TYPES.some((t) => wants(o.only, t))) return { issues, skipped: [] };
  const [invalid, bounds, polygons, keypoints, tiny] = GEOMETRY_TYPES.map((t) => wants(o.only, t));
  let noSize = 0;
  const push = (issue: CheckIssue | undefined) => issue && issues.push(issue);
  for (let i = 0; i < c.n; i++) {
    if (!isImageKind(c, i)) continue;
    // The row becomes an object only when it has an issue (for the reason's words).
    let row: LabelAnnotation | undefined;
    const a = () => (row ??= input.annotations.at(i)!);
    const where = () =>
      `${input.samples[c.sample[i]!]?.key ?? `sample ${a().sampleId}`}: ${annotationName(a())}`;
    const base = () => ({ sampleId: a().sampleId, annotationId: a().id });
    if (invalidRow(c, i)) {
      const bad = invalidGeometry(c, i, a())!;
      if (invalid)
        push({
          ...base(),
          type: 'invalid_geometry',
          severity: 'error',
          score: 1,
          reason: `${where()}: ${bad}.`,
          details: { bbox: a().bbox ?? null },
        });
      continue;
    }
    if (c.kind[i] === KIND_CLASSIFICATION) continue;
    const s = c.sample[i]!;
    if (bounds && (s < 0 || Number.isNaN(c.imageW[s]!))) noSize++;
    else if (bounds) {
      const share = outsideShare(c, i, o.boundsTolerance);
      if (share >= 0) push(boundsIssue(c, i, share, a(), base(), where));
    }
    // A polyline is a line: it has no area by definition, so only polygons can be degenerate.
    if (polygons && c.points.has[i] === 1 && c.kind[i] === KIND_POLYGON && degenerateRow(c, i))
      push(polygonIssue(a().points!, base(), where));
    if (keypoints && c.keypoints.has[i] === 1) {
      const outside = keypointsOutside(c, i, o.boundsTolerance);
      if (outside.length > 0) push(keypointIssue(outside, a(), base(), where));
    }
    if (tiny && !isPointExtent(c, i, c.kind[i] === KIND_KEYPOINTS) && isTiny(c, i, o))
      push(tinyIssue(c, i, base(), where, o));
  }
  const skipped =
    noSize > 0
      ? [
          {
            check: 'out_of_bounds',
            count: noSize,
            reason: 'the image size is unknown (not scanned, none declared)',
          },
        ]
      : [];
  return { issues, skipped };
}
