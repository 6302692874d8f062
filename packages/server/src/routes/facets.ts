import {
  AttributeFacetsRequest,
  type AttributeFacetsResponse,
  FacetsRequest,
  type FacetsResponse,
} from '@assay/api';
import { attributeFacets } from '@assay/core/node/browse/attribute-facets';
import { Hono } from 'hono';
import type { ServerContext } from '../context.js';
import { readBody } from '../read-body.js';

export function facetRoutes(ctx: ServerContext): Hono {
  return new Hono()
    .post('/facets/attributes', async (c) => {
      const req = await readBody(c, AttributeFacetsRequest);
      const started = performance.now();
      // A whole-project aggregate: on the background connection, so the main one stays free for pages.
      const attributes = await ctx.handle.useBackground(async (db) =>
        (await ctx.names.hasAttributes(db)) ? attributeFacets(db, await ctx.names.get(db), req) : [],
      );
      const body: AttributeFacetsResponse = {
        took_ms: Math.round((performance.now() - started) * 10) / 10,
        attributes,
      };
      return c.json(body);
    })
    .post('/facets', async (c) => {
      const { filter } = await readBody(c, FacetsRequest);
      const started = performance.now();
      // The client's signal: a request superseded by the next filter (the app aborts it) is not counted.
      const { counts, engine } = await ctx.handle.useBackground(async (db) =>
        ctx.names.facets(db, filter, c.req.raw.signal),
      );
      const body: FacetsResponse = {
        took_ms: Math.round((performance.now() - started) * 10) / 10,
        ...counts,
      };
      // Which engine answered (the in-memory index, or SQL while it is being built), for benchmarks.
      return c.json(body, 200, { 'x-assay-engine': engine });
    });
}
