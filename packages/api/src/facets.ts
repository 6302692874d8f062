import { z } from 'zod';
import { Filter } from './filter.js';
import { Histogram, ValueCount } from './histogram.js';

/** POST /api/facets */
export const FacetsRequest = z.object({ filter: Filter });
export type FacetsRequest = z.infer<typeof FacetsRequest>;

/**
 * Counts under the current filter. class, source and outcome count annotations of matching samples
 * (restricted to the filter's sources); split, tag, issue_type and issue_status count samples.
 * Each metric's histogram bins span that metric's range over the whole project (stable while filtering).
 */
export const FacetsResponse = z.object({
  took_ms: z.number(),
  total: z.number().int(),
  /** Samples inside the filter's map region alone (present only when the filter has one). */
  region_points: z.number().int().optional(),
  facets: z.object({
    class: z.array(ValueCount),
    source: z.array(ValueCount),
    split: z.array(ValueCount),
    tag: z.array(ValueCount),
    issue_type: z.array(ValueCount),
    issue_status: z.array(ValueCount),
    outcome: z.array(ValueCount),
    /** Text samples per language (absent from servers before issue 17's text view). */
    language: z.array(ValueCount).optional(),
    metrics: z.record(z.string(), Histogram),
  }),
});
export type FacetsResponse = z.infer<typeof FacetsResponse>;
