import { z } from 'zod';

/**
 * GET /api/embedding-map?model=&method=: the stored 2-D projection as columns (index i = one sample),
 * with what the map colours by. `class`/`split` index `classes`/`splits` (−1: none).
 */
export const EmbeddingMapResponse = z.object({
  projections: z.array(z.object({ model: z.string(), method: z.string() })),
  model: z.string().nullable(),
  method: z.string().nullable(),
  ids: z.array(z.number().int()),
  x: z.array(z.number()),
  y: z.array(z.number()),
  classes: z.array(z.string()),
  class: z.array(z.number().int()),
  splits: z.array(z.string()),
  split: z.array(z.number().int()),
  issues: z.array(z.number().int()),
});
export type EmbeddingMapResponse = z.infer<typeof EmbeddingMapResponse>;
