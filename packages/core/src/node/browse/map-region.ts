import type { DuckDBValue } from '@duckdb/node-api';
import { AssayError } from '../../errors.js';
import type { Db } from '../store/db.js';
import type { FacetIndex } from './facet-index.js';

/**
 * A region of a stored 2-D projection (the map's lasso; `MapRegion` in @assay/api validates it): the
 * samples whose point of projection (`model`, `method`) lies inside one of the polygons, in the
 * projection's coordinates. `projection`, when given, is the fingerprint of the projection the region was
 * drawn on (projectionFingerprints); a filter naming another is refused (checkRegionProjection).
 */
export interface MapRegion {
  model: string;
  method: string;
  polygons: [number, number][][];
  projection?: string;
}

const MAX_VERTICES = 200;
const MAX_POLYGONS = 8;

/**
 * A region as the crossing test reads it: per polygon its bounding box, per non-horizontal edge
 * (a, b) its polygon, xa, ya, yb and the slope k = (xb − xa) / (yb − ya). A point (x, y) is inside a
 * polygon when it lies in the box and an odd number of edges have (ya > y) ≠ (yb > y) and
 * x < xa + (y − ya) · k. The SQL (regionSql) and the in-memory test (regionContains) evaluate exactly
 * these doubles in this order, so both engines agree on every point, boundary cases included.
 */
export interface RegionEdges {
  /** x0, y0, x1, y1 per polygon. */
  boxes: Float64Array;
  poly: Int32Array;
  xa: Float64Array;
  ya: Float64Array;
  yb: Float64Array;
  k: Float64Array;
}

function invalid(message: string, details: Record<string, unknown>): AssayError {
  return new AssayError('INVALID_INPUT', message, {
    hint: `A map region is {model, method, polygons, projection?}: 1–${MAX_POLYGONS} polygons of 3–${MAX_VERTICES} finite [x, y] vertices enclosing some area.`,
    details: { field: 'region', ...details },
  });
}

/** False when every vertex lies on one line (or one point). */
function hasArea(polygon: [number, number][]): boolean {
  const [x0, y0] = polygon[0]!;
  const d = polygon.find(([x, y]) => x !== x0 || y !== y0);
  if (!d) return false;
  return polygon.some(([x, y]) => (d[0] - x0) * (y - y0) - (d[1] - y0) * (x - x0) !== 0);
}

/** The region's edges; malformed polygons (too few or many vertices, non-finite, no area) are INVALID_INPUT. */
export function regionEdges(region: MapRegion): RegionEdges {
  const { polygons } = region;
  if (!Array.isArray(polygons) || polygons.length < 1 || polygons.length > MAX_POLYGONS)
    throw invalid('The map region has no polygon or too many.', { polygons: polygons?.length ?? 0 });
  const boxes = new Float64Array(4 * polygons.length);
  const poly: number[] = [];
  const xa: number[] = [];
  const ya: number[] = [];
  const yb: number[] = [];
  const k: number[] = [];
  polygons.forEach((p, i) => {
    if (p.length < 3 || p.length > MAX_VERTICES)
      throw invalid('A map region polygon has too few or too many vertices.', {
        polygon: i,
        vertices: p.length,
      });
    let [x0, y0, x1, y1] = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, -Infinity, -Infinity];
    for (let a = 0, b = p.length - 1; a < p.length; b = a++) {
      const [ax, ay] = p[a]!;
      const [bx, by] = p[b]!;
      if (!Number.isFinite(ax) || !Number.isFinite(ay))
        throw invalid('A map region vertex is not a pair of finite numbers.', { polygon: i, vertex: a });
      [x0, y0, x1, y1] = [Math.min(x0, ax), Math.min(y0, ay), Math.max(x1, ax), Math.max(y1, ay)];
      if (ay === by) continue; // horizontal: never crossed by the test
      poly.push(i);
      xa.push(ax);
      ya.push(ay);
      yb.push(by);
      k.push((bx - ax) / (by - ay));
    }
    if (!hasArea(p)) throw invalid('A map region polygon encloses no area.', { polygon: i });
    boxes.set([x0, y0, x1, y1], 4 * i);
  });
  return {
    boxes,
    poly: Int32Array.from(poly),
    xa: Float64Array.from(xa),
    ya: Float64Array.from(ya),
    yb: Float64Array.from(yb),
    k: Float64Array.from(k),
  };
}

/** Whether (x, y) lies in the region (see RegionEdges for the exact test). */
export function regionContains(e: RegionEdges, x: number, y: number): boolean {
  const polygons = e.boxes.length / 4;
  for (let p = 0; p < polygons; p++) {
    const o = 4 * p;
    if (!(x >= e.boxes[o]! && x <= e.boxes[o + 2]! && y >= e.boxes[o + 1]! && y <= e.boxes[o + 3]!)) continue;
    let inside = false;
    for (let j = 0; j < e.poly.length; j++) {
      if (e.poly[j] !== p) continue;
      const ya = e.ya[j]!;
      if (ya > y !== e.yb[j]! > y && x < e.xa[j]! + (y - ya) * e.k[j]!) inside = !inside;
    }
    if (inside) return true;
  }
  return false;
}

/**
 * The region as a condition on `samples s`: the same test as regionContains, as a join of the
 * projection's points (FLOAT, read as exact doubles) with the edges (bound DOUBLE parameters), counting
 * crossings per sample and polygon.
 */
export function regionSql(region: MapRegion): { text: string; params: DuckDBValue[] } {
  const e = regionEdges(region);
  if (e.poly.length === 0) return { text: 'FALSE', params: [] };
  const rows: string[] = [];
  // the points in the union of the polygons' boxes first (a cheap scan), then the join with the edges
  let [x0, y0, x1, y1] = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, -Infinity, -Infinity];
  for (let o = 0; o < e.boxes.length; o += 4) {
    [x0, y0] = [Math.min(x0, e.boxes[o]!), Math.min(y0, e.boxes[o + 1]!)];
    [x1, y1] = [Math.max(x1, e.boxes[o + 2]!), Math.max(y1, e.boxes[o + 3]!)];
  }
  const params: DuckDBValue[] = [region.model, region.method, x0, x1, y0, y1];
  for (let j = 0; j < e.poly.length; j++) {
    const o = 4 * e.poly[j]!;
    rows.push(
      '(?::INTEGER, ?::DOUBLE, ?::DOUBLE, ?::DOUBLE, ?::DOUBLE, ?::DOUBLE, ?::DOUBLE, ?::DOUBLE, ?::DOUBLE)',
    );
    params.push(e.poly[j]!, e.boxes[o]!, e.boxes[o + 1]!, e.boxes[o + 2]!, e.boxes[o + 3]!);
    params.push(e.xa[j]!, e.ya[j]!, e.yb[j]!, e.k[j]!);
  }
  const text = `s.id IN (SELECT q.sample_id FROM (SELECT sample_id, x::DOUBLE AS x, y::DOUBLE AS y
      FROM embedding_projections WHERE model = ? AND method = ?
        AND x::DOUBLE BETWEEN ?::DOUBLE AND ?::DOUBLE AND y::DOUBLE BETWEEN ?::DOUBLE AND ?::DOUBLE) q,
    (VALUES ${rows.join(', ')}) e(poly, x0, y0, x1, y1, xa, ya, yb, k)
    WHERE q.x >= e.x0 AND q.x <= e.x1 AND q.y >= e.y0 AND q.y <= e.y1
      AND (e.ya > q.y) <> (e.yb > q.y) AND q.x < e.xa + (q.y - e.ya) * e.k
    GROUP BY q.sample_id, e.poly HAVING count(*) % 2 = 1)`;
  return { text, params };
}

/** The key of a projection in projectionFingerprints' map. */
export function projectionKey(model: string, method: string): string {
  return JSON.stringify([model, method]);
}

/**
 * Every stored projection's fingerprint, by projectionKey: its point count (base 36) and the XOR of
 * DuckDB's hash of each (sample, x, y), e.g. `lfls.3f2a…` (16 hex digits). Order-free, so it names the
 * points, not how they were written: re-storing the same coordinates keeps it, moving, adding or removing
 * one point changes it. One aggregate over embedding_projections (a few ms per million points).
 */
export async function projectionFingerprints(db: Db): Promise<Map<string, string>> {
  const rows = await db.all<{ model: string; method: string; n: number; h: string }>(
    `SELECT model, method, count(*)::INTEGER AS n, lower(to_hex(bit_xor(hash(sample_id, x, y)))) AS h
       FROM embedding_projections GROUP BY ALL`,
  );
  return new Map(
    rows.map((r) => [projectionKey(r.model, r.method), `${r.n.toString(36)}.${r.h.padStart(16, '0')}`]),
  );
}

/**
 * Refuses a region drawn on another projection than the stored one (STALE_MAP_REGION, HTTP 409): its
 * polygons would enclose other points now. A region without `projection` (an older link) is taken as it is.
 */
export function checkRegionProjection(region: MapRegion, fingerprints: ReadonlyMap<string, string>): void {
  if (region.projection === undefined) return;
  const current = fingerprints.get(projectionKey(region.model, region.method));
  if (current === region.projection) return;
  throw new AssayError(
    'STALE_MAP_REGION',
    current === undefined
      ? 'This map region was drawn on a projection the project no longer has.'
      : 'This map region was drawn on an earlier projection: the points have moved since.',
    {
      hint: 'Draw the region again on the embedding map, or clear it from the filter.',
      details: {
        field: 'region',
        model: region.model,
        method: region.method,
        projection: region.projection,
        current: current ?? null,
      },
    },
  );
}

/** The projection's coordinates per index position (NaN: the sample has no point), read once per index. */
async function projectionAt(
  db: Db,
  index: FacetIndex,
  model: string,
  method: string,
): Promise<{ x: Float64Array; y: Float64Array }> {
  const key = projectionKey(model, method);
  let known = index.projections.get(key);
  if (!known) {
    known = (async () => {
      const x = new Float64Array(index.n).fill(Number.NaN);
      const y = new Float64Array(index.n).fill(Number.NaN);
      await db.eachChunk(
        'SELECT sample_id, x::DOUBLE, y::DOUBLE FROM embedding_projections WHERE model = ? AND method = ?',
        [model, method],
        ([ids, xs, ys], rows) => {
          for (let r = 0; r < rows; r++) {
            const p = index.position(Number(ids![r]));
            if (p < 0) continue;
            x[p] = Number(xs![r]);
            y[p] = Number(ys![r]);
          }
        },
      );
      return { x, y };
    })();
    known.catch(() => index.projections.delete(key));
    index.projections.set(key, known);
  }
  return known;
}

/** The region over the index: 1 per position whose point lies inside (regionSql's answer, from memory). */
export async function regionMask(db: Db, index: FacetIndex, region: MapRegion): Promise<Uint8Array> {
  const e = regionEdges(region);
  const { x, y } = await projectionAt(db, index, region.model, region.method);
  const mask = new Uint8Array(index.n);
  for (let i = 0; i < index.n; i++) if (regionContains(e, x[i]!, y[i]!)) mask[i] = 1; // NaN fails the box test
  return mask;
}
