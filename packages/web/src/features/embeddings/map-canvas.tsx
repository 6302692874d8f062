import { useEffect, useRef, useState } from 'react';
import { api } from '../../api-client.js';
import { ErrorNote } from '../../error-note.js';
import { wheelZoom } from '../../render/wheel-zoom.js';
import { PointMap } from './point-map.js';

/** Points drawn per frame: `?lod=N` in the page address fixes it; otherwise it follows frame times. */
function fixedBudget(): number | undefined {
  const v = Number(new URLSearchParams(window.location.search).get('lod'));
  return Number.isInteger(v) && v > 0 ? v : undefined;
}

export interface MapCanvasProps {
  ids: Int32Array;
  /** Points in [-1, 1]². */
  x: Float32Array;
  y: Float32Array;
  /** Colour category per point (null while loading). */
  category: Uint8Array | null;
  palette: string[];
  legend: { label: string; colour: string }[];
  /** A finished lasso, its vertices in the points' coordinates ([-1, 1]², like x and y). */
  onLasso: (polygon: [number, number][]) => void;
  /** The filter's map region, outlined: its polygons in the points' coordinates (null: none). */
  region?: [number, number][][] | null;
}

/** Colour of the filter's region outline (the lasso being drawn is yellow). */
export const REGION_OUTLINE = '#00e5ff';

/** The overlay: the filter's region outline (at the view's pan and zoom), then the lasso being drawn. */
function paintOverlay(
  el: HTMLCanvasElement,
  plot: PointMap | null,
  region: [number, number][][] | null,
  lasso: [number, number][] | null,
): void {
  const ctx = el.getContext('2d');
  if (!ctx) return;
  ctx.clearRect(0, 0, el.width, el.height);
  const path = (points: [number, number][], colour: string, width: number) => {
    if (points.length < 2) return;
    ctx.strokeStyle = colour;
    ctx.lineWidth = width;
    ctx.beginPath();
    ctx.moveTo(points[0]![0], points[0]![1]);
    for (const [px, py] of points) ctx.lineTo(px, py);
    ctx.closePath();
    ctx.stroke();
  };
  if (region && plot) for (const polygon of region) path(plot.toPixels(polygon), REGION_OUTLINE, 2);
  if (lasso) path(lasso, '#ffd54f', 1.5);
  // an empty overlay still costs the compositor a full-size blend each frame (on SwiftShader about a
  // third of a moving frame's cost): transparent it is skipped, and still takes the mouse
  el.style.opacity = (region && plot) || lasso ? '' : '0';
}

/** The map's WebGL canvas with its lasso overlay (and the filter's region outlined), legend and hover thumbnail. */
export function MapCanvas({ ids, x, y, category, palette, legend, onLasso, region = null }: MapCanvasProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const plot = useRef<PointMap | null>(null);
  const regionRef = useRef(region);
  regionRef.current = region;
  const [hover, setHover] = useState<number | null>(null);
  const [error, setError] = useState<Error | null>(null);

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const fit = () => {
      plot.current?.resize();
      const o = overlay.current;
      if (!o) return;
      const r = o.getBoundingClientRect(); // the canvas's box (the overlay covers it, and never moves)
      o.width = Math.round(r.width);
      o.height = Math.round(r.height);
      paintOverlay(o, plot.current, regionRef.current, null);
    };
    try {
      plot.current = new PointMap(el, fixedBudget());
    } catch (e) {
      setError(e as Error);
      return;
    }
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(el);
    // the page's colour behind the canvas (drawn into it, point-image.ts) may follow the system's theme
    const scheme = window.matchMedia('(prefers-color-scheme: dark)');
    scheme.addEventListener('change', fit);
    return () => {
      scheme.removeEventListener('change', fit);
      observer.disconnect();
      plot.current?.dispose();
      plot.current = null;
    };
  }, []);

  useEffect(() => {
    plot.current?.setPositions(x, y);
  }, [x, y]);

  useEffect(() => {
    if (category) plot.current?.setCategories(category, palette);
  }, [category, palette]);

  useEffect(() => {
    if (overlay.current) paintOverlay(overlay.current, plot.current, region, null);
  }, [region]);

  useEffect(() => {
    const el = overlay.current;
    if (!el) return;
    let lasso: [number, number][] | null = null;
    let drag: [number, number] | null = null;
    let hoverAt: [number, number] | null = null;
    let hoverFrame = 0;
    const at = (e: MouseEvent): [number, number] => {
      const r = el.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top];
    };
    const paint = () => paintOverlay(el, plot.current, regionRef.current, lasso);
    const down = (e: MouseEvent) => {
      if (e.shiftKey) lasso = [at(e)];
      else {
        drag = at(e);
        plot.current?.hold(true);
      }
    };
    const move = (e: MouseEvent) => {
      const p = at(e);
      if (lasso) {
        lasso.push(p);
        paint();
      } else if (drag) {
        plot.current?.pan(p[0] - drag[0], p[1] - drag[1]);
        drag = p;
        if (regionRef.current) paint();
      } else {
        // once per frame, with the latest position
        hoverAt = p;
        hoverFrame ||= requestAnimationFrame(() => {
          hoverFrame = 0;
          if (hoverAt) setHover(plot.current?.pick(hoverAt[0], hoverAt[1]) ?? null);
        });
      }
    };
    const up = () => {
      if (drag) plot.current?.hold(false);
      drag = null;
      if (!lasso) return;
      const polygon = lasso.length >= 3 ? plot.current?.toPlot(lasso) : undefined;
      lasso = null;
      paint();
      if (polygon) onLasso(polygon);
    };
    const wheel = (e: WheelEvent) => {
      e.preventDefault();
      const [px, py] = at(e);
      plot.current?.zoomAt(wheelZoom(e), px, py);
      if (regionRef.current) paint();
    };
    const leave = () => {
      hoverAt = null;
      setHover(null);
    };
    el.addEventListener('mousedown', down);
    el.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
    el.addEventListener('wheel', wheel, { passive: false });
    el.addEventListener('mouseleave', leave);
    return () => {
      cancelAnimationFrame(hoverFrame);
      el.removeEventListener('mousedown', down);
      el.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
      el.removeEventListener('wheel', wheel);
      el.removeEventListener('mouseleave', leave);
    };
  }, [onLasso]);

  if (error) return <ErrorNote error={error} />;
  const hovered = hover === null ? null : ids[hover];
  return (
    <div className="map-body">
      <canvas ref={canvas} className="map-canvas" data-points={ids.length} data-coloured={category ? 1 : 0} />
      <canvas ref={overlay} className="map-overlay" data-region={region ? region.length : 0} />
      <ul className="map-legend">
        {legend.map(({ label, colour }) => (
          <li key={label}>
            <span className="swatch" style={{ background: colour }} />
            {label}
          </li>
        ))}
      </ul>
      {hovered != null && (
        <div className="map-hover" data-sample={hovered}>
          <img src={api.thumbUrl(hovered, 128)} alt="" width={128} />
        </div>
      )}
    </div>
  );
}
