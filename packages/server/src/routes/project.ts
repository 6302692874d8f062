import type { ProjectResponse } from '@assay/api';
import { Hono } from 'hono';
import type { ServerContext } from '../context.js';

export function projectRoutes(ctx: ServerContext): Hono {
  return new Hono().get('/project', async (c) => {
    const info = await ctx.handle.use((db) => ctx.names.project(db));
    const body: ProjectResponse = { ...info, root: ctx.handle.dir, change: ctx.handle.change };
    return c.json(body);
  });
}
