import type { CheckResult } from '../checks/check-types.js';
import type { LabelCheckOptions } from '../checks/labels/label-check-input.js';
import {
  LabelCheckStream,
  resolveLabelCheckOptions,
  wantsOutliers,
} from '../checks/labels/label-check-stream.js';
import { boxScales } from '../checks/labels/outlier-checks.js';
import { AssayError } from '../errors.js';
import type { Project } from './project.js';

/**
 * The label checks over one source of a project, batch by batch: first the class statistics of the
 * outlier checks from three columns (class, width, height), then every sample and its annotations in
 * batches of consecutive sample ids. Only one batch is columns at a time; the issues come out as one
 * whole-source run gives them (annotation issues in annotation id order).
 */
export async function labelCheckIssues(
  project: Project,
  source: string,
  classes: string[],
  options: LabelCheckOptions,
  signal?: AbortSignal,
  /** Samples per batch (the store's default when absent; tests make it small). */
  samplesPerBatch?: number,
): Promise<CheckResult> {
  const { store } = project;
  const o = resolveLabelCheckOptions(options);
  let scales: ReturnType<typeof boxScales> | undefined;
  if (wantsOutliers(o)) {
    const sizes = await store.readLabelBoxSizes(source);
    const ids = await store.listClasses();
    const index = new Map(classes.map((name, i) => [name, i]));
    const byId = new Map(ids.map((c) => [c.id, index.get(c.name) ?? -1]));
    const cls = sizes.classId;
    for (let i = 0; i < sizes.n; i++) cls[i] = byId.get(cls[i]!) ?? -1;
    scales = boxScales(classes.length, { n: sizes.n, cls, w: sizes.w, h: sizes.h }, o);
  }
  const stream = new LabelCheckStream(classes, options, scales, true);
  for await (const batch of store.labelCheckBatches(source, samplesPerBatch)) {
    if (signal?.aborted)
      throw new AssayError('INTERRUPTED', 'Checks were interrupted; no issues were changed.', {
        hint: 'Run `assay check` again.',
      });
    stream.add({ classes, samples: batch.samples, annotations: batch.annotations });
  }
  return stream.result();
}
