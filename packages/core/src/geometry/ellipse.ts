/**
 * Ellipses and circles (CVAT `<ellipse>`, LabelMe `circle`, VIA `circle`/`ellipse`), which the model has
 * no kind for: each is read as a polygon of ELLIPSE_VERTICES points on the ellipse, with the ellipse's
 * exact box and area (not the polygon's, which lie slightly inside).
 */

/** Vertices of the polygon an ellipse becomes: 32 keeps its area within 0.7% (π vs 16·sin(π/16)·2). */
export const ELLIPSE_VERTICES = 32;

export interface Ellipse {
  cx: number;
  cy: number;
  /** Half-axis along the ellipse's own x (before rotation). */
  rx: number;
  ry: number;
  /** Turn in degrees, clockwise on screen (image y points down), as CVAT's `rotation`. */
  degrees?: number;
}

/** Flat ring [x0, y0, ...] of `n` points on the ellipse, the first at the end of its x half-axis. */
export function ellipsePolygon(e: Ellipse, n = ELLIPSE_VERTICES): number[] {
  const r = ((e.degrees ?? 0) * Math.PI) / 180;
  const [cos, sin] = [Math.cos(r), Math.sin(r)];
  const ring: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i) / n;
    const dx = e.rx * Math.cos(t);
    const dy = e.ry * Math.sin(t);
    ring.push(e.cx + dx * cos - dy * sin, e.cy + dx * sin + dy * cos);
  }
  return ring;
}

/** The ellipse's tight axis-aligned box [x, y, w, h]. */
export function ellipseBox(e: Ellipse): [number, number, number, number] {
  const r = ((e.degrees ?? 0) * Math.PI) / 180;
  const hw = Math.hypot(e.rx * Math.cos(r), e.ry * Math.sin(r));
  const hh = Math.hypot(e.rx * Math.sin(r), e.ry * Math.cos(r));
  return [e.cx - hw, e.cy - hh, 2 * hw, 2 * hh];
}

export function ellipseArea(e: Ellipse): number {
  return Math.PI * e.rx * e.ry;
}
