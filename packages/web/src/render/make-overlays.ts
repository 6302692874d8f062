import { BoxOverlay } from './box-overlay.js';
import { KeypointsOverlay } from './keypoints-overlay.js';
import { type MaskImageFactory, MaskOverlay } from './mask-overlay.js';
import type { Overlay } from './overlay.js';
import { PolygonOverlay } from './polygon-overlay.js';
import { rleToBitmap } from './rle-decode.js';
import { TagOverlay } from './tag-overlay.js';

/** What the renderer needs of one annotation (the API's compact drawing form, absolute image pixels). */
export interface DrawAnnotation {
  id: number;
  source: string;
  kind: string;
  class_id: number | null;
  bbox: [number, number, number, number] | null;
  /** Rings of [x, y] points (the first the outline, the others holes), or a polyline's one line. */
  polygon?: [number, number][][] | null;
  rle?: { size: [number, number]; counts: string } | null;
  keypoints?: number[] | null;
  /** COCO skeleton: pairs of 1-based keypoint indices. */
  skeleton?: [number, number][] | null;
  score?: number | null;
  outcome?: 'tp' | 'fp' | 'fn' | null;
}

export interface OverlayContext {
  /** Class name by class id. */
  className: (classId: number | null) => string;
  makeMaskImage: MaskImageFactory;
}

/** An overlay with the annotation it draws (its source, class, score and outcome decide its style). */
export interface AnnotationOverlay {
  annotation: DrawAnnotation;
  overlay: Overlay;
}

export function hoverText(a: DrawAnnotation, className: string): string {
  const score = a.score == null ? '' : ` ${a.score.toFixed(2)}`;
  const outcome = a.outcome ? ` ${a.outcome.toUpperCase()}` : '';
  return `${className}${score}${outcome} · ${a.source}`;
}

/** One overlay per annotation, chosen by kind; geometry a kind lacks falls back to its box. */
export function makeOverlays(
  annotations: readonly DrawAnnotation[],
  ctx: OverlayContext,
): AnnotationOverlay[] {
  const out: AnnotationOverlay[] = [];
  let tagRow = 0;
  for (const a of annotations) {
    const name = ctx.className(a.class_id);
    const label = hoverText(a, name);
    const overlay = overlayFor(a, name, label, ctx, () => tagRow++);
    if (overlay) out.push({ annotation: a, overlay });
  }
  return out;
}

function overlayFor(
  a: DrawAnnotation,
  name: string,
  label: string,
  ctx: OverlayContext,
  nextRow: () => number,
): Overlay | null {
  if ((a.kind === 'polygon' || a.kind === 'polyline') && a.polygon && a.polygon.length > 0)
    return new PolygonOverlay(a.id, label, a.polygon.map(flatRing), a.kind === 'polygon');
  if (a.kind === 'mask' && a.rle) {
    const bitmap = rleToBitmap(a.rle.size, a.rle.counts);
    if (bitmap) return new MaskOverlay(a.id, label, bitmap, ctx.makeMaskImage);
  }
  if (a.kind === 'keypoints' && a.keypoints && a.keypoints.length >= 3)
    return new KeypointsOverlay(
      a.id,
      label,
      a.keypoints,
      (a.skeleton ?? []).map(([i, j]) => [i - 1, j - 1] as const),
      a.bbox,
    );
  if (a.bbox) return new BoxOverlay(a.id, label, a.bbox);
  const score = a.score == null ? '' : ` ${a.score.toFixed(2)}`;
  return new TagOverlay(a.id, label, `${name}${score}`, nextRow());
}

/** [[x, y], ...] → [x0, y0, x1, y1, ...]. */
function flatRing(ring: readonly (readonly [number, number])[]): number[] {
  const out = new Array<number>(ring.length * 2);
  ring.forEach(([x, y], i) => {
    out[2 * i] = x;
    out[2 * i + 1] = y;
  });
  return out;
}
