import { AnnotationsRequest, type AnnotationsResponse } from '@assay/api';
import { sampleAnnotations } from '@assay/core/node/browse/sample-annotations';
import { Hono } from 'hono';
import type { ServerContext } from '../context.js';
import { readBody } from '../read-body.js';

export function annotationRoutes(ctx: ServerContext): Hono {
  return new Hono().post('/annotations', async (c) => {
    const req = await readBody(c, AnnotationsRequest);
    const byId = await ctx.handle.use(async (db) =>
      sampleAnnotations(
        db,
        await ctx.names.get(db),
        req.sample_ids,
        req.sources ? { sources: req.sources } : {},
      ),
    );
    const body: AnnotationsResponse = {
      samples: Object.fromEntries([...byId].map(([id, list]) => [String(id), list])),
    };
    return c.json(body);
  });
}
