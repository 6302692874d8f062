import type { Renderer, View } from './renderer.js';

/** How one overlay is painted: its colour, whether it is a prediction (dashed), hovered (thicker). */
export interface OverlayStyle {
  color: string;
  dashed: boolean;
  hovered: boolean;
  /** Fill opacity of areas (polygons, masks); 0 draws outlines only. */
  fillAlpha: number;
}

/**
 * One annotation drawn on a canvas. Geometry is in image pixels; `draw` maps it through the view so
 * line widths and text stay in screen pixels. `hitTest` takes image coordinates and a tolerance in
 * image pixels (for thin shapes: lines, points).
 */
export interface Overlay {
  /** The annotation's id, for hover and selection. */
  readonly id: number;
  /** Text shown on hover: class, source, score. */
  readonly label: string;
  draw(ctx: Renderer, view: View, style: OverlayStyle): void;
  hitTest(x: number, y: number, tolerance: number): boolean;
  /** Area in image pixels² (the smallest hit wins when shapes overlap); 0 for points and lines. */
  area(): number;
  /** Where the hover label goes, in image pixels (top-left of the shape). */
  anchor(): [number, number];
}

export function lineWidthFor(style: OverlayStyle): number {
  return style.hovered ? 3 : 1.5;
}

/** Sets stroke colour, width and dash for an outline. */
export function applyStroke(ctx: Renderer, style: OverlayStyle): void {
  ctx.strokeStyle = style.color;
  ctx.lineWidth = lineWidthFor(style);
  ctx.setLineDash(style.dashed ? [5, 3] : []);
}
