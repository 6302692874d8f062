import {
  type EmbeddingMapResponse,
  encodeColumns,
  type MapColoursHeader,
  type MapPointsHeader,
} from '@assay/api';
import {
  type EmbeddingMapPoints,
  embeddingMap,
  embeddingMapPoints,
} from '@assay/core/node/browse/embedding-map';
import { embeddingMapColours } from '@assay/core/node/browse/embedding-map-colours';
import { projectionKey } from '@assay/core/node/browse/map-region';
import { projectRevision } from '@assay/core/node/edits/apply-edits';
import type { Db } from '@assay/core/node/store/db';
import { Hono } from 'hono';
import type { ServerContext } from '../context.js';

const binary = (bytes: Uint8Array) =>
  new Response(bytes, {
    headers: { 'content-type': 'application/octet-stream', 'cache-control': 'no-store' },
  });

/**
 * The embedding map: the projection as JSON columns (small projects, scripts), or as binary columns
 * (points once, then one category column per colour mode; what the app loads, up to millions of points).
 */
export function embeddingMapRoutes(ctx: ServerContext): Hono {
  const query = (q: (name: string) => string | undefined) =>
    [q('model') || undefined, q('method') || undefined] as const;
  // the app asks for the points and their colours at once, and each colour mode needs the points' ids:
  // the last projection read is kept for the project's current change (1M points: seconds to read)
  let last: { key: string; value: Promise<EmbeddingMapPoints> } | undefined;
  const pointsOf = (db: Db, model: string | undefined, method: string | undefined) => {
    const key = JSON.stringify([ctx.handle.change, model ?? null, method ?? null]);
    if (last?.key !== key) {
      const value = embeddingMapPoints(db, model, method);
      const entry = { key, value };
      value.catch(() => {
        if (last === entry) last = undefined;
      });
      last = entry;
    }
    return last.value;
  };
  return new Hono()
    .get('/embedding-map', async (c) => {
      const [model, method] = query((n) => c.req.query(n));
      const body: EmbeddingMapResponse = await ctx.handle.use((db) => embeddingMap(db, model, method));
      return c.json(body);
    })
    .get('/embedding-map/points', async (c) => {
      const [model, method] = query((n) => c.req.query(n));
      const [p, names] = await ctx.handle.use(
        async (db) => [await pointsOf(db, model, method), await ctx.names.get(db)] as const,
      );
      const header: MapPointsHeader = {
        projections: p.projections,
        model: p.model,
        method: p.method,
        count: p.ids.length,
        // what a map region drawn on these points names (the filter refuses it once the projection changes)
        fingerprint:
          p.model && p.method ? (names.projections.get(projectionKey(p.model, p.method)) ?? null) : null,
      };
      return binary(encodeColumns(header, [p.ids, p.x, p.y]));
    })
    .get('/embedding-map/colours', async (c) => {
      const [model, method] = query((n) => c.req.query(n));
      const by = c.req.query('by') || 'class';
      const [colours, count, revision] = await ctx.handle.use(async (db, project) => {
        const p = await pointsOf(db, model, method);
        return [
          // the class column from the facet index once it is built (no annotation scan)
          await embeddingMapColours(db, p.ids, by, ctx.names.readyIndex()),
          p.ids.length,
          await projectRevision(project),
        ] as const;
      });
      const header: MapColoursHeader = {
        by: colours.by,
        labels: colours.labels,
        ramp: colours.ramp,
        count,
        modes: colours.modes,
        revision,
      };
      return binary(encodeColumns(header, [colours.category]));
    });
}
