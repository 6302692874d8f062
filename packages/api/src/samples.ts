import { z } from 'zod';
import { Annotation } from './annotations.js';
import { Filter } from './filter.js';

export const SampleSort = z.object({
  /**
   * 'id', 'path', 'issue_score' (highest issue score), a score from ProjectResponse.score_sorts
   * (embedding outlier, typicality, uniqueness, class_outlier, class_typicality; uncertainty) or a
   * metric name from ProjectResponse.metrics. Samples without the value come last.
   */
  by: z.string().max(100),
  desc: z.boolean().optional(),
});
export type SampleSort = z.infer<typeof SampleSort>;

/** POST /api/samples/query */
export const SamplesQueryRequest = z.object({
  filter: Filter,
  sort: SampleSort.optional(),
  offset: z.number().int().min(0),
  limit: z.number().int().min(1).max(500),
});
export type SamplesQueryRequest = z.infer<typeof SamplesQueryRequest>;

export const SampleItem = z.object({
  id: z.number().int(),
  path: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  split: z.string().nullable(),
  tags: z.array(z.string()),
  issue_count: z.number().int(),
  /** The image is missing, corrupt or unreadable (the grid draws a placeholder). */
  missing: z.boolean(),
  /**
   * Why the scan could not use the image, when it could not: missing, corrupt, unreadable, unsupported (a
   * format Assay does not decode, which a browser may still show) or too_large. The placeholder says which.
   */
  media_problem: z.string().nullable().optional(),
  /** `text` samples show as text cards: their first characters and language. */
  kind: z.enum(['image', 'text', 'point_cloud']).optional(),
  text: z.string().nullable().optional(),
  language: z.string().nullable().optional(),
});
export type SampleItem = z.infer<typeof SampleItem>;

export const SamplesQueryResponse = z.object({
  total: z.number().int(),
  items: z.array(SampleItem),
});
export type SamplesQueryResponse = z.infer<typeof SamplesQueryResponse>;

export const SampleIssue = z.object({
  id: z.number().int(),
  type: z.string(),
  severity: z.string(),
  score: z.number(),
  reason: z.string(),
  status: z.string(),
  annotation_id: z.number().int().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});
export type SampleIssue = z.infer<typeof SampleIssue>;

/** GET /api/samples/:id */
export const SampleDetail = z.object({
  id: z.number().int(),
  path: z.string(),
  root: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  split: z.string().nullable(),
  tags: z.array(z.string()),
  format: z.string().nullable(),
  bytes: z.number().nullable(),
  scan_status: z.string(),
  scan_error: z.string().nullable(),
  missing: z.boolean(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  /** image | text | point_cloud (a text sample shows its text; a point_cloud sample opens the 3D view). */
  kind: z.enum(['image', 'text', 'point_cloud']).optional(),
  /** A text sample's text (null for images), language (stated, else detected) and origin (`file:line`). */
  text: z.string().nullable().optional(),
  language: z.string().nullable().optional(),
  text_source: z.string().nullable().optional(),
  metrics: z.record(z.string(), z.number()),
  /** Every source's annotations, with match info when an eval run compared that source. */
  annotations: z.array(Annotation),
  issues: z.array(SampleIssue),
  /** The eval run the outcomes and matches come from (latest), or null. */
  eval_run_id: z.number().int().nullable(),
});
export type SampleDetail = z.infer<typeof SampleDetail>;
