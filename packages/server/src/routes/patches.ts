import { PatchesRequest, type PatchesResponse } from '@assay/api';
import { indexPatchPage } from '@assay/core/node/browse/index-patch-page';
import { patchPage } from '@assay/core/node/browse/patch-page';
import { Hono } from 'hono';
import type { ServerContext } from '../context.js';
import { readBody } from '../read-body.js';

export function patchRoutes(ctx: ServerContext): Hono {
  return new Hono().post('/patches', async (c) => {
    const req = await readBody(c, PatchesRequest);
    const body: PatchesResponse = await ctx.handle.use(async (db) => {
      const names = await ctx.names.get(db);
      const index = ctx.names.readyIndex();
      return index ? indexPatchPage(db, index, names, req) : patchPage(db, names, req);
    });
    return c.json(body);
  });
}
