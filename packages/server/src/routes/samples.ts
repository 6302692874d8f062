import { type SampleDetail, SamplesQueryRequest, type SamplesQueryResponse } from '@assay/api';
import { AssayError } from '@assay/core';
import { sampleDetail, samplePage } from '@assay/core/node';
import { Hono } from 'hono';
import type { ServerContext } from '../context.js';
import { readBody } from '../read-body.js';

/** A path parameter that must be a sample id. */
export function parseId(text: string): number {
  const id = Number(text);
  if (!/^\d{1,10}$/.test(text) || !Number.isSafeInteger(id)) {
    throw new AssayError('INVALID_INPUT', 'A sample id is a whole number.', {
      hint: 'Sample ids come from POST /api/samples/query.',
      details: { id: text },
    });
  }
  return id;
}

export function sampleRoutes(ctx: ServerContext): Hono {
  return new Hono()
    .post('/samples/query', async (c) => {
      const req = await readBody(c, SamplesQueryRequest);
      const body: SamplesQueryResponse = await ctx.handle.use(async (db) =>
        samplePage(db, await ctx.names.get(db), req),
      );
      return c.json(body);
    })
    .get('/samples/:id', async (c) => {
      const id = parseId(c.req.param('id'));
      const body: SampleDetail = await ctx.handle.use(async (db) =>
        sampleDetail(db, await ctx.names.get(db), id),
      );
      return c.json(body);
    });
}
