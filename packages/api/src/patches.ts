import { z } from 'zod';
import { Filter } from './filter.js';

/** POST /api/patches: every annotation of one source (and class) as a crop, sorted. */
export const PatchesRequest = z.object({
  filter: Filter,
  source: z.string(),
  class: z.string().optional(),
  /** area, aspect (w/h), score (prediction confidence) or issue_score (worst open issue of the annotation). */
  sort: z.enum(['area', 'aspect', 'score', 'issue_score']),
  desc: z.boolean().optional(),
  offset: z.number().int().min(0),
  limit: z.number().int().min(1).max(500),
});
export type PatchesRequest = z.infer<typeof PatchesRequest>;

export const Patch = z.object({
  annotation_id: z.number().int(),
  sample_id: z.number().int(),
  class_id: z.number().int().nullable(),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  /** The image's size, to scale the box onto a thumbnail. */
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  score: z.number().nullable(),
  /** Label-quality score of the annotation's worst open issue, if any. */
  issue_score: z.number().nullable(),
});
export type Patch = z.infer<typeof Patch>;

export const PatchesResponse = z.object({ total: z.number().int(), items: z.array(Patch) });
export type PatchesResponse = z.infer<typeof PatchesResponse>;
