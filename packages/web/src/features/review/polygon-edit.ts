import type { Annotation, ReviewEdit, ReviewItem } from '@assay/api';
import { type Box, refitRings } from './review-actions.js';

export type Point = [number, number];
export type Rings = Point[][];

/** What the reviewer is shaping: the box, and a polygon's rings when the annotation has them. */
export interface ShapeDraft {
  box: Box;
  rings: Rings | null;
}

/** The smallest vertex count a ring keeps (a triangle). */
export const MIN_RING = 3;

/** The draft an annotation starts with: its box and (for a polygon) a copy of its rings. */
export function draftOf(annotation: Annotation): ShapeDraft | null {
  if (!annotation.bbox) return null;
  const rings =
    annotation.kind === 'polygon' && annotation.polygon
      ? annotation.polygon.map((r) => r.map(([x, y]) => [x, y] as Point))
      : null;
  return { box: [...annotation.bbox] as Box, rings };
}

/** The tight box around every vertex. */
export function ringsBox(rings: Rings): Box {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of rings)
    for (const [x, y] of ring) {
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
  return Number.isFinite(x0) ? [x0, y0, x1 - x0, y1 - y0] : [0, 0, 0, 0];
}

const replaceRing = (rings: Rings, r: number, ring: Point[]): Rings =>
  rings.map((old, k) => (k === r ? ring : old));

/** Vertex `i` of ring `r` at `to`. */
export function moveVertex(rings: Rings, r: number, i: number, to: Point): Rings {
  const ring = rings[r];
  if (!ring || i < 0 || i >= ring.length) return rings;
  return replaceRing(
    rings,
    r,
    ring.map((p, k) => (k === i ? to : p)),
  );
}

/** A new vertex on ring `r` between vertex `i` and the next (the edge's midpoint unless `at` is given). */
export function insertVertex(rings: Rings, r: number, i: number, at?: Point): Rings {
  const ring = rings[r];
  if (!ring || i < 0 || i >= ring.length) return rings;
  const [a, b] = [ring[i]!, ring[(i + 1) % ring.length]!];
  const p: Point = at ?? [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  return replaceRing(rings, r, [...ring.slice(0, i + 1), p, ...ring.slice(i + 1)]);
}

/** Ring `r` without vertex `i`; a ring already at MIN_RING vertices is kept as it is (null). */
export function deleteVertex(rings: Rings, r: number, i: number): Rings | null {
  const ring = rings[r];
  if (!ring || i < 0 || i >= ring.length || ring.length <= MIN_RING) return null;
  return replaceRing(
    rings,
    r,
    ring.filter((_, k) => k !== i),
  );
}

/** The draft after the box handles moved the box: a polygon's rings follow it. */
export function withBox(draft: ShapeDraft, box: Box): ShapeDraft {
  return { box, rings: draft.rings ? refitRings(draft.rings, draft.box, box) : null };
}

/** The draft after a vertex edit: the box becomes the rings' box. */
export function withRings(rings: Rings): ShapeDraft {
  return { box: ringsBox(rings), rings };
}

const round2 = (v: number) => Math.round(v * 100) / 100;
const sameRings = (a: readonly (readonly number[])[][], b: Rings) =>
  a.length === b.length &&
  a.every(
    (ring, r) =>
      ring.length === b[r]!.length &&
      ring.every((p, i) => Math.abs(p[0]! - b[r]![i]![0]) < 0.01 && Math.abs(p[1]! - b[r]![i]![1]) < 0.01),
  );

/**
 * The edits that save a draft: the annotation's new box and (for a polygon) its rings, rounded to
 * hundredths of a pixel, with the issue marked fixed; null when nothing changed.
 */
export function shapeEdits(item: ReviewItem, annotation: Annotation, draft: ShapeDraft): ReviewEdit[] | null {
  if (item.annotation_id === null || !annotation.bbox) return null;
  const box = draft.box.map(round2) as Box;
  const rings = draft.rings?.map((r) => r.map(([x, y]) => [round2(x), round2(y)] as Point)) ?? null;
  const boxSame = box.every((v, i) => Math.abs(v - annotation.bbox![i]!) < 0.01);
  const ringsSame = !rings || !annotation.polygon || sameRings(annotation.polygon, rings);
  if (boxSame && ringsSame) return null;
  // Rings that are the stored ones rescaled to the new box came from the box handles: a box adjustment.
  const rescaled =
    rings &&
    annotation.polygon &&
    sameRings(refitRings(annotation.polygon, annotation.bbox as Box, box), rings);
  const vertices = !ringsSame && !rescaled;
  const reason = vertices ? 'review: adjust the polygon' : 'review: adjust the box';
  return [
    {
      op: 'update',
      annotation_id: item.annotation_id,
      bbox: box,
      ...(rings ? { polygon: rings } : {}),
      issue_id: item.issue_id,
      reason,
    },
    { op: 'issue_status', issue_id: item.issue_id, status: 'fixed', reason },
  ];
}
