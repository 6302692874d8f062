import { z } from 'zod';

const interval = z.object({ low: z.number(), high: z.number() }).nullable();
const estimate = z.object({
  accuracy: z.number().nullable(),
  judged: z.number().int(),
  correct: z.number().int(),
  clopper_pearson: interval,
  wilson: interval,
});

export const InspectionSummary = z.object({
  id: z.number().int(),
  source: z.string(),
  stratify: z.string().nullable(),
  seed: z.number(),
  confidence: z.number(),
  margin: z.number().nullable(),
  population: z.number().int(),
  size: z.number().int(),
  author: z.string(),
  created_at: z.string(),
});

export const InspectionItem = z.object({
  item: z.number().int(),
  annotation_id: z.number().int(),
  sample_id: z.number().int(),
  path: z.string().nullable(),
  stratum: z.string(),
  label: z.string().nullable(),
  verdict: z.enum(['correct', 'incorrect']).nullable(),
  error_kind: z.string().nullable(),
  note: z.string().nullable(),
  author: z.string().nullable(),
});
export type InspectionItem = z.infer<typeof InspectionItem>;

/** GET /api/inspection?pending=1&offset=&limit= (the latest inspection; 404 when there is none). */
export const InspectionItemsResponse = z.object({
  inspection: InspectionSummary,
  total: z.number().int(),
  pending: z.number().int(),
  items: z.array(InspectionItem),
});
export type InspectionItemsResponse = z.infer<typeof InspectionItemsResponse>;

/** GET /api/inspection/report */
export const InspectionReportResponse = z.object({
  inspection: InspectionSummary,
  judged: z.number().int(),
  pending: z.number().int(),
  estimate: z.object({
    confidence: z.number(),
    overall: estimate,
    strata: z.array(estimate.extend({ name: z.string(), population: z.number() })),
    stratified: estimate.extend({ effective_n: z.number().nullable() }).nullable(),
  }),
  errors: z.record(z.string(), z.number()),
  by_class: z.array(z.object({ label: z.string(), judged: z.number(), correct: z.number() })),
  by_author: z.array(z.object({ author: z.string(), judged: z.number(), correct: z.number() })),
});
export type InspectionReportResponse = z.infer<typeof InspectionReportResponse>;

export const InspectionError = z.enum(['wrong_class', 'bad_box', 'missing_object', 'extra_object', 'other']);

/** POST /api/inspection/mark: a verdict on one item of the latest (or named) inspection. */
export const InspectionMarkRequest = z.object({
  author: z.string().trim().min(1).max(100),
  inspection: z.number().int().optional(),
  item: z.number().int().min(1),
  verdict: z.enum(['correct', 'incorrect']).nullable(),
  error: InspectionError.optional(),
  note: z.string().max(2000).optional(),
});
export type InspectionMarkRequest = z.infer<typeof InspectionMarkRequest>;

export const InspectionMarkResponse = z.object({
  inspection: z.number().int(),
  item: z.number().int(),
  verdict: z.enum(['correct', 'incorrect']).nullable(),
});
export type InspectionMarkResponse = z.infer<typeof InspectionMarkResponse>;
