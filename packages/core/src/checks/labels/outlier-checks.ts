import { vecQuantileSorted } from '../../stats/summarize.js';
import { type CheckIssue, wants } from '../check-types.js';
import type { LabelCheckInput, ResolvedLabelCheckOptions } from './label-check-input.js';
import { annotationName, type LabelColumns } from './label-columns.js';

/** Scale that makes the MAD estimate the standard deviation of a normal distribution. */
const MAD_TO_SD = 1.4826;
/** Same for the mean absolute deviation, used when over half the values are equal (MAD = 0). */
const MEANAD_TO_SD = 1.2533;

/** Robust centre and spread of values: median and scaled MAD (mean absolute deviation when MAD is 0). */
export function robustScale(values: Float64Array): { median: number; scale: number } {
  const sorted = values.slice().sort();
  const median = vecQuantileSorted(sorted, 0.5);
  const dev = sorted.map((v) => Math.abs(v - median)).sort();
  const mad = vecQuantileSorted(dev, 0.5);
  if (mad > 0) return { median, scale: MAD_TO_SD * mad };
  let sum = 0;
  for (const d of dev) sum += d;
  return { median, scale: dev.length > 0 ? (MEANAD_TO_SD * sum) / dev.length : 0 };
}

type Measure = 'size' | 'aspect';

function measure(c: LabelColumns, i: number, m: Measure): number {
  return Math.log(m === 'size' ? c.w[i]! * c.h[i]! : c.w[i]! / c.h[i]!);
}

/** Rows of valid boxes per class. */
function rowsByClass(input: LabelCheckInput, c: LabelColumns): Int32Array[] {
  const counts = new Int32Array(input.classes.length);
  const valid = (i: number) =>
    c.cls[i]! >= 0 && c.w[i]! > 0 && c.h[i]! > 0 && Number.isFinite(c.w[i]! * c.h[i]!);
  for (let i = 0; i < c.n; i++) if (valid(i)) counts[c.cls[i]!]!++;
  const rows = Array.from(counts, (n) => new Int32Array(n));
  counts.fill(0);
  for (let i = 0; i < c.n; i++) if (valid(i)) rows[c.cls[i]!]![counts[c.cls[i]!]!++] = i;
  return rows;
}

function outlierIssue(
  input: LabelCheckInput,
  c: LabelColumns,
  i: number,
  m: Measure,
  z: number,
  thr: number,
  median: number,
): CheckIssue {
  const a = input.annotations.at(i)!;
  const key = input.samples[c.sample[i]!]?.key ?? `sample ${a.sampleId}`;
  const value = m === 'size' ? c.w[i]! * c.h[i]! : c.w[i]! / c.h[i]!;
  const typical = Math.exp(median);
  const what = m === 'size' ? `area ${value.toFixed(0)} px²` : `aspect (w/h) ${value.toFixed(2)}`;
  const usual = m === 'size' ? `${typical.toFixed(0)} px²` : typical.toFixed(2);
  return {
    sampleId: a.sampleId,
    annotationId: a.id,
    type: m === 'size' ? 'box_size_outlier' : 'box_aspect_outlier',
    severity: 'warning',
    score: Math.abs(z) / (Math.abs(z) + thr),
    reason: `${key}: ${annotationName(a)} (${a.label}) has ${what}, far from its class's median ${usual} (robust z ${z.toFixed(1)}).`,
    details: { class: a.label, value, class_median: typical, robust_z: z },
  };
}

/**
 * box_size_outlier and box_aspect_outlier: a box whose log area (or log aspect) lies more than
 * `outlierZ` robust standard deviations (scaled MAD) from its class's median, and differs from that
 * median by at least the factor `outlierMinRatio` (so a class of near-identical boxes, whose MAD is
 * tiny, does not flag a 4% difference). Classes with fewer than
 * `outlierMinBoxes` boxes are not judged.
 */
export function outlierIssues(
  input: LabelCheckInput,
  c: LabelColumns,
  o: ResolvedLabelCheckOptions,
): CheckIssue[] {
  const issues: CheckIssue[] = [];
  const measures = (['size', 'aspect'] as const).filter((m) =>
    wants(o.only, m === 'size' ? 'box_size_outlier' : 'box_aspect_outlier'),
  );
  if (measures.length === 0) return issues;
  for (const rows of rowsByClass(input, c)) {
    if (rows.length < o.outlierMinBoxes) continue;
    for (const m of measures) {
      const values = new Float64Array(rows.length);
      rows.forEach((i, k) => {
        values[k] = measure(c, i, m);
      });
      const { median, scale } = robustScale(values);
      if (!(scale > 0)) continue;
      const minLog = Math.log(o.outlierMinRatio);
      values.forEach((v, k) => {
        const z = (v - median) / scale;
        if (Math.abs(z) > o.outlierZ && Math.abs(v - median) >= minLog)
          issues.push(outlierIssue(input, c, rows[k]!, m, z, o.outlierZ, median));
      });
    }
  }
  return issues;
}
