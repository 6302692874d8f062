import { PatchesRequest, type PatchesResponse } from '@assay/api';
import { patchPage } from '@assay/core/node';
import { Hono } from 'hono';
import type { ServerContext } from '../context.js';
import { readBody } from '../read-body.js';

export function patchRoutes(ctx: ServerContext): Hono {
  return new Hono().post('/patches', async (c) => {
    const req = await readBody(c, PatchesRequest);
    const body: PatchesResponse = await ctx.handle.use(async (db) =>
      patchPage(db, await ctx.names.get(db), req),
    );
    return c.json(body);
  });
}
