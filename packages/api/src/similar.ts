import { z } from 'zod';

/** GET /api/samples/:id/similar?k=10&model=NAME (query parameters as text). */
export const SimilarQuery = z.object({
  k: z.coerce.number().int().min(1).max(200).default(10),
  model: z.string().min(1).max(200).optional(),
});
export type SimilarQuery = z.infer<typeof SimilarQuery>;

export const SimilarSample = z.object({
  id: z.number().int(),
  path: z.string(),
  /** Cosine distance of the two samples' vectors (0 = same direction). */
  distance: z.number(),
});
export type SimilarSample = z.infer<typeof SimilarSample>;

/** `model` and `sample` are null (and `similar` empty) when the project has no embeddings yet. */
export const SimilarResponse = z.object({
  model: z.string().nullable(),
  sample: z.object({ id: z.number().int(), path: z.string() }).nullable(),
  similar: z.array(SimilarSample),
});
export type SimilarResponse = z.infer<typeof SimilarResponse>;
