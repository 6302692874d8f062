import type { EmbeddingMapResponse } from '@assay/api';
import { embeddingMap } from '@assay/core/node';
import { Hono } from 'hono';
import type { ServerContext } from '../context.js';

export function embeddingMapRoutes(ctx: ServerContext): Hono {
  return new Hono().get('/embedding-map', async (c) => {
    const model = c.req.query('model') || undefined;
    const method = c.req.query('method') || undefined;
    const body: EmbeddingMapResponse = await ctx.handle.use((db) => embeddingMap(db, model, method));
    return c.json(body);
  });
}
