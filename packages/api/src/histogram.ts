import { z } from 'zod';

/** A histogram: `bins` edges (counts.length + 1 of them) and counts. */
export const Histogram = z.object({
  min: z.number().nullable(),
  max: z.number().nullable(),
  bins: z.array(z.number()),
  counts: z.array(z.number().int()),
});
export type Histogram = z.infer<typeof Histogram>;

export const ValueCount = z.object({ value: z.string(), count: z.number().int() });
export type ValueCount = z.infer<typeof ValueCount>;
