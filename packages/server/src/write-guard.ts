import { AssayError } from '@assay/core/errors';
import type { MiddlewareHandler } from 'hono';

/**
 * Writes (the app's edits and inspection verdicts) accept only `application/json` bodies: a page on
 * another site can send a form or text/plain POST without asking, but not JSON (that needs a CORS
 * preflight this server never grants). This comes on top of security(): the token, or the app's own Origin.
 */
export function jsonWritesOnly(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json')
        throw new AssayError('FORBIDDEN', 'Changes are accepted only as JSON requests.', {
          hint: 'Send the request from the app, with content-type: application/json.',
          details: { content_type: c.req.header('content-type') ?? null },
        });
    }
    await next();
  };
}
