import type { MapRegion } from '@assay/api';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { api } from '../../api-client.js';
import { ErrorNote } from '../../error-note.js';
import { useRoute } from '../../state/route.js';
import { ClearRegionButton } from '../filters/clear-region-button.js';
import { activeRegion } from './active-region.js';
import { lassoPolygon, pointsInPolygon } from './lasso-region.js';
import { MapCanvas } from './map-canvas.js';
import { mapLegend, normalisePoints } from './map-points.js';
import { MapSelectionBar } from './map-selection-bar.js';

const MODE_NAMES: Record<string, string> = {
  class: 'class',
  split: 'split',
  issues: 'open issues',
  sources: 'annotation sources',
  outcome: 'eval outcome (TP/FP/FN)',
};

/**
 * The stored 2-D projection of the embeddings as a WebGL scatter (point-map.ts), loaded as binary
 * columns (points once, one byte per point per colour mode): coloured by class, split, open issues,
 * annotation sources, eval outcome or a metric; drag pans, the wheel zooms, shift-drag lassoes points
 * (then show them in the grid, through the filter's map region, or tag them); hovering a point shows its
 * thumbnail. The filter's map region, when drawn on the shown projection, is outlined with its count; one
 * drawn on an earlier projection is not drawn but named stale, with a button that clears it.
 */
export function EmbeddingMapView() {
  const [projection, setProjection] = useState<string>('');
  const [model, method] = projection ? projection.split('\u0000') : [undefined, undefined];
  const where = { ...(model ? { model } : {}), ...(method ? { method } : {}) };
  const [by, setBy] = useState('class');
  // the lasso as the filter's region (simplified, rounded) and the points inside it by the server's rule
  const [selected, setSelected] = useState<{ region: MapRegion; points: number[] } | null>(null);
  const points = useQuery({
    queryKey: ['/api/embedding-map/points', model ?? null, method ?? null],
    queryFn: ({ signal }) => api.mapPoints(where, signal),
  });
  const colours = useQuery({
    queryKey: ['/api/embedding-map/colours', model ?? null, method ?? null, by],
    queryFn: ({ signal }) => api.mapColours({ ...where, by }, signal),
  });
  const xy = useMemo(
    () => (points.data ? normalisePoints(points.data.x, points.data.y) : null),
    [points.data],
  );
  const filterRegion = useRoute((r) => r.filter.region);
  const active = useMemo(
    () => (points.data && xy ? activeRegion(filterRegion, points.data, xy) : null),
    [filterRegion, points.data, xy],
  );
  const legend = useMemo(
    () => (colours.data ? mapLegend(colours.data.by, colours.data.labels, colours.data.ramp) : null),
    [colours.data],
  );
  const onLasso = useCallback(
    (lasso: [number, number][]) => {
      const p = points.data;
      if (!p?.model || !p.method || !xy) return;
      const k = xy.span / 1.9; // plot coordinates → the projection's (normalisePoints undone)
      const polygon = lassoPolygon(
        lasso.map(([u, v]) => [u * k + xy.cx, v * k + xy.cy]),
        xy.span,
      );
      const picked = polygon ? pointsInPolygon(p.x, p.y, polygon) : [];
      if (polygon && picked.length > 0)
        setSelected({
          region: {
            model: p.model,
            method: p.method,
            polygons: [polygon],
            // names the projection drawn on: once it is replaced, the server refuses the region
            ...(p.fingerprint ? { projection: p.fingerprint } : {}),
          },
          points: picked,
        });
    },
    [points.data, xy],
  );
  const error = points.error ?? colours.error;
  if (error) return <ErrorNote error={error} />;
  if (!points.data || !xy) return <p className="muted">loading the map…</p>;
  if (points.data.count === 0)
    return (
      <p className="muted map-empty">
        No stored projection: compute embeddings and their 2-D projection first (<code>assay embed</code>).
      </p>
    );
  const ids = points.data.ids;
  const modes = colours.data?.modes ?? Object.keys(MODE_NAMES);
  return (
    <div className="map-view">
      <div className="toolbar">
        <label>
          projection{' '}
          <select
            value={projection || `${points.data.model}\u0000${points.data.method}`}
            onChange={(e) => {
              setSelected(null);
              setProjection(e.target.value);
            }}
          >
            {points.data.projections.map((p) => (
              <option key={`${p.model}/${p.method}`} value={`${p.model}\u0000${p.method}`}>
                {p.model} · {p.method}
              </option>
            ))}
          </select>
        </label>
        <label>
          colour by{' '}
          <select value={by} onChange={(e) => setBy(e.target.value)} aria-label="colour by">
            {modes.map((m) => (
              <option key={m} value={m}>
                {MODE_NAMES[m] ?? m.replace(/^metric:/, 'metric: ')}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">
          {points.data.count.toLocaleString('en-US')} points · shift-drag to lasso
        </span>
      </div>
      {active?.stale && (
        <p className="error" data-testid="map-region-stale">
          This map region was drawn on an earlier projection: draw it again, or <ClearRegionButton />.
        </p>
      )}
      {active && !active.stale && (
        <div className="toolbar map-region" data-testid="map-region" data-points={active.count}>
          <span>map region of the filter: {active.count.toLocaleString('en-US')} points (outlined)</span>
          <ClearRegionButton />
        </div>
      )}
      {selected && (
        <MapSelectionBar
          sampleIds={selected.points.map((i) => ids[i]!)}
          region={selected.region}
          revision={colours.data?.revision}
          onClear={() => setSelected(null)}
        />
      )}
      <MapCanvas
        ids={ids}
        x={xy.x}
        y={xy.y}
        category={colours.data?.category ?? null}
        palette={legend?.palette ?? []}
        legend={legend?.legend ?? []}
        onLasso={onLasso}
        region={active && !active.stale ? active.outline : null}
      />
    </div>
  );
}
