import { z } from 'zod';

/** The body of every error response; `details` holds user input (ids, paths), `message` never does. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    hint: z.string().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** HTTP status per AssayError code (one table, used by the server's error handler). */
export const STATUS_BY_CODE: Record<string, number> = {
  USAGE: 400,
  INVALID_INPUT: 400,
  PARSE_ERROR: 400,
  UNKNOWN_FORMAT: 400,
  UNSUPPORTED: 400,
  NOT_FOUND: 404,
  NOT_A_PROJECT: 404,
  PATH_ESCAPE: 403,
  FORBIDDEN: 403,
  UNAUTHORIZED: 401,
  CONFLICT: 409,
  STALE_MAP_REGION: 409,
  PROJECT_EXISTS: 409,
  PROJECT_LOCKED: 423,
  GATE_FAILED: 422,
  INTERRUPTED: 503,
  UNAVAILABLE: 503,
  OUT_OF_MEMORY: 503,
  INTERNAL: 500,
};

/** Thrown by the client for a non-2xx answer: the server's error body, and the HTTP status. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly body: ErrorBody['error'],
  ) {
    super(body.message);
  }
  get code(): string {
    return this.body.code;
  }
}
