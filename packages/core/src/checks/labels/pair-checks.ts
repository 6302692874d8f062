import { type CheckIssue, type CheckSkip, wants } from '../check-types.js';
import type { LabelCheckInput, ResolvedLabelCheckOptions } from './label-check-input.js';
import { annotationName, boxIou, type LabelColumns } from './label-columns.js';

function pairIssue(input: LabelCheckInput, c: LabelColumns, i: number, j: number, iou: number): CheckIssue {
  const a = input.annotations.at(i)!;
  const b = input.annotations.at(j)!;
  const key = input.samples[c.sample[j]!]?.key ?? `sample ${b.sampleId}`;
  const same = c.cls[i] === c.cls[j];
  return {
    sampleId: b.sampleId,
    annotationId: b.id,
    type: same ? 'duplicate_label' : 'overlapping_labels',
    severity: same ? 'error' : 'warning',
    score: iou,
    reason: same
      ? `${key}: ${annotationName(b)} repeats ${annotationName(a)} (both ${b.label}, IoU ${iou.toFixed(2)}).`
      : `${key}: ${annotationName(b)} (${b.label}) and ${annotationName(a)} (${a.label}) cover the same object (IoU ${iou.toFixed(2)}).`,
    details: { annotation_ids: [a.id, b.id], classes: [a.label, b.label], iou },
  };
}

/** Pair issues of each type one annotation may carry (the first pairs found). */
export const MAX_PAIRS_PER_ANNOTATION = 4;

/** Box comparisons one sample may take; past it the sample's remaining pairs are skipped, and said so. */
export const MAX_PAIR_COMPARISONS = 20_000_000;

/** Samples with at most this many boxes find exact repeats by comparing pairs, not by string keys. */
const SMALL_SAMPLE = 24;

/** Whether two values print the same (as the string keys compare them: NaN equals NaN, 0 equals -0). */
function same(v: Float64Array, i: number, j: number): boolean {
  const a = v[i]!;
  const b = v[j]!;
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/** Index of each box in `rows` that repeats an earlier one exactly (same class and box), with that one. */
function exactRepeats(c: LabelColumns, rows: number[]): Map<number, number> {
  const repeats = new Map<number, number>();
  if (rows.length <= SMALL_SAMPLE) {
    // a few boxes: compare each with the earlier ones (the first equal one is the first occurrence)
    for (let u = 1; u < rows.length; u++) {
      const i = rows[u]!;
      for (let v = 0; v < u; v++) {
        const j = rows[v]!;
        if (
          c.cls[i] === c.cls[j] &&
          same(c.x, i, j) &&
          same(c.y, i, j) &&
          same(c.w, i, j) &&
          same(c.h, i, j)
        ) {
          repeats.set(i, j);
          break;
        }
      }
    }
    return repeats;
  }
  const first = new Map<string, number>();
  for (const i of rows) {
    const key = `${c.cls[i]}|${c.x[i]}|${c.y[i]}|${c.w[i]}|${c.h[i]}`;
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, i);
    else repeats.set(i, earlier);
  }
  return repeats;
}

/**
 * duplicate_label (same class, IoU >= duplicateIou) and overlapping_labels (different classes,
 * IoU >= overlapIou). The issue goes on the later annotation of a pair, at most
 * MAX_PAIRS_PER_ANNOTATION issues of each type per annotation (the first pairs found). Per sample, exact repeats of a box are paired with its first
 * occurrence without comparing them (130,000 identical boxes would be 8 billion pairs); the other
 * boxes, sorted by left edge, are swept so that only boxes whose x ranges overlap are compared, at
 * most MAX_PAIR_COMPARISONS per sample (a sample past it is reported in `skipped`).
 */
export function pairIssues(
  input: LabelCheckInput,
  c: LabelColumns,
  o: ResolvedLabelCheckOptions,
): { issues: CheckIssue[]; skipped: CheckSkip[] } {
  const dup = wants(o.only, 'duplicate_label');
  const over = wants(o.only, 'overlapping_labels');
  const issues: CheckIssue[] = [];
  const skipped: CheckSkip[] = [];
  if (!dup && !over) return { issues, skipped };
  const minIou = Math.min(dup ? o.duplicateIou : 1, over ? o.overlapIou : 1);
  const counts = [new Uint8Array(input.annotations.length), new Uint8Array(input.annotations.length)];
  const emit = (i: number, j: number, iou: number): void => {
    const [a, b] = [Math.min(i, j), Math.max(i, j)];
    const count = counts[c.cls[a] === c.cls[b] ? 0 : 1]!;
    if (count[b]! >= MAX_PAIRS_PER_ANNOTATION) return;
    count[b]!++;
    issues.push(pairIssue(input, c, a, b, iou));
  };
  let cut = 0;
  const rows: number[] = [];
  for (let s = 0; s < input.samples.length; s++) {
    rows.length = 0;
    for (let r = c.start[s]!; r < c.start[s + 1]!; r++) {
      const i = c.order[r]!;
      if (c.cls[i]! >= 0 && c.w[i]! > 0 && c.h[i]! > 0) rows.push(i);
    }
    if (rows.length < 2) continue;
    const repeats = exactRepeats(c, rows);
    if (dup && 1 >= o.duplicateIou) for (const [i, first] of repeats) emit(first, i, 1);
    const distinct = repeats.size > 0 ? rows.filter((i) => !repeats.has(i)) : rows;
    distinct.sort((p, q) => c.x[p]! - c.x[q]! || p - q);
    let budget = MAX_PAIR_COMPARISONS;
    for (let u = 0; u < distinct.length && budget > 0; u++) {
      const i = distinct[u]!;
      const right = c.x[i]! + c.w[i]!;
      for (let v = u + 1; v < distinct.length && c.x[distinct[v]!]! < right; v++) {
        if (--budget === 0) break;
        const j = distinct[v]!;
        const iou = boxIou(c, i, j);
        if (iou < minIou) continue;
        const same = c.cls[i] === c.cls[j];
        if (same ? dup && iou >= o.duplicateIou : over && iou >= o.overlapIou) emit(i, j, iou);
      }
    }
    if (budget === 0) cut++;
  }
  if (cut > 0)
    skipped.push({
      check: 'duplicate_label/overlapping_labels',
      count: cut,
      reason: `samples with so many overlapping boxes that only the first ${MAX_PAIR_COMPARISONS.toLocaleString('en-US')} pairs of each were compared`,
    });
  return { issues, skipped };
}
