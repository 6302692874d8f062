import type { CheckResult } from '../check-types.js';
import type { LabelCheckInput, LabelCheckOptions } from './label-check-input.js';
import { LabelCheckStream, resolveLabelCheckOptions, wantsOutliers } from './label-check-stream.js';
import { labelColumns } from './label-columns.js';
import { boxScales } from './outlier-checks.js';

/**
 * Every label check over one source's annotations (ground truth): class map, geometry, outliers,
 * duplicates and overlaps, balance. Pure; the columns are built once and shared by the checks. A
 * project's annotations go through LabelCheckStream batch by batch instead (run-checks.ts).
 */
export function labelChecks(input: LabelCheckInput, options: LabelCheckOptions = {}): CheckResult {
  const o = resolveLabelCheckOptions(options);
  const c = labelColumns(input);
  const scales = wantsOutliers(o) ? boxScales(input.classes.length, c, o) : undefined;
  const stream = new LabelCheckStream(input.classes, options, scales, false);
  stream.add(input, c);
  return stream.result();
}
