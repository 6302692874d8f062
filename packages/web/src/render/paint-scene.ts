import type { AnnotationOverlay, DrawAnnotation } from './make-overlays.js';
import type { OverlayStyle } from './overlay.js';
import { classColor, OUTCOME_COLORS } from './palette.js';
import type { Renderer, View } from './renderer.js';

export interface PaintOptions {
  /** Colour by class (palette index per class) or by evaluation outcome (TP/FP/FN). */
  colorBy: 'class' | 'outcome';
  /** Palette index of a class id (the API's stable `color`). */
  classColorIndex: (classId: number | null) => number | null;
  hoveredId: number | null;
  fillAlpha: number;
}

export function styleFor(a: DrawAnnotation, options: PaintOptions): OverlayStyle {
  const color =
    options.colorBy === 'outcome' && a.outcome
      ? OUTCOME_COLORS[a.outcome]
      : classColor(options.classColorIndex(a.class_id));
  return {
    color,
    dashed: a.source.startsWith('prediction:'),
    hovered: a.id === options.hoveredId,
    fillAlpha: options.fillAlpha,
  };
}

/** Paints every overlay (the hovered one last, on top), then the hovered one's label. */
export function paintScene(
  ctx: Renderer,
  items: readonly AnnotationOverlay[],
  view: View,
  options: PaintOptions,
): void {
  let hovered: AnnotationOverlay | null = null;
  for (const item of items) {
    if (item.annotation.id === options.hoveredId) hovered = item;
    else item.overlay.draw(ctx, view, styleFor(item.annotation, options));
  }
  if (!hovered) return;
  const style = styleFor(hovered.annotation, options);
  hovered.overlay.draw(ctx, view, style);
  paintLabel(ctx, hovered.overlay.label, hovered.overlay.anchor(), view, style.color);
}

/** A text label on a dark chip above the anchor point (kept inside the canvas's left/top edge). */
export function paintLabel(
  ctx: Renderer,
  text: string,
  anchor: [number, number],
  view: View,
  color: string,
): void {
  ctx.save();
  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  ctx.setLineDash([]);
  const w = ctx.measureText(text).width + 8;
  const h = 18;
  const x = Math.max(0, anchor[0] * view.scale + view.ox);
  const y = Math.max(0, anchor[1] * view.scale + view.oy - h);
  ctx.globalAlpha = 0.85;
  ctx.fillStyle = '#111827';
  ctx.fillRect(x, y, w, h);
  ctx.globalAlpha = 1;
  ctx.fillStyle = color;
  ctx.fillRect(x, y, 3, h);
  ctx.fillStyle = '#ffffff';
  ctx.fillText(text, x + 5, y + h / 2);
  ctx.restore();
}

/**
 * The overlay under an image point: among hits, the smallest area wins (a box inside a box), points
 * and lines (area 0) before areas. `tolerance` is in image pixels.
 */
export function pickOverlay(
  items: readonly AnnotationOverlay[],
  x: number,
  y: number,
  tolerance: number,
): AnnotationOverlay | null {
  let best: AnnotationOverlay | null = null;
  let bestArea = Number.POSITIVE_INFINITY;
  for (const item of items) {
    if (!item.overlay.hitTest(x, y, tolerance)) continue;
    const area = item.overlay.area();
    if (area < bestArea) {
      best = item;
      bestArea = area;
    }
  }
  return best;
}
