import type { EmbeddingMapResponse } from '@assay/api';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../../api-client.js';
import { ErrorNote } from '../../error-note.js';
import { showFiltered, useRoute } from '../../state/route.js';
import { type ColourBy, mapPoints } from './map-points.js';
import { PointMap } from './point-map.js';

const MAX_SELECTION = 10_000; // the Filter's `ids` limit

/**
 * The stored 2-D projection of the embeddings as a WebGL scatter (point-map.ts): coloured by class,
 * split or open issues; drag pans, the wheel zooms, shift-drag lassoes points and shows them in the grid
 * (the filter's `ids`); hovering a point shows its thumbnail.
 */
export function EmbeddingMapView() {
  const [projection, setProjection] = useState<string>('');
  const [model, method] = projection ? projection.split('\u0000') : [undefined, undefined];
  const map = useQuery({
    queryKey: ['/api/embedding-map', model ?? null, method ?? null],
    queryFn: ({ signal }) =>
      api.embeddingMap({ ...(model ? { model } : {}), ...(method ? { method } : {}) }, signal),
  });
  const [by, setBy] = useState<ColourBy>('class');
  if (map.error) return <ErrorNote error={map.error} />;
  if (!map.data) return <p className="muted">loading the map…</p>;
  if (map.data.ids.length === 0)
    return (
      <p className="muted map-empty">
        No stored projection: compute embeddings and their 2-D projection first (<code>assay embed</code>).
      </p>
    );
  return (
    <div className="map-view">
      <div className="toolbar">
        <label>
          projection{' '}
          <select
            value={projection || `${map.data.model}\u0000${map.data.method}`}
            onChange={(e) => setProjection(e.target.value)}
          >
            {map.data.projections.map((p) => (
              <option key={`${p.model}/${p.method}`} value={`${p.model}\u0000${p.method}`}>
                {p.model} · {p.method}
              </option>
            ))}
          </select>
        </label>
        <label>
          colour by{' '}
          <select value={by} onChange={(e) => setBy(e.target.value as ColourBy)} aria-label="colour by">
            <option value="class">class</option>
            <option value="split">split</option>
            <option value="issues">open issues</option>
          </select>
        </label>
        <span className="muted">
          {map.data.ids.length.toLocaleString('en-US')} points · shift-drag to lasso
        </span>
      </div>
      <MapCanvas map={map.data} by={by} />
    </div>
  );
}

function MapCanvas({ map, by }: { map: EmbeddingMapResponse; by: ColourBy }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const plot = useRef<PointMap | null>(null);
  const [hover, setHover] = useState<number | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const filter = useRoute((r) => r.filter);
  const points = useMemo(() => mapPoints(map, by), [map, by]);

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const fit = () => {
      const r = el.getBoundingClientRect();
      const dpr = window.devicePixelRatio || 1;
      el.width = Math.max(1, Math.round(r.width * dpr));
      el.height = Math.max(1, Math.round(r.height * dpr));
      if (overlay.current) {
        overlay.current.width = Math.round(r.width);
        overlay.current.height = Math.round(r.height);
      }
      plot.current?.draw();
    };
    try {
      plot.current = new PointMap(el);
    } catch (e) {
      setError(e as Error);
      return;
    }
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(el);
    return () => {
      observer.disconnect();
      plot.current = null;
    };
  }, []);

  useEffect(() => {
    plot.current?.setPoints(points.x, points.y, points.valueA, points.colours);
  }, [points]);

  useEffect(() => {
    const el = overlay.current;
    if (!el) return;
    let lasso: [number, number][] | null = null;
    let drag: [number, number] | null = null;
    const at = (e: MouseEvent): [number, number] => {
      const r = el.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top];
    };
    const paint = () => {
      const ctx = el.getContext('2d');
      if (!ctx) return;
      ctx.clearRect(0, 0, el.width, el.height);
      if (!lasso || lasso.length < 2) return;
      ctx.strokeStyle = '#ffd54f';
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(lasso[0]![0], lasso[0]![1]);
      for (const [x, y] of lasso) ctx.lineTo(x, y);
      ctx.closePath();
      ctx.stroke();
    };
    const down = (e: MouseEvent) => {
      if (e.shiftKey) lasso = [at(e)];
      else drag = at(e);
    };
    const move = (e: MouseEvent) => {
      const p = at(e);
      if (lasso) {
        lasso.push(p);
        paint();
      } else if (drag) {
        plot.current?.pan(p[0] - drag[0], p[1] - drag[1]);
        drag = p;
      } else setHover(plot.current?.pick(p[0], p[1]) ?? null);
    };
    const up = () => {
      drag = null;
      if (!lasso) return;
      const picked = plot.current?.lasso(lasso) ?? [];
      lasso = null;
      paint();
      if (picked.length === 0) return;
      showFiltered({ ...filter, ids: picked.slice(0, MAX_SELECTION).map((i) => map.ids[i]!) });
    };
    const wheel = (e: WheelEvent) => {
      e.preventDefault();
      const [x, y] = at(e);
      plot.current?.zoomAt(e.deltaY < 0 ? 1.2 : 1 / 1.2, x, y);
    };
    el.addEventListener('mousedown', down);
    el.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
    el.addEventListener('wheel', wheel, { passive: false });
    el.addEventListener('mouseleave', () => setHover(null));
    return () => {
      el.removeEventListener('mousedown', down);
      el.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
      el.removeEventListener('wheel', wheel);
    };
  }, [map, filter]);

  if (error) return <ErrorNote error={error} />;
  const hovered = hover === null ? null : map.ids[hover];
  return (
    <div className="map-body">
      <canvas ref={canvas} className="map-canvas" data-points={map.ids.length} />
      <canvas ref={overlay} className="map-overlay" />
      <ul className="map-legend">
        {points.labels.map((label, c) => (
          <li key={label}>
            <span className="swatch" style={{ background: points.colours[c] }} />
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
