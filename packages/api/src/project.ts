import { z } from 'zod';

export const SourceKind = z.enum(['ground_truth', 'annotator', 'prediction']);

/** GET /api/project: what the header and the sidebar need, and the change counter. */
export const ProjectResponse = z.object({
  name: z.string(),
  root: z.string(),
  /** Bumped whenever the project changes (another command ran); the same value /api/events pushes. */
  change: z.number().int(),
  counts: z.object({
    samples: z.number().int(),
    annotations: z.number().int(),
    classes: z.number().int(),
    open_issues: z.number().int(),
  }),
  sources: z.array(z.object({ name: z.string(), kind: SourceKind, annotations: z.number().int() })),
  splits: z.array(z.object({ name: z.string(), samples: z.number().int() })),
  classes: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      /** Stable palette index (the class's position in the class map). */
      color: z.number().int(),
      annotations: z.number().int(),
    }),
  ),
  /** Sample metrics the filter and sort accept (metric names of `sample_metrics`, plus width/height). */
  metrics: z.array(z.string()),
  /**
   * Per-sample scores the sort accepts in this project (only those with stored values): `outlier`,
   * `typicality`, `uniqueness`, `class_outlier`, `class_typicality` (`assay embed --analyze`) and
   * `uncertainty` (prediction uncertainty from `assay eval`). Absent from older servers.
   */
  score_sorts: z.array(z.string()).optional(),
});
export type ProjectResponse = z.infer<typeof ProjectResponse>;

/** What GET /api/events sends as `data:` of each `change` event. */
export const ChangeEvent = z.object({ change: z.number().int() });
export type ChangeEvent = z.infer<typeof ChangeEvent>;
