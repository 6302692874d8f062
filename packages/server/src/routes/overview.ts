import type { OverviewResponse } from '@assay/api';
import { projectOverview } from '@assay/core/node';
import { Hono } from 'hono';
import type { ServerContext } from '../context.js';

export function overviewRoutes(ctx: ServerContext): Hono {
  return new Hono().get('/overview', async (c) => {
    const body: OverviewResponse = await ctx.handle.use(async (db) =>
      projectOverview(db, await ctx.names.get(db), await ctx.names.facetBase(db)),
    );
    return c.json(body);
  });
}
