import { FacetsRequest, type FacetsResponse } from '@assay/api';
import { Hono } from 'hono';
import type { ServerContext } from '../context.js';
import { readBody } from '../read-body.js';

export function facetRoutes(ctx: ServerContext): Hono {
  return new Hono().post('/facets', async (c) => {
    const { filter } = await readBody(c, FacetsRequest);
    const started = performance.now();
    const counts = await ctx.handle.use(async (db) => ctx.names.facets(db, filter));
    const body: FacetsResponse = { took_ms: Math.round((performance.now() - started) * 10) / 10, ...counts };
    return c.json(body);
  });
}
