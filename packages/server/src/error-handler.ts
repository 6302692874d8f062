import { STATUS_BY_CODE } from '@assay/api';
import { AssayError, type AssayErrorCode, toAssayError } from '@assay/core/errors';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';

/** HTTP status of an error code (one table: STATUS_BY_CODE in @assay/api). */
export function statusFor(code: string): ContentfulStatusCode {
  return (STATUS_BY_CODE[code] ?? 500) as ContentfulStatusCode;
}

/** Any error → `{error:{code,message,hint,details}}` with the status of its code. */
export function toErrorResponse(error: unknown, c: Context, debug = false): Response {
  let e: AssayError;
  if (error instanceof ZodError) {
    e = new AssayError('INVALID_INPUT', 'The request body or query does not match the API schema.', {
      hint: 'See packages/api for the request schemas.',
      details: { issues: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
    });
  } else if (error instanceof HTTPException) {
    e = new AssayError(error.status === 404 ? 'NOT_FOUND' : 'INVALID_INPUT', error.message || 'Bad request.');
  } else {
    e = toAssayError(error);
  }
  if (e.code === 'INTERNAL' || debug) process.stderr.write(`${(e.cause as Error)?.stack ?? e.stack}\n`);
  return c.json({ error: e.toJSON() }, statusFor(e.code));
}

export function apiError(
  code: AssayErrorCode,
  message: string,
  hint?: string,
  details?: Record<string, unknown>,
): AssayError {
  return new AssayError(code as AssayErrorCode, message, {
    ...(hint ? { hint } : {}),
    ...(details ? { details } : {}),
  });
}
