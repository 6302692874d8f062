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

const MEASURES = ['size', 'aspect'] as const;
type Measure = (typeof MEASURES)[number];

function measureOf(w: number, h: number, m: Measure): number {
  return Math.log(m === 'size' ? w * h : w / h);
}

/** A box the outlier checks judge: a known class and a positive, finite size. */
export function outlierBox(cls: number, w: number, h: number): boolean {
  return cls >= 0 && w > 0 && h > 0 && Number.isFinite(w * h);
}

/** Boxes as the outlier statistics read them: class index (into input.classes), width, height. */
export interface BoxSizeColumns {
  n: number;
  cls: Int32Array;
  w: Float64Array;
  h: Float64Array;
}

/**
 * Each class's robust centre and spread of log area and log aspect (over every box of the source),
 * computed once before the boxes are judged batch by batch. `median[m][k]` and `scale[m][k]` for
 * measure m (0 size, 1 aspect) of class k; `count[k]` boxes of class k.
 */
export interface BoxScales {
  count: Float64Array;
  median: [Float64Array, Float64Array];
  scale: [Float64Array, Float64Array];
}

/** The BoxScales of `classes` classes over box columns (rows that are not outlierBox are left out). */
export function boxScales(classes: number, c: BoxSizeColumns, o: ResolvedLabelCheckOptions): BoxScales {
  const count = new Float64Array(classes);
  for (let i = 0; i < c.n; i++) if (outlierBox(c.cls[i]!, c.w[i]!, c.h[i]!)) count[c.cls[i]!]!++;
  const out: BoxScales = {
    count,
    median: [new Float64Array(classes).fill(Number.NaN), new Float64Array(classes).fill(Number.NaN)],
    scale: [new Float64Array(classes).fill(Number.NaN), new Float64Array(classes).fill(Number.NaN)],
  };
  MEASURES.forEach((m, mi) => {
    const median = out.median[mi as 0 | 1];
    const scale = out.scale[mi as 0 | 1];
    const values = Array.from(count, (n) => (n >= o.outlierMinBoxes ? new Float64Array(n) : undefined));
    const at = new Int32Array(classes);
    for (let i = 0; i < c.n; i++) {
      const k = c.cls[i]!;
      if (values[k] === undefined || !outlierBox(k, c.w[i]!, c.h[i]!)) continue;
      values[k][at[k]!++] = measureOf(c.w[i]!, c.h[i]!, m);
    }
    values.forEach((v, k) => {
      if (v === undefined) return;
      const r = robustScale(v);
      median[k] = r.median;
      scale[k] = r.scale;
    });
  });
  return out;
}

/** An outlier issue with where it goes in the output: class, measure, then `key` (row order). */
export interface PlacedOutlier {
  cls: number;
  measure: number;
  key: number;
  issue: CheckIssue;
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
 * box_size_outlier and box_aspect_outlier of one batch of annotations: a box whose log area (or log
 * aspect) lies more than `outlierZ` robust standard deviations (scaled MAD, from `scales`, which cover
 * every box of the source) from its class's median, and differs from that median by at least the
 * factor `outlierMinRatio` (so a class of near-identical boxes, whose MAD is tiny, does not flag a 4%
 * difference). Classes with fewer than `outlierMinBoxes` boxes are not judged. `key(i)` orders the
 * issues within a class and measure (the caller sorts the batches' issues together).
 */
export function outlierIssues(
  input: LabelCheckInput,
  c: LabelColumns,
  o: ResolvedLabelCheckOptions,
  scales: BoxScales,
  key: (i: number) => number,
): PlacedOutlier[] {
  const out: PlacedOutlier[] = [];
  const measures = MEASURES.filter((m) =>
    wants(o.only, m === 'size' ? 'box_size_outlier' : 'box_aspect_outlier'),
  );
  if (measures.length === 0) return out;
  const minLog = Math.log(o.outlierMinRatio);
  for (let i = 0; i < c.n; i++) {
    const k = c.cls[i]!;
    if (!outlierBox(k, c.w[i]!, c.h[i]!) || !(scales.count[k]! >= o.outlierMinBoxes)) continue;
    for (const m of measures) {
      const mi = m === 'size' ? 0 : 1;
      const median = scales.median[mi as 0 | 1][k]!;
      const scale = scales.scale[mi as 0 | 1][k]!;
      if (!(scale > 0)) continue;
      const v = measureOf(c.w[i]!, c.h[i]!, m);
      const z = (v - median) / scale;
      if (Math.abs(z) > o.outlierZ && Math.abs(v - median) >= minLog)
        out.push({
          cls: k,
          measure: mi,
          key: key(i),
          issue: outlierIssue(input, c, i, m, z, o.outlierZ, median),
        });
    }
  }
  return out;
}

/** Outliers in the order of the whole-source check: by class, then measure, then key. */
export function sortOutliers(placed: PlacedOutlier[]): CheckIssue[] {
  placed.sort((a, b) => a.cls - b.cls || a.measure - b.measure || a.key - b.key);
  return placed.map((p) => p.issue);
}
