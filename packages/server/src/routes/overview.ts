import type { OverviewResponse } from '@assay/api';
import { projectOverview } from '@assay/core/node/browse/project-overview';
import { Hono } from 'hono';
import type { ServerContext } from '../context.js';

export function overviewRoutes(ctx: ServerContext): Hono {
  return new Hono().get('/overview', async (c) => {
    // on the background connection: the facet base is a temp table of that connection
    const body: OverviewResponse = await ctx.handle.useBackground(async (db) =>
      projectOverview(db, await ctx.names.get(db), await ctx.names.facetBase(db)),
    );
    return c.json(body);
  });
}
