import { type CheckIssue, type CheckSkip, wants } from '../check-types.js';
import type { LabelCheckInput, ResolvedLabelCheckOptions } from './label-check-input.js';
import { annotationName, type LabelColumns } from './label-columns.js';

const finite = (values: readonly number[]) => values.every(Number.isFinite);

/** Twice the signed area of a flat [x0, y0, x1, y1, ...] ring (shoelace). */
export function ringArea2(ring: readonly number[]): number {
  let s = 0;
  const k = Math.floor(ring.length / 2);
  for (let i = 0; i < k; i++) {
    const j = (i + 1) % k;
    s += ring[2 * i]! * ring[2 * j + 1]! - ring[2 * j]! * ring[2 * i + 1]!;
  }
  return s;
}

/** Distinct vertices of a flat ring. */
function distinctPoints(ring: readonly number[]): number {
  const seen = new Set<string>();
  for (let i = 0; i + 1 < ring.length; i += 2) seen.add(`${ring[i]},${ring[i + 1]}`);
  return seen.size;
}

/** Why the annotation's geometry is invalid, or undefined. */
function invalidGeometry(c: LabelColumns, i: number, input: LabelCheckInput): string | undefined {
  const a = input.annotations[i]!;
  if (a.bbox !== undefined && a.kind !== 'classification') {
    if (!finite(a.bbox)) return `its box [${a.bbox.join(', ')}] has a value that is not a number`;
    if (!(c.w[i]! > 0 && c.h[i]! > 0)) return `its box is ${c.w[i]} × ${c.h[i]} px (zero or negative)`;
  } else if (a.kind !== 'classification') {
    return `it is a ${a.kind} without a box`;
  }
  if (a.points?.some((r) => !finite(r))) return 'a polygon point is not a number';
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

function keypointsOutside(c: LabelColumns, i: number, kp: readonly number[], tol: number): number[] {
  const out: number[] = [];
  for (let k = 0; k + 2 < kp.length; k += 3) {
    if (kp[k + 2]! <= 0) continue;
    const px = kp[k]!;
    const py = kp[k + 1]!;
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
  let noSize = 0;
  for (let i = 0; i < c.n; i++) {
    const a = input.annotations[i]!;
    const where = `${input.samples[c.sample[i]!]?.key ?? `sample ${a.sampleId}`}: ${annotationName(a)}`;
    const base = { sampleId: a.sampleId, annotationId: a.id };
    const bad = invalidGeometry(c, i, input);
    if (bad !== undefined) {
      if (wants(o.only, 'invalid_geometry'))
        issues.push({
          ...base,
          type: 'invalid_geometry',
          severity: 'error',
          score: 1,
          reason: `${where}: ${bad}.`,
          details: { bbox: a.bbox ?? null },
        });
      continue;
    }
    if (a.kind === 'classification') continue;
    const s = c.sample[i]!;
    if (wants(o.only, 'out_of_bounds')) {
      if (s < 0 || Number.isNaN(c.imageW[s]!)) noSize++;
      else {
        const share = outsideShare(c, i, o.boundsTolerance);
        if (share >= 0) {
          const size = [c.imageW[s]!, c.imageH[s]!];
          issues.push({
            ...base,
            type: 'out_of_bounds',
            severity: share >= 1 ? 'error' : 'warning',
            score: 0.5 + 0.5 * share,
            reason: `${where}: the box [${a.bbox!.map((v) => +v.toFixed(2)).join(', ')}] reaches outside the ${size[0]}×${size[1]} image (${(share * 100).toFixed(0)}% of it outside).`,
            details: { bbox: a.bbox, image_size: size, outside_share: share },
          });
        }
      }
    }
    if (a.points && wants(o.only, 'degenerate_polygon')) {
      const ring = a.points.findIndex((r) => distinctPoints(r) < 3 || Math.abs(ringArea2(r)) < 1e-9);
      if (ring >= 0) {
        const r = a.points[ring]!;
        issues.push({
          ...base,
          type: 'degenerate_polygon',
          severity: 'error',
          score: 1,
          reason: `${where}: polygon ring ${ring} has ${distinctPoints(r)} distinct points and area ${(Math.abs(ringArea2(r)) / 2).toFixed(2)} px².`,
          details: { ring, points: r.length / 2, distinct_points: distinctPoints(r) },
        });
      }
    }
    if (a.keypoints && wants(o.only, 'keypoint_outside_box')) {
      const outside = keypointsOutside(c, i, a.keypoints, o.boundsTolerance);
      if (outside.length > 0)
        issues.push({
          ...base,
          type: 'keypoint_outside_box',
          severity: 'warning',
          score: Math.min(1, 0.5 + outside.length / (a.keypoints.length / 3)),
          reason: `${where}: ${outside.length} labelled keypoint(s) lie outside its box (keypoints ${outside.join(', ')}).`,
          details: { keypoints: outside, bbox: a.bbox },
        });
    }
    const area = c.w[i]! * c.h[i]!;
    if (wants(o.only, 'tiny_box') && (area < o.tinyArea || c.w[i]! < o.tinySide || c.h[i]! < o.tinySide)) {
      issues.push({
        ...base,
        type: 'tiny_box',
        severity: 'warning',
        score: Math.max(0.5, 1 - area / o.tinyArea),
        reason: `${where}: the box is ${+c.w[i]!.toFixed(2)} × ${+c.h[i]!.toFixed(2)} px (tiny: under ${o.tinyArea} px² or ${o.tinySide} px a side).`,
        details: { width: c.w[i], height: c.h[i], area },
      });
    }
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
