import { appendAll } from '../../arrays/append-all.js';
import { type CheckIssue, type CheckResult, type CheckSkip, wants } from '../check-types.js';
import {
  addClassCounts,
  type ClassCounts,
  classBalanceIssues,
  noAnnotationIssues,
  undefinedClassIssues,
} from './class-checks.js';
import { geometryChecks } from './geometry-checks.js';
import {
  LABEL_CHECK_DEFAULTS,
  type LabelCheckInput,
  type LabelCheckOptions,
  type ResolvedLabelCheckOptions,
} from './label-check-input.js';
import { type LabelColumns, labelColumns } from './label-columns.js';
import { type BoxScales, outlierIssues, type PlacedOutlier, sortOutliers } from './outlier-checks.js';
import { pairIssues } from './pair-checks.js';

/** The label check options with every default filled in. */
export function resolveLabelCheckOptions(options: LabelCheckOptions = {}): ResolvedLabelCheckOptions {
  const o: ResolvedLabelCheckOptions = { ...LABEL_CHECK_DEFAULTS };
  for (const [k, v] of Object.entries(options)) if (v !== undefined) Object.assign(o, { [k]: v });
  return o;
}

/** Whether any of the outlier checks runs (then the caller computes BoxScales first). */
export function wantsOutliers(o: ResolvedLabelCheckOptions): boolean {
  return wants(o.only, 'box_size_outlier') || wants(o.only, 'box_aspect_outlier');
}

/** Adds the counts of `more` to the skips of the same check and reason in `into`. */
function mergeSkips(into: CheckSkip[], more: readonly CheckSkip[]): void {
  for (const s of more) {
    const same = into.find((t) => t.check === s.check && t.reason === s.reason);
    if (same) same.count += s.count;
    else into.push({ ...s });
  }
}

/**
 * The label checks over one source's annotations fed in batches of whole samples (each sample and
 * its annotations in one batch, batches in sample order), so that only a batch is ever held as
 * columns. The per-class statistics the outlier checks need (`scales`) cover the whole source and
 * are computed before (boxScales). The issues come out in the order of a single whole-source run:
 * with `byId`, annotation issues in annotation id order (the batches hold each sample's annotations
 * in id order); without it, in the order the batches gave them.
 */
export class LabelCheckStream {
  private readonly o: ResolvedLabelCheckOptions;
  private readonly undefinedClass: CheckIssue[] = [];
  private readonly noAnnotations: CheckIssue[] = [];
  private readonly geometry: CheckIssue[] = [];
  private readonly outliers: PlacedOutlier[] = [];
  private readonly pairs: CheckIssue[] = [];
  private readonly geometrySkips: CheckSkip[] = [];
  private readonly pairSkips: CheckSkip[] = [];
  private readonly counts: ClassCounts;
  private offset = 0;

  constructor(
    private readonly classes: string[],
    options: LabelCheckOptions,
    private readonly scales: BoxScales | undefined,
    private readonly byId: boolean,
  ) {
    this.o = resolveLabelCheckOptions(options);
    if (scales === undefined && wantsOutliers(this.o))
      throw new Error('LabelCheckStream: the outlier checks need the class statistics (boxScales)');
    this.counts = {
      annotations: new Float64Array(classes.length),
      samples: new Float64Array(classes.length),
    };
  }

  /** Checks one batch (its `classes` must be the stream's); `columns` when the caller built them already. */
  add(batch: LabelCheckInput, columns?: LabelColumns): void {
    const { o } = this;
    const c = columns ?? labelColumns(batch);
    if (wants(o.only, 'undefined_class')) appendAll(this.undefinedClass, undefinedClassIssues(batch, c));
    if (wants(o.only, 'no_annotations')) appendAll(this.noAnnotations, noAnnotationIssues(batch, c));
    const geometry = geometryChecks(batch, c, o);
    appendAll(this.geometry, geometry.issues);
    mergeSkips(this.geometrySkips, geometry.skipped);
    if (this.scales !== undefined) {
      const offset = this.offset;
      const key = this.byId ? (i: number) => batch.annotations.at(i)!.id : (i: number) => offset + i;
      appendAll(this.outliers, outlierIssues(batch, c, o, this.scales, key));
    }
    const pairs = pairIssues(batch, c, o);
    appendAll(this.pairs, pairs.issues);
    mergeSkips(this.pairSkips, pairs.skipped);
    addClassCounts(batch, c, this.counts);
    this.offset += c.n;
  }

  /** Every issue found, in the order of a whole-source run, and the work skipped. */
  result(): CheckResult {
    const byAnnotation = (a: CheckIssue, b: CheckIssue) => a.annotationId! - b.annotationId!;
    if (this.byId) {
      this.undefinedClass.sort(byAnnotation);
      this.geometry.sort(byAnnotation);
    }
    const issues: CheckIssue[] = [];
    for (const part of [
      this.undefinedClass,
      this.noAnnotations,
      this.geometry,
      sortOutliers(this.outliers),
      this.pairs,
      classBalanceIssues(this.classes, this.counts, this.o),
    ])
      appendAll(issues, part);
    return { issues, skipped: [...this.geometrySkips, ...this.pairSkips] };
  }
}
