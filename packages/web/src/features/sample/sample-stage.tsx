import type { Annotation } from '@assay/api';
import type { ReactNode } from 'react';
import { useEffect, useRef, useState } from 'react';
import { AnnotationCanvas } from '../../render/annotation-canvas.js';
import { placeholderText } from '../../render/media-placeholder.js';
import { containView, type View } from '../../render/renderer.js';
import { wheelZoom } from '../../render/wheel-zoom.js';
import { panBy, zoomAt } from './zoom-pan.js';

export interface SampleStageProps {
  src: string;
  width: number;
  height: number;
  annotations: readonly Annotation[];
  extra?: (ctx: CanvasRenderingContext2D, view: View) => void;
  highlightId?: number | null;
  missing: boolean;
  /** The scan's status of a file it could not use (missing, corrupt, unsupported…): the placeholder says which. */
  problem?: string | null;
  /** Interactive layer drawn over the canvas in the stage's coordinates (the review's box handles). */
  overlay?: (view: View) => ReactNode;
}

/** The full image with its annotations; wheel zooms about the cursor, drag pans, double-click fits. */
export function SampleStage({
  src,
  width,
  height,
  annotations,
  extra,
  highlightId,
  missing,
  problem,
  overlay,
}: SampleStageProps) {
  const stage = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ w: 800, h: 600 });
  const [view, setView] = useState<View | null>(null);
  const [broken, setBroken] = useState(false);
  const drag = useRef<{ x: number; y: number } | null>(null);

  useEffect(() => {
    const el = stage.current;
    if (!el) return;
    const measure = () => setSize({ w: el.clientWidth, h: el.clientHeight });
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    measure();
    return () => observer.disconnect();
  }, []);
  // A new image or a resized stage fits the image again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: refit when the image changes.
  useEffect(() => {
    setView(containView(width, height, size.w, size.h));
    setBroken(false);
  }, [src, width, height, size.w, size.h]);

  useEffect(() => {
    const el = stage.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const rect = el.getBoundingClientRect();
      setView((v) => (v ? zoomAt(v, e.clientX - rect.left, e.clientY - rect.top, wheelZoom(e)) : v));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);

  const v = view ?? containView(width, height, size.w, size.h);
  return (
    <div
      ref={stage}
      className="stage"
      role="application"
      aria-label="image: wheel zooms, drag pans, double-click fits"
      data-testid="stage"
      onMouseDown={(e) => {
        drag.current = { x: e.clientX, y: e.clientY };
      }}
      onMouseMove={(e) => {
        if (!drag.current || e.buttons !== 1) return;
        const d = drag.current;
        drag.current = { x: e.clientX, y: e.clientY };
        setView((cur) => (cur ? panBy(cur, e.clientX - d.x, e.clientY - d.y) : cur));
      }}
      onMouseUp={() => {
        drag.current = null;
      }}
      onDoubleClick={() => setView(containView(width, height, size.w, size.h))}
    >
      {missing || broken ? (
        <div className="placeholder big" title={placeholderText(problem).title}>
          {placeholderText(problem).text}
        </div>
      ) : (
        <img
          className="full"
          src={src}
          alt=""
          draggable={false}
          onError={() => setBroken(true)}
          style={{
            width: width * v.scale,
            height: height * v.scale,
            transform: `translate(${v.ox}px, ${v.oy}px)`,
          }}
        />
      )}
      <AnnotationCanvas
        annotations={annotations}
        width={size.w}
        height={size.h}
        view={v}
        extra={extra}
        highlightId={highlightId ?? null}
      />
      {overlay?.(v)}
    </div>
  );
}
