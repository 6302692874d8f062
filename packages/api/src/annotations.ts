import { z } from 'zod';
import { Outcome } from './filter.js';

export const AnnotationKind = z.enum([
  'classification',
  'bbox',
  'polygon',
  'mask',
  'keypoints',
  'polyline',
  'span',
  'cuboid',
  'point_labels',
]);

/** One annotation, compact, for drawing: absolute pixels of the original image. */
export const Annotation = z.object({
  id: z.number().int(),
  sample_id: z.number().int(),
  source: z.string(),
  kind: AnnotationKind,
  class_id: z.number().int().nullable(),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  /** Polygon rings (the first is the outline, the others holes) or the one line of a polyline: [[x,y],...]. */
  polygon: z.array(z.array(z.tuple([z.number(), z.number()]))).optional(),
  /** COCO RLE, counts compressed as text. */
  rle: z.object({ size: z.tuple([z.number(), z.number()]), counts: z.string() }).optional(),
  /** Flat x, y, v triples. */
  keypoints: z.array(z.number()).optional(),
  /** Pairs of 1-based keypoint indices (COCO skeleton) of the class. */
  skeleton: z.array(z.tuple([z.number(), z.number()])).optional(),
  score: z.number().optional(),
  iscrowd: z.boolean().optional(),
  outcome: Outcome.nullable().optional(),
  /** The annotation it matched in the latest eval run, and the IoU. */
  matched_id: z.number().int().nullable().optional(),
  iou: z.number().nullable().optional(),
  /** TIDE error type (cls, loc, both, dupe, bkg, miss). */
  error: z.string().nullable().optional(),
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});
export type Annotation = z.infer<typeof Annotation>;

/** POST /api/annotations */
export const AnnotationsRequest = z.object({
  sample_ids: z.array(z.number().int()).max(500),
  sources: z.array(z.string()).optional(),
});
export type AnnotationsRequest = z.infer<typeof AnnotationsRequest>;

/** Keyed by sample id (as a string, JSON object keys); samples without annotations have an empty list. */
export const AnnotationsResponse = z.object({
  samples: z.record(z.string(), z.array(Annotation)),
});
export type AnnotationsResponse = z.infer<typeof AnnotationsResponse>;
