import { AssayError } from '@assay/core/errors';
import { Hono } from 'hono';
import type { ChangeHub } from './change-hub.js';
import type { ServerContext } from './context.js';
import { toErrorResponse } from './error-handler.js';
import { annotationRoutes } from './routes/annotations.js';
import { editRoutes } from './routes/edits.js';
import { embeddingMapRoutes } from './routes/embedding-map.js';
import { eventRoutes } from './routes/events.js';
import { facetRoutes } from './routes/facets.js';
import { inspectionRoutes } from './routes/inspection.js';
import { internalRoutes } from './routes/internal.js';
import { lidarRoutes } from './routes/lidar.js';
import { mediaRoutes } from './routes/media.js';
import { overviewRoutes } from './routes/overview.js';
import { patchRoutes } from './routes/patches.js';
import { projectRoutes } from './routes/project.js';
import { reviewRoutes } from './routes/review.js';
import { sampleRoutes } from './routes/samples.js';
import { type SecurityOptions, security, securityHeaders } from './security.js';
import { webAppRoutes } from './web-app.js';
import { jsonWritesOnly } from './write-guard.js';

/** The Hono app: security first, then /api routes, then the web app; one error handler. */
export function createApp(ctx: ServerContext, hub: ChangeHub, securityOptions: SecurityOptions): Hono {
  const app = new Hono();
  app.use('*', securityHeaders());
  app.use('*', security(securityOptions));
  const api = new Hono();
  api.use('/edits/*', jsonWritesOnly());
  api.use('/edits', jsonWritesOnly());
  api.use('/inspection/*', jsonWritesOnly());
  api.route('/', projectRoutes(ctx));
  api.route('/', overviewRoutes(ctx));
  api.route('/', sampleRoutes(ctx));
  api.route('/', facetRoutes(ctx));
  api.route('/', annotationRoutes(ctx));
  api.route('/', patchRoutes(ctx));
  api.route('/', embeddingMapRoutes(ctx));
  api.route('/', mediaRoutes(ctx));
  api.route('/', reviewRoutes(ctx));
  api.route('/', editRoutes(ctx));
  api.route('/', inspectionRoutes(ctx));
  api.route('/', lidarRoutes(ctx));
  api.route('/', eventRoutes(ctx, hub));
  api.route('/', internalRoutes(ctx));
  api.all('*', (c) => {
    throw new AssayError('NOT_FOUND', 'No such API route.', {
      hint: 'See WEBAPP-CONTRACT.md / packages/api for the routes.',
      details: { method: c.req.method, path: c.req.path },
    });
  });
  app.route('/api', api);
  app.route('/', webAppRoutes(ctx));
  app.onError((error, c) => toErrorResponse(error, c, ctx.debug));
  return app;
}
