import { Hono } from 'hono';
import { z } from 'zod';
import type { ServerContext } from '../context.js';

const Holder = z.object({ pid: z.number().int().positive() });

/**
 * The database hand-over (token required, see security.ts): another `assay` process asks the server to
 * release the database before it opens it, and says `resume` when it has closed it.
 */
export function internalRoutes(ctx: ServerContext): Hono {
  return new Hono()
    .post('/internal/release', async (c) => {
      const { pid } = Holder.parse(await c.req.json());
      await ctx.handle.release(pid);
      return c.json({ released: true });
    })
    .post('/internal/resume', async (c) => {
      const { pid } = Holder.parse(await c.req.json());
      await ctx.handle.resume(pid);
      return c.json({ change: ctx.handle.change, released: ctx.handle.released });
    });
}
