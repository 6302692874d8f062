import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { ServerContext } from './context.js';

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Assay</title>
<p>The Assay web app is not built (packages/web/dist is missing). Run <code>npm run build</code>
in the Assay checkout, then restart <code>assay serve</code>. The API answers under <a href="/api/project">/api/</a>.</p>`;

/** The built web app: files from packages/web/dist, index.html for any other non-/api path. */
export function webAppRoutes(ctx: ServerContext): Hono {
  const app = new Hono();
  const root = ctx.webDist;
  if (root === undefined) {
    app.get('*', (c) => c.html(NOT_BUILT, 200));
    return app;
  }
  app.use(
    '/assets/*',
    serveStatic({
      root,
      onFound: (_path, c) => {
        c.header('Cache-Control', 'public, max-age=31536000, immutable'); // Vite's hashed file names
      },
    }),
  );
  app.use('*', serveStatic({ root }));
  app.get(
    '*',
    serveStatic({ root, path: 'index.html', onFound: (_p, c) => c.header('Cache-Control', 'no-cache') }),
  );
  return app;
}
