/** The demo's shape classes and their exact outlines, shared by the renderer and the annotations. */

export type ShapeKind = 'circle' | 'square' | 'triangle' | 'star' | 'hexagon';

export interface ShapeClass {
  kind: ShapeKind;
  /** COCO category id: deliberately non-contiguous so importers must keep the original ids. */
  cocoId: number;
}

/** Category order of the COCO files and of every prediction's `probs` array. */
export const SHAPE_CLASSES: readonly ShapeClass[] = [
  { kind: 'circle', cocoId: 1 },
  { kind: 'square', cocoId: 2 },
  { kind: 'triangle', cocoId: 4 },
  { kind: 'star', cocoId: 7 },
  { kind: 'hexagon', cocoId: 9 },
];

export const SHAPE_KINDS: readonly ShapeKind[] = SHAPE_CLASSES.map((c) => c.kind);

export function cocoIdOf(kind: ShapeKind): number {
  return SHAPE_CLASSES.find((c) => c.kind === kind)!.cocoId;
}

/** A shape placed in an image: centre, circumradius (px) and rotation (radians). */
export interface ShapePlacement {
  kind: ShapeKind;
  cx: number;
  cy: number;
  radius: number;
  rotation: number;
}

/** Points of a circle approximation used as its COCO polygon (the circle itself is drawn exactly). */
const CIRCLE_SEGMENTS = 32;

function regular(p: ShapePlacement, corners: number, radiusAt: (i: number) => number, phase = 0): number[] {
  const out: number[] = [];
  for (let i = 0; i < corners; i++) {
    const angle = p.rotation + phase + (2 * Math.PI * i) / corners;
    const r = radiusAt(i);
    out.push(p.cx + r * Math.cos(angle), p.cy + r * Math.sin(angle));
  }
  return out;
}

/** The outline as a flat [x0,y0,x1,y1,...] ring in absolute pixels. */
export function shapeOutline(p: ShapePlacement): number[] {
  switch (p.kind) {
    case 'circle':
      return regular(p, CIRCLE_SEGMENTS, () => p.radius);
    case 'square':
      return regular(p, 4, () => p.radius, Math.PI / 4);
    case 'triangle':
      return regular(p, 3, () => p.radius, -Math.PI / 2);
    case 'star':
      return regular(p, 10, (i) => (i % 2 === 0 ? p.radius : p.radius * 0.45), -Math.PI / 2);
    case 'hexagon':
      return regular(p, 6, () => p.radius);
  }
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The tight box around a shape; a circle's box is exact rather than its polygon's. */
export function shapeBox(p: ShapePlacement): Box {
  if (p.kind === 'circle')
    return { x: p.cx - p.radius, y: p.cy - p.radius, w: 2 * p.radius, h: 2 * p.radius };
  return boxOfRing(shapeOutline(p));
}

export function boxOfRing(ring: readonly number[]): Box {
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (let i = 0; i + 1 < ring.length; i += 2) {
    const x = ring[i]!;
    const y = ring[i + 1]!;
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** Area of a shape: exact for the circle, the shoelace area of the outline otherwise. */
export function shapeArea(p: ShapePlacement): number {
  if (p.kind === 'circle') return Math.PI * p.radius * p.radius;
  return ringArea(shapeOutline(p));
}

export function ringArea(ring: readonly number[]): number {
  let sum = 0;
  const n = ring.length / 2;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    sum += ring[2 * i]! * ring[2 * j + 1]! - ring[2 * j]! * ring[2 * i + 1]!;
  }
  return Math.abs(sum) / 2;
}

export function boxesOverlap(a: Box, b: Box, gap: number): boolean {
  return a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap && b.y < a.y + a.h + gap;
}
