import { type CheckResult, wants } from '../check-types.js';
import { classBalanceIssues, noAnnotationIssues, undefinedClassIssues } from './class-checks.js';
import { geometryChecks } from './geometry-checks.js';
import {
  LABEL_CHECK_DEFAULTS,
  type LabelCheckInput,
  type LabelCheckOptions,
  type ResolvedLabelCheckOptions,
} from './label-check-input.js';
import { labelColumns } from './label-columns.js';
import { outlierIssues } from './outlier-checks.js';
import { pairIssues } from './pair-checks.js';

/**
 * Every label check over one source's annotations (ground truth): class map, geometry, outliers,
 * duplicates and overlaps, balance. Pure; the columns are built once and shared by the checks.
 */
export function labelChecks(input: LabelCheckInput, options: LabelCheckOptions = {}): CheckResult {
  const o: ResolvedLabelCheckOptions = { ...LABEL_CHECK_DEFAULTS };
  for (const [k, v] of Object.entries(options)) if (v !== undefined) Object.assign(o, { [k]: v });
  const c = labelColumns(input);
  const geometry = geometryChecks(input, c, o);
  const pairs = pairIssues(input, c, o);
  const issues = [
    ...(wants(o.only, 'undefined_class') ? undefinedClassIssues(input, c) : []),
    ...(wants(o.only, 'no_annotations') ? noAnnotationIssues(input, c) : []),
    ...geometry.issues,
    ...outlierIssues(input, c, o),
    ...pairs.issues,
    ...classBalanceIssues(input, c, o),
  ];
  return { issues, skipped: [...geometry.skipped, ...pairs.skipped] };
}
