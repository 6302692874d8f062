import { useEffect, useMemo, useRef, useState } from 'react';
import { canvasMaskImage } from './canvas-mask-image.js';
import { type DrawAnnotation, makeOverlays } from './make-overlays.js';
import { paintScene, pickOverlay } from './paint-scene.js';
import { toImage, type View } from './renderer.js';
import { useDrawStyle } from './use-draw-style.js';

export interface AnnotationCanvasProps {
  annotations: readonly DrawAnnotation[];
  /** Canvas size in CSS pixels. */
  width: number;
  height: number;
  /** Image pixels → canvas CSS pixels. */
  view: View;
  /** Extra drawing after the annotations (issue evidence in the sample view). */
  extra?: (ctx: CanvasRenderingContext2D, view: View) => void;
  /** An annotation to show as hovered while the mouse is elsewhere (the selected issue's). */
  highlightId?: number | null;
  className?: string;
}

/** One canvas over an image: every annotation through its overlay, and the label of the one under the mouse. */
export function AnnotationCanvas({
  annotations,
  width,
  height,
  view,
  extra,
  highlightId = null,
  className,
}: AnnotationCanvasProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const style = useDrawStyle();
  const [hovered, setHovered] = useState<number | null>(null);
  const items = useMemo(
    () => makeOverlays(annotations, { className: style.className, makeMaskImage: canvasMaskImage }),
    [annotations, style.className],
  );

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    el.width = Math.round(width * dpr);
    el.height = Math.round(height * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    paintScene(ctx, items, view, {
      colorBy: style.colorBy,
      classColorIndex: style.colorIndex,
      hoveredId: hovered ?? highlightId,
      fillAlpha: 0.25,
    });
    extra?.(ctx, view);
  }, [items, width, height, view, hovered, highlightId, style, extra]);

  const onMove = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const [x, y] = toImage(view, e.clientX - rect.left, e.clientY - rect.top);
    const hit = pickOverlay(items, x, y, 4 / view.scale);
    const id = hit?.annotation.id ?? null;
    if (id !== hovered) setHovered(id);
  };

  return (
    <canvas
      ref={canvas}
      className={className ?? 'overlay'}
      style={{ width, height }}
      onMouseMove={onMove}
      onMouseLeave={() => setHovered(null)}
    />
  );
}
