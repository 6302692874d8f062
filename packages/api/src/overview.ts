import { z } from 'zod';
import { Histogram } from './histogram.js';

const Count = z.number().int();

/** GET /api/overview: the charts of the overview page. Eval and agreement are null without such runs. */
export const OverviewResponse = z.object({
  /** Annotation count per class, split and source (one row per non-empty cell). */
  class_distribution: z.array(
    z.object({ class: z.string(), split: z.string(), source: z.string(), count: Count }),
  ),
  metrics: z.array(Histogram.extend({ name: z.string(), unit: z.string() })),
  issues: z.array(z.object({ type: z.string(), severity: z.string(), count: Count })),
  eval: z
    .object({
      run_id: z.number().int(),
      gt: z.string(),
      pred: z.string(),
      finished_at: z.string().nullable(),
      totals: z.object({ tp: Count, fp: Count, fn: Count }),
      /** COCO mAP@[.5:.95] and AP50 when the run evaluated boxes or masks. */
      map: z.number().nullable(),
      map50: z.number().nullable(),
      per_class_ap: z.array(z.object({ class: z.string(), ap: z.number().nullable() })),
      /** Rows ground truth, columns prediction; the last label is `background`. */
      confusion: z.object({ labels: z.array(z.string()), matrix: z.array(z.array(z.number())) }).nullable(),
      pr_curves: z.array(
        z.object({ class: z.string(), recall: z.array(z.number()), precision: z.array(z.number()) }),
      ),
    })
    .nullable(),
  agreement: z
    .object({
      run_id: z.number().int(),
      kind: z.string(),
      /** The run's summary as stored (kappa, alpha, box agreement...). */
      summary: z.record(z.string(), z.unknown()),
    })
    .nullable(),
});
export type OverviewResponse = z.infer<typeof OverviewResponse>;
