import { AssayError } from '@assay/core/errors';
import type { Context } from 'hono';
import type { z } from 'zod';

/** The JSON body parsed with a schema; malformed JSON is INVALID_INPUT like a schema mismatch. */
export async function readBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  let data: unknown;
  try {
    data = await c.req.json();
  } catch {
    throw new AssayError('INVALID_INPUT', 'The request body is not JSON.', {
      hint: 'Send a JSON body with content-type application/json.',
    });
  }
  return schema.parse(data) as z.infer<T>;
}
